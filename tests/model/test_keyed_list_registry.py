"""The keyed-list registry: one identity per list, the same for a file's item and the device's item."""
import pytest

from usconf.model import lists, live, nosignal, uploads
from usconf.model.snapshot import Snapshot

# A canonical item (the file's terms) and the device item the model writes for it.
CASES = [
    (lists.LIVE_SERVERS, {"name": "Main", "type": "rtmp", "url": "rtmp://x/live"}),
    (lists.UPLOAD_SERVERS, {"type": "ftp", "url": "archive.example.net", "username": "enc"}),
    (lists.UPLOAD_SERVERS, {"type": "ftp", "url": "archive.example.net", "port": 2121, "username": "enc",
                            "dir": "/rec"}),
    (lists.UPLOAD_SERVERS, {"type": "dropbox", "account_id": "acct-1"}),
]


def _device_item(lst, item):
    from usconf.model import DeviceState
    state = DeviceState(settings={lst.device: []}, users=[], edid=None, cloud=None, softap_enabled=False)
    snap = Snapshot(info={}, status={}, settings={lst.device: []}, users=[], edid=None, cloud=None)
    module = {"stream-server": live, "send-file-cloud": uploads}[lst.device]
    module.to_device({"servers": [item]}, snap, state)
    return state.settings[lst.device][0]


@pytest.mark.parametrize("lst,item", CASES, ids=lambda v: getattr(v, "text", None) or str(v))
def test_a_files_item_and_the_device_item_written_for_it_have_one_identity(lst, item):
    device_item = _device_item(lst, item)
    assert lst.device_identity(device_item) == lst.key(item)
    assert lst.device_label(device_item) == lst.label(item)


def test_an_ftp_server_without_port_or_dir_is_the_one_on_port_21_in_the_top_folder():
    bare = {"type": "ftp", "url": "h", "username": "u"}
    explicit = {"type": "ftp", "url": "h", "username": "u", "port": 21, "dir": ""}
    assert lists.UPLOAD_SERVERS.key(bare) == lists.UPLOAD_SERVERS.key(explicit)
    assert lists.UPLOAD_SERVERS.item_label(bare) == 'uploads.servers["ftp://u@h:21"]'


def test_images_are_named_by_their_file_stem_on_both_sides():
    assert lists.IMAGES.device_identity({"file-path": "/no-signal/slate.jpg"}) == "slate"
    assert lists.IMAGES.device_identity({"_file": "art/slate.jpeg"}) == "slate"
    assert set(nosignal.BUILT_IN) == set(lists.IMAGES.built_in)


def test_every_keyed_list_of_the_schema_is_in_the_registry():
    from usconf.language.load import schema
    found = []

    def walk(node, path):
        node = node if "$ref" not in node else _resolve(node["$ref"])
        for key, sub in (node.get("properties") or {}).items():
            sub = sub if "$ref" not in sub else _resolve(sub["$ref"])
            types = sub.get("type")
            if types == "array" or (isinstance(types, list) and "array" in types):
                items = sub.get("items", {})
                items = items if "$ref" not in items else _resolve(items["$ref"])
                if items.get("type") == "object" or "properties" in items or "oneOf" in items:
                    found.append(path + (key,))
            walk(sub, path + (key,))

    def _resolve(ref):
        node = schema()
        for part in ref.lstrip("#/").split("/"):
            node = node[part]
        return node
    walk(schema(), ())
    assert set(found) <= set(lists.BY_PATH), set(found) - set(lists.BY_PATH)
    assert set(lists.BY_PATH) <= set(found) | {("video", "no_signal", "images")}
