"""Recorded files and no-signal images."""
import datetime
import json

from usconf import rules
from usconf.emulator.api import Refused, api
from usconf.spec import codes


@api("add-nosignal-file")
def add_nosignal_file(backend, call):
    filename, data = call.upload()
    if rules.check_nosignal_image(data, info=backend.info):
        raise Refused(codes.FILE)
    base = filename.replace("\\", "/").rsplit("/", 1)[-1] or "image.jpg"
    if not base.lower().endswith((".jpg", ".jpeg")):
        base += ".jpg"
    files = backend.settings["nosignal-files"]
    path = f"/no-signal/{base}"
    if any(f["file-path"] == path for f in files):
        raise Refused(codes.SAME_NAME)
    ident = max((f["id"] for f in files), default=-1) + 1
    item = {"id": ident, "is-use": 0, "is-edit": 1, "file-path": path, "time": int(backend.clock())}
    backend.change(lambda s: s["nosignal-files"].append(item))
    backend.images[base] = data
    return {"result": 0, "id": ident}


def _image(backend, call):
    ident = call.int("id")
    for index, item in enumerate(backend.settings["nosignal-files"]):
        if item["id"] == ident:
            return index, item
    raise Refused(codes.NOT_FOUND)


@api("del-nosignal-file")
def del_nosignal_file(backend, call):
    index, item = _image(backend, call)
    if not item["is-edit"]:
        raise Refused(codes.NO_PERMISSION)      # the built-in images stay

    def mutate(s):
        files = s["nosignal-files"]
        files.pop(index)
        if item["is-use"] and files:
            files[0]["is-use"] = 1              # something must remain selected
    backend.change(mutate)
    backend.images.pop(item["file-path"].rsplit("/", 1)[-1], None)


@api("set-nosignal-file")
def set_nosignal_file(backend, call):
    index, _ = _image(backend, call)

    def mutate(s):
        for i, item in enumerate(s["nosignal-files"]):
            item["is-use"] = int(i == index)
    backend.change(mutate)


def add_recording(backend, seconds):
    """A finished recording leaves one file on each disk it recorded to."""
    s = backend.settings
    rec = s["rec-control"]
    stream = s["sub-stream" if s.get("rec-stream") == 1 else "main-stream"]
    ext = "mov" if rec["mime-type"] == 1 else "mp4"
    now = datetime.datetime.utcnow()
    for disk, on in ((0, rec["usb-option"]), (1, rec["sd-option"])):
        if not on:
            continue
        files = backend.media[disk]
        stem = now.strftime("%Y%m%d%H%M%S") if rec.get("file-name-mode") else f"{rec['file-prefix']}_{len(files) + 1}"
        files.append({
            "name": f"{stem}.{ext}", "thumbnail-name": f"{stem}.{ext}_{int(now.timestamp())}", "status": 1,
            "create-time": now.strftime("%Y-%m-%d %H:%M:%S"),
            "size-bytes": int(seconds * (stream["kbps"] + s["audio"]["kbps"]) * 1000 / 8),
            "duration": int(seconds), "width": stream["cx"], "height": stream["cy"],
            "interval": stream["duration"], "codec": stream.get("codec", 0)})


@api("get-media-files", read=True)
def get_media_files(backend, call):
    disk = call.int("disk-type", allowed=(0, 1))
    start, count = call.int("start", 0), call.int("count", 0)
    files = backend.media[disk]
    listed = files[start:start + count] if count else files[start:]
    return {"result": 0, "path": f"/media/disk{disk}/{backend.settings['rec-control']['root-folder']}",
            "thumbnail": "thumbnail", "media-files": [dict(f) for f in listed]}


@api("del-media-files")
def del_media_files(backend, call):
    try:
        doc = json.loads((call.body or b"").decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise Refused(codes.PARAM) from None
    if not isinstance(doc, dict) or doc.get("disk-type") not in (0, 1) or not isinstance(doc.get("media-files"), list):
        raise Refused(codes.PARAM)
    names = set(n for n in doc["media-files"] if isinstance(n, str))
    disk = doc["disk-type"]
    if backend.rec["since"] is not None:
        raise Refused(codes.BUSY)
    backend.media[disk] = [f for f in backend.media[disk] if f["name"] not in names]
