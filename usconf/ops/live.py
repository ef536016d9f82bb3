"""Live streaming: start, stop, clear. Start and stop wait until get-status shows the new state."""
from usconf.errors import DeviceError
from usconf.model.lists import LIVE_SERVERS
from usconf.ops import causes
from usconf.ops.common import Refused, call, code_name, on_air, poll, safe_text
from usconf.spec import codes

CONNECTED = 22


def _live(status):
    return on_air(status)[0]


def state(client):
    """{"live": bool, "result": name, "servers": [names of enabled servers]}."""
    status = client.get_status()
    live = status.get("live-status") or {}
    servers = [safe_text(s.get("name", "")) for s in client.get_settings().get(LIVE_SERVERS.device, [])
               if s.get("is-use")]
    return {"live": _live(status), "result": code_name(live.get("result")), "run_ms": live.get("run-ms", 0),
            "servers": servers}


def start(client, wait=True, timeout=15.0, interval=0.3, check=False):
    """Start streaming to the enabled servers. Already live: changed False.

    A refusal names its cause: no server enabled, no signal, busy. With `wait`, returns
    once get-status shows the device live (connecting or connected).
    """
    status = client.get_status()
    if _live(status):
        return {"action": "live start", "changed": False, "live": True}
    if check:
        settings = client.get_settings()
        if not any(s.get("is-use") for s in settings.get(LIVE_SERVERS.device, [])):
            raise Refused("start-live", causes.NO_SERVER)
        return {"action": "live start", "changed": True, "live": False, "check": True}
    try:
        body = client.call("start-live")
    except DeviceError as exc:
        raise _refused(client, exc.code) from None
    code = body["result"]
    if code == causes.NOT_SET:          # a positive answer that still means "did not start"
        raise _refused(client, code)
    if code == codes.REPEAT:
        return {"action": "live start", "changed": False, "live": True}
    if wait:
        def done(s):
            result = (s.get("live-status") or {}).get("result")
            if isinstance(result, int) and (result < 0 or result in (causes.NOT_SET, 30)):
                raise _refused(client, result, s)
            return s if _live(s) else None
        status = poll(client.get_status, done, timeout, interval, what="streaming to start")
        result = (status.get("live-status") or {}).get("result")
        return {"action": "live start", "changed": True, "live": True, "connection": code_name(result)}
    return {"action": "live start", "changed": True, "live": None}


def stop(client, wait=True, timeout=15.0, interval=0.3, check=False):
    """Stop streaming. Not live: changed False. Auto-live locks it (errLockLiving)."""
    if not _live(client.get_status()):
        return {"action": "live stop", "changed": False, "live": False}
    if check:
        return {"action": "live stop", "changed": True, "live": True, "check": True}
    try:
        body = client.call("stop-live")
    except DeviceError as exc:
        cause = ("live streaming is locked by auto-live (set live.auto: false first)"
                 if exc.code == codes.LOCK_LIVING else exc.description.rstrip(".").lower())
        raise Refused("stop-live", cause, exc.code) from None
    if wait:
        poll(client.get_status, lambda s: not _live(s), timeout, interval, what="streaming to stop")
    return {"action": "live stop", "changed": body["result"] != codes.REPEAT, "live": False if wait else None}


def clear(client, check=False):
    """Reset the live result to its initial state (after a failed stream)."""
    if check:
        return {"action": "live clear", "changed": True, "check": True}
    if _live(client.get_status()):
        raise Refused("clear-live", "streaming is running (stop it first)", codes.BUSY)
    call(client, "clear-live")
    return {"action": "live clear", "changed": True}


def _refused(client, code, status=None):
    status = status if status is not None else client.get_status()
    return Refused("start-live", causes.live_cause(code, status, client.get_settings()), code)
