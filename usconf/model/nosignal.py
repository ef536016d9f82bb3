"""video.no_signal: whether to show an image without input, which one, and the user images.

The device names an image after its file name without extension; the built-in
images (default0, default1, is-edit 0) are never deleted. Image contents are
write-only: the device gives no way to compare them, so an image is matched by
name and uploaded only when the device does not have it.
"""
from usconf import files
from usconf.model import fields as F
from usconf.model.descriptor import scalar
from usconf.model.lists import IMAGES, image_name

ENABLED = scalar("video.no_signal.enabled", F.boolean("enabled", "use-nosignal-file"), "use-nosignal-file")

BUILT_IN = tuple(sorted(IMAGES.built_in))


def is_built_in(item):
    return not item.get("is-edit") or image_name(item.get("file-path", "")) in IMAGES.built_in


def from_yaml(doc):
    out = {}
    if "enabled" in doc:
        out["enabled"] = bool(doc["enabled"])
    if "show" in doc:
        out["show"] = None if doc["show"] is None else str(doc["show"])
    if "images" in doc:
        images = []
        for item in doc["images"] or []:
            name = item.get("name") or files.stem(str(item["file"]))  # not pathlib: ~1 ms at every start
            image = {"name": str(name)}
            if item.get("file") is not None:
                image["file"] = str(item["file"])
            images.append(image)
        out["images"] = images
    return out


def from_device(snapshot):
    s = snapshot.settings
    out = {}
    if ENABLED.device in s:
        out["enabled"] = bool(s[ENABLED.device])
    if isinstance(s.get(IMAGES.device), list):
        files = s[IMAGES.device]
        shown = [image_name(f.get("file-path", "")) for f in files if f.get("is-use")]
        if shown:
            out["show"] = shown[0]
        out["images"] = [{"name": image_name(f.get("file-path", ""))} for f in files]
    return out


def to_device(desired, snapshot, state):
    s = state.settings
    if "enabled" in desired:
        s[ENABLED.device] = 1 if desired["enabled"] else 0
    files = s.setdefault(IMAGES.device, [])
    if "images" in desired:
        wanted = {image["name"]: image for image in desired["images"]}
        # The device's order (by id) for what stays, new images after it in the file's order.
        kept = [f for f in files if is_built_in(f) or image_name(f.get("file-path", "")) in wanted]
        have = {image_name(f.get("file-path", "")) for f in kept}
        state.nosignal_uploads = []
        for name, image in wanted.items():
            if name in have:
                continue
            item = {"id": None, "is-use": 0, "is-edit": 1, "file-path": f"/no-signal/{name}.jpg", "time": 0}
            if image.get("file") is not None:
                item["_file"] = image["file"]
                state.nosignal_uploads.append({"id": None, "name": name, "_file": image["file"]})
            kept.append(item)
        s[IMAGES.device] = files = kept
        if "show" not in desired and files and not any(f.get("is-use") for f in files):
            # The image shown was removed and the file does not say which to show: the device
            # then shows its first image, so that is the state to reach.
            files[0] = dict(files[0], **{"is-use": 1})
    if "show" in desired:
        for f in files:
            shown = desired["show"] is not None and image_name(f.get("file-path", "")) == desired["show"]
            f["is-use"] = 1 if shown else 0


def missing_shown(canonical, settings):
    """Why the `video.no_signal.show` of a canonical desired state cannot be reached on a device
    holding `settings`' images, or None.

    With `images` the file says what the device will hold, and validation has checked `show`
    against it offline. Without, only the device's state tells whether the image is there:
    the planner (before it plans) and `validate --device` ask here.
    """
    desired = (canonical.get("video") or {}).get("no_signal") or {}
    show = desired.get("show")
    if show is None or "images" in desired:
        return None
    held = [image_name(f.get("file-path", "")) for f in settings.get(IMAGES.device) or [] if isinstance(f, dict)]
    if show in held:
        return None
    return (f"video.no_signal.show: {show!r} is not an image on the device (it holds {', '.join(held) or 'none'}); "
            "list it under video.no_signal.images with its file")
