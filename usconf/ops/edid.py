"""EDID of the HDMI input and of the loop-through output: export to a file, import from one.

Files go where the user says (`output`), never to a name the device suggests.
"""
import base64
import os

from usconf import rules
from usconf.errors import DeviceError, UsconfError
from usconf.ops.common import Refused, call

MAX_EDID = 128 * 256          # the most blocks an EDID can announce


def _write(output, data):
    try:
        fd = os.open(output, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
    except OSError as exc:
        raise UsconfError(f"cannot write {output}: {exc.strerror}") from None


def _checked(method, data):
    if not isinstance(data, bytes) or not data or len(data) > MAX_EDID:
        raise Refused(method, "the device sent no EDID or one of an impossible size")
    return data


def export(client, output, loop_through=False):
    """Save the input's EDID (or the loop-through monitor's) to `output`."""
    method = "export-loop-through-edid" if loop_through else "export-edid"
    data = _checked(method, call(client, method, {"file-name": "edid.bin"}).get("data"))
    _write(output, data)
    return {"action": "edid export", "source": "loop-through" if loop_through else "input",
            "path": str(output), "bytes": len(data)}


def loop_through_edid(client):
    """The EDID of the monitor on the loop-through port, as bytes (get-loop-through-edid)."""
    body = call(client, "get-loop-through-edid")
    try:
        data = base64.b64decode(body.get("data") or "", validate=True)
    except (ValueError, TypeError):
        raise Refused("get-loop-through-edid", "the device sent an EDID that is not base64") from None
    return _checked("get-loop-through-edid", data)


def import_file(client, path=None, loop_through=False, check=False):
    """Load an EDID into the input: a file, or (loop_through) the loop-through monitor's own."""
    if loop_through:
        data, source = loop_through_edid(client), "loop-through"
    else:
        try:
            with open(path, "rb") as fh:
                data = fh.read(MAX_EDID + 1)
        except OSError as exc:
            raise UsconfError(f"cannot read {path}: {exc.strerror}") from None
        source = str(path)
    problems = rules.check_edid(data)
    if problems:
        raise Refused("import-edid", f"{source}: {problems[0].message}", problems[0].code)
    current = base64.b64decode(client.get_edid_config().get("data") or "")
    if current == data:
        return {"action": "edid import", "changed": False, "source": source}
    if check:
        return {"action": "edid import", "changed": True, "source": source, "check": True}
    try:
        client.import_edid(data=data)
    except DeviceError as exc:
        raise Refused("import-edid", exc.description.rstrip(".").lower(), exc.code) from None
    return {"action": "edid import", "changed": True, "source": source, "bytes": len(data)}

