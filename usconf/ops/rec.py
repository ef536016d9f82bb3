"""Recording: start, stop, clear. Start and stop wait until get-status shows the new state."""
from usconf.errors import DeviceError
from usconf.ops import causes
from usconf.ops.common import Refused, call, on_air, poll
from usconf.spec import codes


def _recording(status):
    return on_air(status)[1]


def state(client):
    """{"recording": bool, "run_ms": int, "result": code} from get-status."""
    status = client.get_status()
    rec = status.get("rec-status") or {}
    return {"recording": _recording(status), "run_ms": rec.get("run-ms", 0), "result": rec.get("result")}


def start(client, wait=True, timeout=15.0, interval=0.3, check=False):
    """Start recording. Already recording: changed False. A refusal names its cause (no disk, no signal)."""
    status = client.get_status()
    if _recording(status):
        return {"action": "rec start", "changed": False, "recording": True}
    if check:
        return {"action": "rec start", "changed": True, "recording": False, "check": True}
    try:
        body = client.call("start-rec")
    except DeviceError as exc:
        raise _refused(client, "start-rec", exc.code) from None
    if body["result"] == codes.REPEAT:
        return {"action": "rec start", "changed": False, "recording": True}
    if wait:
        def done(s):
            result = (s.get("rec-status") or {}).get("result")
            if isinstance(result, int) and result < 0:
                raise _refused(client, "start-rec", result, s)
            return s if _recording(s) else None
        poll(client.get_status, done, timeout, interval, what="recording to start")
    return {"action": "rec start", "changed": True, "recording": True if wait else None}


def stop(client, wait=True, timeout=15.0, interval=0.3, check=False):
    """Stop recording. Not recording: changed False."""
    if not _recording(client.get_status()):
        return {"action": "rec stop", "changed": False, "recording": False}
    if check:
        return {"action": "rec stop", "changed": True, "recording": True, "check": True}
    body = call(client, "stop-rec")
    if wait:
        poll(client.get_status, lambda s: not _recording(s), timeout, interval, what="recording to stop")
    return {"action": "rec stop", "changed": body["result"] != codes.REPEAT, "recording": False if wait else None}


def clear(client, check=False):
    """Reset the recording result to its initial state (after a failed recording)."""
    if check:
        return {"action": "rec clear", "changed": True, "check": True}
    if _recording(client.get_status()):
        raise Refused("clear-rec", "recording is running (stop it first)", codes.BUSY)
    call(client, "clear-rec")
    return {"action": "rec clear", "changed": True}


def _refused(client, method, code, status=None):
    status = status if status is not None else client.get_status()
    return Refused(method, causes.rec_cause(code, status, client.get_settings()), code)
