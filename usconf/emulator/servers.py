"""Live streaming servers (add/set/del/enable-server) and the stream test."""
from usconf import rules
from usconf.emulator import items
from usconf.emulator.api import Refused, api, refuse_if, trial_methods
from usconf.emulator.background import Job
from usconf.spec import codes

RTMP_FIELDS = ("url", "key", "user", "passwd", "token", "event-data")
RTSP_DEFAULTS = {"port": 554, "is-main": 1, "main-stream-name": "main", "is-sub": 0,
                 "sub-stream-name": "sub", "is-audio": 1}


def _server_from(call, current=None):
    """A stream-server item from request parameters; absent optional ones keep `current`'s values."""
    current = current or {}
    kind = call.int("type", current.get("type", rules.RTMP))
    if kind not in rules.SERVER_TYPES:
        raise Refused(codes.PARAM)
    item = {"id": current.get("id", 0), "type": kind, "name": call.str("name", current.get("name"))}
    if item["name"] is None:
        raise Refused(codes.PARAM)
    for key in RTMP_FIELDS:
        item[key] = call.str(key, current.get(key, ""))
    item["is-auth"] = call.int("is-auth", current.get("is-auth", 0))
    item["is-use"] = current.get("is-use", 0)
    item["net-mode"] = call.int("net-mode", current.get("net-mode", 1))
    if kind == rules.RTSP:
        for key, default in RTSP_DEFAULTS.items():
            if key.endswith("-name"):
                item[key] = call.str(key, current.get(key, default))
            else:
                item[key] = call.int(key, current.get(key, default))
    refuse_if(rules.check_server_fields(item))
    return item


items.methods("stream-server", _server_from, rules.MAX_LIVE_SERVERS,
              add="add-server", set_="set-server", delete="del-server", enable_="enable-server")


@api("start-test-server")
def start_test_server(backend, call):
    if "stream-test" in backend.jobs:
        return {"result": codes.REPEAT}
    item = _server_from(call, {"name": "test"})
    if item["type"] == rules.RTSP:
        raise Refused(codes.PARAM)
    if backend.busy_with("update"):
        raise Refused(codes.BUSY)
    # Simulated: the emulator never opens a connection to the server under test.
    backend.jobs["stream-test"] = Job(backend.clock(), backend.timings["stream-test"], server=item["name"])


trial_methods("stream-test", stop="stop-test-server", clear="clear-test-server")
