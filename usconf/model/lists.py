"""The keyed lists of the language, each with its identity defined once.

A keyed list's items are matched by identity, never by position: a live server
renamed is one removed and one added, never "item 3 changed". Every stage that
matches items asks this registry: validation (an identity given twice), the
model (which device item a desired one is), the diff (change lines), the
planner (which call acts on which item), apply (did an add whose answer was
lost land?), verify and the Ansible states.

A list meets its items in two shapes, so its identity is written for both,
side by side, and the tests hold the two to agree:
- `key(item)`: a canonical item (the language's terms) -> a hashable identity;
- `device_identity(item)`: a device item (get-settings' terms) -> the same identity;
- `device_key(item)`: a device item -> the fields the planner looks its `id` up
  by, as a dict (saved plans carry it; values compare as the text the API sends).
"""
from functools import lru_cache

from usconf import files
from usconf.model.units import UPLOAD_TYPE
from usconf.secrets import reveal

# What the device assumes for an FTP upload server that leaves these out.
FTP_DEFAULT_PORT = 21
FTP_DEFAULT_DIR = ""


def _as_is(identity):
    return identity


class KeyedList:
    """One keyed list; the registry below holds them all, never changed after."""

    # Not a dataclass: that module (and inspect, which it loads) is a large part of start-up.
    __slots__ = ("path", "key_name", "key", "device", "device_identity", "device_key", "built_in", "key_field",
                 "first_added_enabled", "show")

    def __init__(self, path, key_name, key, device=None, device_identity=None, device_key=None,
                 built_in=frozenset(), key_field=None, first_added_enabled=False, show=_as_is):
        self.path = path                        # where the list sits in the language: ("live", "servers")
        self.key_name = key_name                # what a user calls the identity, for messages
        self.key = key                          # canonical item -> hashable identity
        self.device = device                    # the get-settings key holding the device's items, if any
        self.device_identity = device_identity  # device item -> the identity `key` gives
        self.device_key = device_key            # device item -> {device field: value}, to find its id
        self.built_in = built_in                # labels of items the device never lets go
        self.key_field = key_field              # the one field that is the identity, where there is one
        self.first_added_enabled = first_added_enabled  # the device enables the item added to an empty list itself
        self.show = show                        # identity -> its label (str, or a slot's int)

    @property
    def text(self):
        return ".".join(self.path)

    def label(self, item):
        """How change lines name a canonical item inside the list: "Main", 0, "ftp://enc@host:21/dir"."""
        return self.show(self.key(item))

    def device_label(self, item):
        """The same label for a device item."""
        return self.show(self.device_identity(item))

    def item_label(self, item):
        """`live.servers["Main"]`, `cloud[0]`: a canonical item as messages name it."""
        return f"{self.text}[{quoted(self.label(item))}]"

    def frozen_device_key(self, item):
        """A device item's lookup key as a hashable value, compared as the text the API sends."""
        return _frozen(self.device_key(item))


def _frozen(key):
    return tuple(sorted((k, str(reveal(v))) for k, v in key.items()))


def find_id(target, settings):
    """The device id of the item a call's `target` ({"list", "key"}) names in get-settings; None if absent."""
    lst = BY_DEVICE[target["list"]]
    want = _frozen(target["key"])
    for item in settings.get(lst.device, []):
        if lst.frozen_device_key(item) == want:
            return item.get("id")
    return None


def quoted(label):
    """A list item's label as change lines write it: "Main" in quotes, a slot number bare."""
    return f'"{label}"' if isinstance(label, str) else repr(label)


def _by(name):
    return lambda item: item.get(name)


# --- live servers, users, cloud slots: one field each ---------------------------------------------

def _server_identity(item):
    return item.get("name")


# --- upload servers: FTP by where it writes, drives by account -------------------------------------

def upload_key(server):
    """An FTP server that leaves out port or dir means the device's defaults, so a file naming a
    server without them finds the one the device holds."""
    if server.get("type", "ftp") == "ftp":
        return ("ftp", server.get("url"), server.get("port", FTP_DEFAULT_PORT), server.get("username"),
                server.get("dir", FTP_DEFAULT_DIR))
    return (server.get("type"), server.get("account_id"))


def _upload_identity(item):
    kind = UPLOAD_TYPE.name(int(item.get("type", 0)))
    if kind == "ftp":
        port = item.get("port")
        return ("ftp", item.get("url"), FTP_DEFAULT_PORT if port in (None, "") else int(port),
                item.get("user-name"), item.get("dir-name") or FTP_DEFAULT_DIR)
    return (kind, item.get("account-id"))


def _upload_text(identity):
    kind, *rest = identity
    if kind == "ftp":
        url, port, username, folder = rest
        return f"ftp://{username or ''}@{url}:{port}{folder or ''}"
    return f"{kind}:{rest[0]}"


def _upload_device_key(item):
    if str(item.get("type")) == "0":
        return {"type": item.get("type"), "url": item.get("url"), "port": item.get("port"),
                "user-name": item.get("user-name"), "dir-name": item.get("dir-name")}
    return {"type": item.get("type"), "account-id": item.get("account-id")}


# --- no-signal images: by name, the file name without its extension --------------------------------

def image_name(path):
    if type(path) is str:
        return _stem(path)
    return files.stem(str(path))


@lru_cache(maxsize=256)
def _stem(path):
    # a few names per device, read after every simulated call; files.stem, not pathlib (loading it
    # costs every start ~1 ms), gives PurePosixPath's stem
    return files.stem(path)


def _image_identity(item):
    return image_name(item.get("file-path") or item.get("_file") or "")


LIVE_SERVERS = KeyedList(
    ("live", "servers"), "name", _by("name"), device="stream-server",
    device_identity=_server_identity, device_key=lambda item: {"name": item.get("name")}, key_field="name")
UPLOAD_SERVERS = KeyedList(
    ("uploads", "servers"), "type plus url/port/username/dir or account_id", upload_key,
    device="send-file-cloud", device_identity=_upload_identity, device_key=_upload_device_key, show=_upload_text,
    first_added_enabled=True)
USERS = KeyedList(("users",), "name", _by("name"), built_in=frozenset({"Admin"}), key_field="name")
CLOUD = KeyedList(("cloud",), "slot", _by("slot"), key_field="slot")
IMAGES = KeyedList(
    ("video", "no_signal", "images"), "name", _by("name"), device="nosignal-files",
    device_identity=_image_identity, device_key=lambda item: {"name": _image_identity(item)},
    built_in=frozenset({"default0", "default1"}), key_field="name")

ALL = (LIVE_SERVERS, UPLOAD_SERVERS, USERS, CLOUD, IMAGES)
BY_PATH = {lst.path: lst for lst in ALL}
BY_DEVICE = {lst.device: lst for lst in ALL if lst.device}
