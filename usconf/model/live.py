"""live.low_latency, live.locked and live.servers[] (keyed by name).

Stream keys, authentication passwords and tokens are readable from
get-settings, so they are compared like any value, always as Secret.
"""

from usconf.copies import plain_copy
from usconf.model import fields as F
from usconf.model import units
from usconf.model.descriptor import scalar
from usconf.model.fields import Field, secret
from usconf.model.lists import LIVE_SERVERS
from usconf.secrets import reveal

TOP = [
    F.boolean("low_latency", "is-low-latency"),
    F.boolean("locked", "is-auto-live"),
]
LOW_LATENCY = scalar("live.low_latency", TOP[0], "set-low-latency-live")
LOCKED = scalar("live.locked", TOP[1], "set-auto-live")

RTSP_PORT = 554
# What add-server leaves in a field the file does not set.
NEW_SERVER = {"id": None, "type": 0, "name": "", "url": "", "key": "", "is-auth": 0, "user": "", "passwd": "",
              "is-use": 0, "token": "", "event-data": "", "net-mode": 1}
NEW_RTSP = {"port": RTSP_PORT, "is-main": 1, "main-stream-name": "main", "is-sub": 0, "sub-stream-name": "sub",
            "is-audio": 1}


def _stream_name(flag, name_key):
    def get(group):
        return group.get(name_key) if group.get(flag) else None

    def put(group, value):
        if value is None:
            group[flag] = 0          # the name stays on the device for when it is turned back on
        else:
            group[flag], group[name_key] = 1, value

    return Field(flag.split("-")[1], yaml=str, get=get, put=put, nullable=True)


def _auth_yaml(value):
    if value is None:
        return None          # authentication off (is-auth 0)
    return {"username": str(value.get("username", "")), "password": secret(value.get("password", ""))}


def _auth_get(group):
    if not group.get("is-auth"):
        return None
    return {"username": group.get("user", ""), "password": secret(group.get("passwd", ""))}


def _auth_put(group, value):
    if value is None:
        group["is-auth"] = 0
    else:
        group["is-auth"], group["user"], group["passwd"] = 1, value["username"], value["password"]


NAME = F.text("name", "name")
TYPE = F.enum("type", "type", units.SERVER_TYPE)
STREAMING = [
    F.text("url", "url"),
    F.sensitive("key", "key"),
]
COMMON = [
    F.boolean("enabled", "is-use"),
    F.enum("network", "net-mode", units.NET_MODE),
]
PUSH = [
    # `auth: null` is authentication off (is-auth 0), on both sides; a file that leaves auth
    # out keeps the device's authentication.
    Field("auth", yaml=_auth_yaml, get=_auth_get, put=_auth_put, nullable=True),
    F.sensitive("token", "token"),
    F.text("event_data", "event-data"),
]
RTSP = [
    F.integer("port", "port"),
    _stream_name("is-main", "main-stream-name"),
    _stream_name("is-sub", "sub-stream-name"),
    F.boolean("audio", "is-audio"),
]
SERVER = [NAME, TYPE] + STREAMING + COMMON + PUSH + RTSP
# Left out of the canonical actual when empty: an empty key or token is "none".
_EMPTY_IS_ABSENT = ("url", "key", "token", "event_data")


def from_yaml(doc):
    out = F.from_yaml(TOP, doc)
    if "servers" in doc:
        out["servers"] = [F.from_yaml(SERVER, server) for server in doc["servers"] or []]
    return out


def table(kind):
    """The fields a server of this type has: RTSP serves streams, the others push to an address."""
    return [NAME, TYPE] + (COMMON + RTSP if kind == "rtsp" else STREAMING + COMMON + PUSH)


def server_from_device(item):
    out = F.from_device(table(units.SERVER_TYPE.name(item.get("type"))), item)
    for key in _EMPTY_IS_ABSENT:
        if key in out and not reveal(out[key]):
            del out[key]
    return out


def from_device(snapshot):
    s = snapshot.settings
    out = F.from_device(TOP, s)
    if isinstance(s.get(LIVE_SERVERS.device), list):
        out["servers"] = [server_from_device(item) for item in s[LIVE_SERVERS.device]]
    return out


def new_server(kind):
    item = plain_copy(NEW_SERVER)
    if kind == "rtsp":
        item.update(plain_copy(NEW_RTSP))
    return item


def to_device(desired, snapshot, state):
    s = state.settings
    F.to_device(TOP, desired, s)
    if "servers" not in desired:
        return
    wanted = {server["name"]: server for server in desired["servers"]}
    # The device's order (by id) for what stays; new servers after it in the file's order.
    result = [item for item in s.get(LIVE_SERVERS.device, []) if item.get("name") in wanted]
    known = {item.get("name") for item in result}
    result += [dict(new_server(server.get("type")), name=name)
               for name, server in wanted.items() if name not in known]
    for item in result:
        F.to_device(SERVER, wanted[item["name"]], item)
    s[LIVE_SERVERS.device] = result
