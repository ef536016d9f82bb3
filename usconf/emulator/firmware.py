"""Firmware: .mwf upload, update with progress and reboot, online check (simulated, offline).

The emulator's .mwf format is a stand-in for the real, undocumented one: an
ASCII first line `MWF <MODEL> <VERSION>` (MODEL is HDMI or SDI, VERSION like
1.2.123), then any bytes. A file for the other model is refused with -34.
"""
import re

from usconf.emulator.api import Refused, api
from usconf.emulator.background import Job, on_finish
from usconf.spec import codes

_HEADER = re.compile(rb"^MWF (HDMI|SDI) (\d+\.\d+\.\d+)\r?\n")


def make_mwf(model, version, size=1024):
    """A firmware file the emulator accepts (for tests, demos and benchmarks)."""
    head = f"MWF {model.upper()} {version}\n".encode()
    return head + b"\0" * max(0, size - len(head))


def _version(text):
    return tuple(int(x) for x in text.split("."))


def _current(backend):
    return backend.info["product"]["firmware-ver-s"]


@api("upload-update-file")
def upload_update_file(backend, call):
    _, data = call.upload()
    match = _HEADER.match(data[:64])
    if not match:
        raise Refused(codes.FILE)
    model, version = match.group(1).decode().lower(), match.group(2).decode()
    if model != backend.model:
        raise Refused(codes.MWF_UNSUPPORTED)
    if backend.busy_with("update"):
        raise Refused(codes.BUSY)
    backend.firmware = {"version": version, "size": len(data)}
    up_to_date = _version(_current(backend)) >= _version(version)
    return {"result": 0, "status": 0, "up-to-date": up_to_date, "version": version, "size": len(data)}


@api("update")
def update(backend, call):
    mode = call.str("mode")
    if mode not in ("upload", "online"):
        raise Refused(codes.PARAM)
    if "update" in backend.jobs:
        return {"result": codes.REPEAT}
    if backend.busy_with("format", "check") or backend.rec["since"] is not None:
        raise Refused(codes.BUSY)
    if mode == "upload":
        if not backend.firmware:
            raise Refused(codes.NOT_FOUND)
        version = backend.firmware["version"]
        duration = backend.timings["update"]
    else:
        if not backend.available or _version(backend.available["ver"]) <= _version(_current(backend)):
            raise Refused(codes.NOT_FOUND)
        version = backend.available["ver"]
        duration = backend.timings["update"] * 2       # download, then install
    backend.update_mode = mode
    backend.results["update"] = 2
    backend.jobs["update"] = Job(backend.clock(), duration, version=version)


@on_finish("update")
def _installed(backend, job):
    backend.info["product"]["firmware-ver-s"] = job.info["version"]
    backend.firmware = None
    backend.available = None
    backend.reboot()


@api("cancel-download")
def cancel_download(backend, call):
    job = backend.jobs.get("update")
    if not job or backend.update_mode != "online" or job.percent(backend.clock()) >= 50:
        raise Refused(codes.NOT_FOUND)          # only an online update that is still downloading
    del backend.jobs["update"]
    backend.results["update"] = codes.CANCEL


@api("online-update-check")
def online_update_check(backend, call):
    if "check" in backend.jobs:
        return {"result": codes.REPEAT}
    if backend.busy_with("update"):
        raise Refused(codes.BUSY)
    backend.jobs["check"] = Job(backend.clock(), backend.timings["check-update"])


@on_finish("check")
def _checked(backend, job):
    # Simulated release server: there is always one patch release newer than what runs.
    major, minor, patch = _version(_current(backend))
    ver = f"{major}.{minor}.{patch + 1}"
    backend.available = {"ver": ver, "date": "2020-01-01 00:00:00", "size-byte": 12004784,
                         "info": [{"version": ver, "changelog": "Emulated release."}]}


@api("clear-upgrade")
def clear_upgrade(backend, call):
    if "update" in backend.jobs:
        raise Refused(codes.BUSY)
    backend.results["update"] = codes.INIT
    backend.update_mode = "none"


@api("clear-check-update")
def clear_check_update(backend, call):
    if "check" in backend.jobs:
        raise Refused(codes.BUSY)
    backend.results["check"] = codes.INIT
