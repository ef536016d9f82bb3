"""uploads.auto and uploads.servers[]: where recorded files are sent.

An upload server is known by what it points at (its identity is in
model/lists.py). Passwords and tokens are readable from get-settings and
compared as Secret.
"""

from usconf.copies import plain_copy
from usconf.model import fields as F
from usconf.model import units
from usconf.model.descriptor import scalar
from usconf.model.lists import FTP_DEFAULT_DIR, FTP_DEFAULT_PORT, UPLOAD_SERVERS

AUTO = F.boolean("auto", "is-auto-send-file")
AUTO_SEND = scalar("uploads.auto", AUTO, "send-file-set-is-auto", param="is-auto")

TYPE = F.enum("type", "type", units.UPLOAD_TYPE)
COMMON = [F.boolean("enabled", "is-use"), F.enum("network", "net-mode", units.NET_MODE)]
FTP = [
    F.enum("protocol", "proto", units.FTP_PROTOCOL),
    F.text("url", "url"),
    F.integer("port", "port"),
    F.text("dir", "dir-name"),
    F.enum("encryption", "encryption", units.ENCRYPTION),
    F.enum("login", "login-type", units.LOGIN),
    F.text("username", "user-name"),
    F.sensitive("password", "passwd"),
    F.enum("mode", "mode", units.TRANSFER_MODE),
]
DRIVE = [
    F.text("account_id", "account-id"),
    F.text("user_name", "user-name"),
    F.sensitive("access_token", "access-token"),
    F.sensitive("refresh_token", "refresh-token"),
    F.text("dir", "dir-name"),
]
EXTRA = {"google_drive": [F.text("parents", "parents")], "youtube": [F.text("privacy", "privacy")]}

NEW_SERVER = {"id": None, "is-use": 0, "type": 0, "net-mode": 1}
NEW_FTP = {"proto": 0, "url": "", "port": FTP_DEFAULT_PORT, "dir-name": FTP_DEFAULT_DIR, "encryption": 0, "login-type": 0, "user-name": "",
           "passwd": "", "mode": 1}
NEW_DRIVE = {"account-id": "", "photo-path": "", "user-name": "", "access-token": "", "refresh-token": "",
             "dir-name": ""}
_SECRETS = ("password", "access_token", "refresh_token")


def table(kind):
    body = FTP if kind == "ftp" else DRIVE + EXTRA.get(kind, [])
    return [TYPE] + body + COMMON


def from_yaml(doc):
    out = F.from_yaml([AUTO], doc)
    if "servers" in doc:
        out["servers"] = []
        for server in doc["servers"] or []:
            kind = units.UPLOAD_TYPE.canonical(server["type"])
            out["servers"].append(F.from_yaml(table(kind), server))
    return out


def server_from_device(item):
    kind = units.UPLOAD_TYPE.name(item.get("type"))
    out = F.from_device(table(kind), item)
    for key in _SECRETS:
        if key in out and not out[key].reveal():
            del out[key]       # an empty password or token is "none", not a secret to set
    return out


def from_device(snapshot):
    s = snapshot.settings
    out = F.from_device([AUTO], s)
    if isinstance(s.get(UPLOAD_SERVERS.device), list):
        out["servers"] = [server_from_device(item) for item in s[UPLOAD_SERVERS.device]]
    return out


def new_server(kind):
    item = plain_copy(NEW_SERVER)
    item["type"] = units.UPLOAD_TYPE.code(kind)
    item.update(plain_copy(NEW_FTP if kind == "ftp" else NEW_DRIVE))
    if kind == "google_drive":
        item["parents"] = ""
    if kind == "youtube":
        item["privacy"] = ""
    return item


def to_device(desired, snapshot, state):
    s = state.settings
    F.to_device([AUTO], desired, s)
    if "servers" not in desired:
        return
    have = list(s.get(UPLOAD_SERVERS.device, []))
    pairs = []
    for server in desired["servers"]:
        found = next((item for item in have
                      if UPLOAD_SERVERS.device_identity(item) == UPLOAD_SERVERS.key(server)), None)
        if found is not None:
            have.remove(found)
        pairs.append((server, found))
    # The device's order (by id) for what stays; new servers after it in the file's order.
    kept = [(server, item) for server, item in pairs if item is not None]
    kept.sort(key=lambda pair: s[UPLOAD_SERVERS.device].index(pair[1]))
    result = []
    for server, item in kept + [(server, new_server(server["type"])) for server, item in pairs if item is None]:
        F.to_device(table(server["type"]), server, item)
        result.append(item)
    s[UPLOAD_SERVERS.device] = result
