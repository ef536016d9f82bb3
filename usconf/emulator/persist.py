"""Saving a device's configuration to a file and loading it back.

Written to a temporary file beside the target and moved over it with os.replace,
so a crash leaves either the old or the new file, never half of one.
"""
import base64
import binascii
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


def _kind(value):
    return (dict if isinstance(value, dict) else list if isinstance(value, list)
            else str if isinstance(value, str) else (int, float) if isinstance(value, (int, float)) else type(value))


def _check_settings(factory, settings):
    """The settings must have every group the factory state has, each of the same kind."""
    if not isinstance(settings, dict):
        raise ValueError("'settings' is not a mapping")  # noqa: TRY004 -- one error kind for a bad file
    for key, value in factory.items():
        if key not in settings:
            raise ValueError(f"'settings' has no {key!r}")
        if not isinstance(settings[key], _kind(value)) or isinstance(settings[key], bool) != isinstance(value, bool):
            raise ValueError(f"'settings.{key}' is a {type(settings[key]).__name__}, "
                             f"expected a {type(value).__name__}")


def restore(backend, state):
    """Load a dumped state; ValueError naming the first thing wrong, and the backend untouched, if it is not one."""
    if not isinstance(state, dict):
        raise ValueError("not a saved emulator state (expected a JSON object)")  # noqa: TRY004 -- as above
    if state.get("format") != FORMAT or state.get("model") != backend.model:
        raise ValueError("state file is for another format or model")
    try:
        _check_settings(backend.settings, state["settings"])
        users = OrderedDict((str(u["id"]), {"type": int(u["type"]), "md5": str(u["md5"])}) for u in state["users"])
        images = {str(n): base64.b64decode(b, validate=True) for n, b in state["images"].items()}
        media = {int(k): v for k, v in state["media"].items()}
        serial, firmware = str(state["serial"]), str(state["firmware"])
        edid, cloud = state["edid"], state["cloud"]
        if not isinstance(cloud, list) or (edid is not None and not isinstance(edid, dict)):
            raise ValueError("'edid' or 'cloud' has the wrong shape")
        loaded = (serial, firmware, state["settings"], users, edid, cloud, state["app-md5"],
                  bool(state["first-boot"]), bool(state["softap"]), images, media)
    except KeyError as exc:
        raise ValueError(f"missing {exc}") from None
    except (TypeError, AttributeError, binascii.Error) as exc:
        raise ValueError(f"a field has the wrong type ({exc})") from None
    (backend.serial, firmware, backend.settings, backend.users, backend.edid, backend.cloud, backend.app_md5,
     backend.first_boot, backend.softap_on, backend.images, backend.media) = loaded
    backend.info["product"]["sn"] = backend.serial
    backend.info["product"]["firmware-ver-s"] = firmware


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
