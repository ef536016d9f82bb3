"""Saving a device's configuration to a file and loading it back.

Written to a temporary file beside the target and moved over it with os.replace,
so a crash leaves either the old or the new file, never half of one.
"""
import base64
import json
import os
import tempfile
from collections import OrderedDict

FORMAT = 1


def dump(backend):
    return {
        "format": FORMAT,
        "model": backend.model,
        "serial": backend.serial,
        "firmware": backend.info["product"]["firmware-ver-s"],
        "settings": backend.settings,
        "users": [{"id": n, "type": u["type"], "md5": u["md5"]} for n, u in backend.users.items()],
        "edid": backend.edid,
        "cloud": backend.cloud,
        "app-md5": backend.app_md5,
        "first-boot": backend.first_boot,
        "softap": backend.softap_on,
        "images": {n: base64.b64encode(b).decode() for n, b in backend.images.items()},
        "media": {str(k): v for k, v in backend.media.items()},
    }


def restore(backend, state):
    if state.get("format") != FORMAT or state.get("model") != backend.model:
        raise ValueError("state file is for another format or model")
    backend.serial = state["serial"]
    backend.info["product"]["sn"] = state["serial"]
    backend.info["product"]["firmware-ver-s"] = state["firmware"]
    backend.settings = state["settings"]
    backend.users = OrderedDict((u["id"], {"type": u["type"], "md5": u["md5"]}) for u in state["users"])
    backend.edid = state["edid"]
    backend.cloud = state["cloud"]
    backend.app_md5 = state["app-md5"]
    backend.first_boot = state["first-boot"]
    backend.softap_on = state["softap"]
    backend.images = {n: base64.b64decode(b) for n, b in state["images"].items()}
    backend.media = {int(k): v for k, v in state["media"].items()}


def save(backend, path):
    directory = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".usconf-state-", dir=directory)
    try:
        with os.fdopen(fd, "w") as out:
            json.dump(dump(backend), out)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def load(backend, path):
    """Restore from `path` if it exists; returns whether it did."""
    if not os.path.exists(path):
        return False
    with open(path) as src:
        restore(backend, json.load(src))
    return True


def path_for(base, index):
    """Device 0 uses the file itself; device i of a --count run uses NAME-i.EXT beside it."""
    if index == 0:
        return base
    root, ext = os.path.splitext(base)
    return f"{root}-{index}{ext}"
