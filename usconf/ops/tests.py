"""Stream and upload server tests, by the server's name: the device's own test, polled to its result.

The test runs on the device: it connects to the server (the emulator only
simulates the outcome). Parameters are the server's own, as get-settings holds
them, so the key tested is the key the device would stream with.
"""
from usconf import rules
from usconf.model.lists import LIVE_SERVERS, UPLOAD_SERVERS
from usconf.ops.common import OpTimeout, Refused, call, code_name, poll
from usconf.secrets import Secret
from usconf.spec import codes

_LIVE_PARAMS = ("type", "url", "key", "user", "passwd", "token", "event-data", "is-auth", "net-mode", "name")
_UPLOAD_PARAMS = ("type", "net-mode", "proto", "url", "port", "dir-name", "encryption", "login-type",
                  "user-name", "passwd", "mode")
_SECRET = frozenset(("key", "passwd", "token"))


def live_server(settings, name):
    for item in settings.get(LIVE_SERVERS.device) or []:
        if item.get("name") == name:
            return item
    names = ", ".join(str(s.get("name")) for s in settings.get(LIVE_SERVERS.device) or []) or "none"
    raise Refused("start-test-server", f"no live server named {name!r} (servers: {names})", codes.NOT_FOUND)


def upload_server(settings, name):
    """An upload server by its URL (host), `url:port`, or a drive's account."""
    items = settings.get(UPLOAD_SERVERS.device) or []
    for item in items:
        names = {item.get("url"), f"{item.get('url')}:{item.get('port')}", item.get("account-id"),
                 item.get("user-name") if item.get("type") != 0 else None}
        if name in names:
            return item
    known = ", ".join(str(i.get("url") or i.get("account-id")) for i in items) or "none"
    raise Refused("send-file-start-test-server", f"no upload server {name!r} (servers: {known})", codes.NOT_FOUND)


def _params(item, names):
    out = {}
    for key in names:
        if key in item and item[key] is not None:
            out[key] = Secret(item[key]) if key in _SECRET else item[key]
    return out


def test_live(client, name, wait=True, timeout=60.0, interval=1.0, progress=None):
    """Test live server `name`: can the device reach it and push a stream? Returns the measured upload rate."""
    item = live_server(client.get_settings(), name)
    if item.get("type") == rules.RTSP:
        raise Refused("start-test-server", "the device cannot test an RTSP server (it serves the stream itself)")
    call(client, "start-test-server", _params(item, _LIVE_PARAMS))
    out = {"action": "test live", "server": name}
    if not wait:
        return {**out, "result": "running"}
    job = _wait(client, "living-test", "stop-test-server", f"the test of {name}", timeout, interval, progress)
    call(client, "clear-test-server")
    return _verdict(out, job, "start-test-server", bps=job.get("upload-bps", 0))


def test_upload(client, name, wait=True, timeout=60.0, interval=1.0, progress=None):
    """Test upload server `name` (FTP/SFTP): can the device log in and write?"""
    item = upload_server(client.get_settings(), name)
    if item.get("type") != 0:
        raise Refused("send-file-start-test-server", "the device tests FTP/SFTP upload servers only")
    params = _params(item, _UPLOAD_PARAMS)
    params["id"] = item.get("id", 0)
    call(client, "send-file-start-test-server", params)
    out = {"action": "test upload", "server": name}
    if not wait:
        return {**out, "result": "running"}
    job = _wait(client, "send-file-test", "send-file-stop-test-server", f"the test of {name}", timeout,
                interval, progress)
    call(client, "clear-test-send-file")
    return _verdict(out, job, "send-file-start-test-server")


def stop(client):
    """Cancel both kinds of server test (each stop is harmless when its test is not running)."""
    call(client, "stop-test-server")
    call(client, "send-file-stop-test-server")
    return {"action": "test stop", "changed": True}


def _wait(client, key, stop, what, timeout, interval, progress):
    def done(s):
        job = s.get(key) or {}
        return None if job.get("result") in (codes.RUNNING, codes.INIT) else dict(job)
    try:
        return poll(client.get_status, done, timeout, interval, progress, what,
                    describe=lambda s: (what, (s.get(key) or {}).get("percent", 0), 100))
    except OpTimeout:
        call(client, stop)
        raise


def _verdict(out, job, method, **extra):
    result = job.get("result")
    if result != codes.SUCCEED:
        raise Refused(method, f"the test of {out['server']} failed", result)
    return {**out, "result": code_name(result), "passed": True, **extra}
