"""EDID of the HDMI input (the SDI model has none: every EDID method answers errDevice -4)."""
import base64

from usconf import rules
from usconf.emulator import factory
from usconf.emulator.api import Refused, api
from usconf.spec import codes

ERR_DEVICE = -4


def _edid(backend):
    if backend.edid is None:
        raise Refused(ERR_DEVICE)
    return backend.edid


@api("get-edid-config", read=True)
def get_edid_config(backend, call):
    return {"result": 0, **_edid(backend)}


@api("set-edid-config")
def set_edid_config(backend, call):
    edid = _edid(backend)
    values = {k: call.flag(k) for k in ("smart-edid", "keep-last", "add-audio", "limit-pixel-clock")}
    edid.update(values)


@api("import-edid")
def import_edid(backend, call):
    edid = _edid(backend)
    _, data = call.upload()
    if rules.check_edid(data):
        raise Refused(codes.FILE)
    edid["data"] = base64.b64encode(data).decode()


@api("set-default-edid")
def set_default_edid(backend, call):
    edid = _edid(backend)
    edid["data"] = factory.DEFAULT_EDID_B64
    return {"result": 0, "data": edid["data"]}


@api("export-edid", read=True)
def export_edid(backend, call):
    data = base64.b64decode(_edid(backend)["data"])
    return {"result": 0, "_raw": (data, "application/octet-stream", call.file_name("edid.bin"))}


@api("get-loop-through-edid", read=True)
def get_loop_through_edid(backend, call):
    _edid(backend)
    # No monitor is attached to the emulated loop-through port; it reports the default EDID.
    return {"result": 0, "data": factory.DEFAULT_EDID_B64}


@api("export-loop-through-edid", read=True)
def export_loop_through_edid(backend, call):
    _edid(backend)
    data = base64.b64decode(factory.DEFAULT_EDID_B64)
    return {"result": 0, "_raw": (data, "application/octet-stream",
                                  call.file_name("loop-through-edid.bin"))}
