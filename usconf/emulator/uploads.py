"""Upload servers (send-file-*), the upload list and the upload test; nothing is ever sent anywhere."""
import json

from usconf import rules
from usconf.emulator.api import Refused, api, refuse_if
from usconf.emulator.backend import Job
from usconf.spec import codes

FTP_FIELDS = {"proto": 0, "url": None, "port": 21, "dir-name": "", "encryption": 0, "login-type": 0,
              "user-name": "", "passwd": "", "mode": 1}
DRIVE_FIELDS = {"account-id": None, "photo-path": "", "user-name": "", "access-token": "", "refresh-token": "",
                "dir-name": "", "parents": "", "privacy": ""}
NUMERIC = frozenset(("proto", "port", "encryption", "login-type", "mode"))
CHOICES = {"proto": (0, 1), "encryption": (0, 1, 2), "login-type": (0, 1), "mode": (0, 1)}


def _item(call, current=None):
    current = current or {}
    kind = call.int("type", current.get("type"))
    if kind not in rules.UPLOAD_TYPES:
        raise Refused(codes.PARAM)
    net = call.int("net-mode", current.get("net-mode", 1))
    if net not in rules.NET_MODES:
        raise Refused(codes.PARAM)
    item = {"id": current.get("id", 0), "is-use": current.get("is-use", 0), "type": kind, "net-mode": net}
    fields = FTP_FIELDS if kind == 0 else DRIVE_FIELDS
    for key, default in fields.items():
        fallback = current.get(key, default) if current.get("type") == kind else default
        if key in NUMERIC:
            value = call.int(key) if fallback is None else call.int(key, fallback)
            if key in CHOICES and value not in CHOICES[key]:
                raise Refused(codes.PARAM)
            if key == "port" and not 1 <= value <= 65535:
                raise Refused(codes.PARAM)
        else:
            value = call.str(key) if fallback is None else call.str(key, fallback)
        item[key] = value
    if kind == 0 and not item["url"] or kind != 0 and not item["account-id"]:
        raise Refused(codes.PARAM)
    return item


def _find(items, call):
    ident = call.int("id")
    for index, item in enumerate(items):
        if item["id"] == ident:
            return index
    raise Refused(codes.NOT_FOUND)


@api("send-file-add-server")
def add(backend, call):
    item = _item(call)
    items = backend.settings["send-file-cloud"]
    if len(items) >= rules.MAX_UPLOAD_SERVERS:
        raise Refused(codes.PARAM)
    item["id"] = max((i["id"] for i in items), default=-1) + 1
    item["is-use"] = int(not items)     # the first server added is the enabled one
    backend.change(lambda s: s["send-file-cloud"].append(item))
    return {"result": 0, "id": item["id"]}


@api("send-file-set-server")
def set_server(backend, call):
    index = _find(backend.settings["send-file-cloud"], call)
    item = _item(call, backend.settings["send-file-cloud"][index])
    backend.change(lambda s: s["send-file-cloud"].__setitem__(index, item))


@api("send-file-del-server")
def delete(backend, call):
    index = _find(backend.settings["send-file-cloud"], call)
    backend.change(lambda s: s["send-file-cloud"].pop(index))


@api("send-file-enable-server")
def enable(backend, call):
    index = _find(backend.settings["send-file-cloud"], call)
    use = call.flag("is-use")

    def mutate(s):
        # One server at a time: enabling one disables the others.
        for i, item in enumerate(s["send-file-cloud"]):
            if i == index:
                item["is-use"] = use
            elif use:
                item["is-use"] = 0
    backend.change(mutate)


@api("send-file-start-test-server")
def start_test(backend, call):
    if "send-test" in backend.jobs:
        return {"result": codes.REPEAT}
    item = _item(call)
    if item["type"] != 0:
        raise Refused(codes.PARAM)      # only FTP/SFTP servers can be tested
    backend.jobs["send-test"] = Job(backend.clock(), backend.timings["send-test"], id=call.int("id", 0))


@api("send-file-stop-test-server")
def stop_test(backend, call):
    if backend.jobs.pop("send-test", None) is not None:
        backend.results["send-test"] = codes.CANCEL


@api("clear-test-send-file")
def clear_test(backend, call):
    if "send-test" in backend.jobs:
        raise Refused(codes.BUSY)
    backend.results["send-test"] = codes.INIT


def _json(call):
    try:
        doc = json.loads((call.body or b"").decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise Refused(codes.PARAM) from None
    if not isinstance(doc, dict) or not isinstance(doc.get("media-files"), list):
        raise Refused(codes.PARAM)
    disk = doc.get("disk-type")
    if disk not in (0, 1) or not all(isinstance(n, str) for n in doc["media-files"]):
        raise Refused(codes.PARAM)
    return disk, doc["media-files"]


@api("send-file-add")
def add_files(backend, call):
    disk, names = _json(call)
    if disk != 1:
        raise Refused(codes.PARAM)      # only files on the SD card can be uploaded
    known = {f["name"] for f in backend.media[1]}
    if any(n not in known for n in names):
        raise Refused(codes.NOT_FOUND)
    up = backend.uploads
    for name in names:
        if name not in up["queue"] and name != up["current"]:
            up["queue"].append(name)
    if up["since"] is None:
        up["since"] = backend.clock()


@api("send-file-del")
def del_files(backend, call):
    _, names = _json(call)
    backend.uploads["queue"] = [n for n in backend.uploads["queue"] if n not in names]


@api("send-file-clear")
def clear_files(backend, call):
    backend.uploads.update(queue=[], current="", since=None)


@api("send-file-start")
def start(backend, call):
    backend.uploads["running"] = True
    backend.uploads["since"] = backend.clock()


@api("send-file-stop")
def stop(backend, call):
    up = backend.uploads
    if up["current"]:
        up["queue"].insert(0, up["current"])
    up.update(running=False, current="", since=None)


@api("send-file-get-status", read=True)
def get_status(backend, call):
    from usconf.emulator.status import _send_file_status
    start, count = call.int("start", 0), call.int("count", 0)
    queue = backend.uploads["queue"]
    listed = queue[start:start + count] if count else queue[start:]
    return {"result": 0, "total-count-ongoing": len(queue), "total-count-done": backend.uploads["done"],
            "start": start, "count": len(listed), "status": _send_file_status(backend),
            "media-files": [{"name": n, "disk-type": 1} for n in listed]}


def progress(backend, now):
    """Uploads advance with time while an enabled upload server exists (simulated transfers)."""
    up = backend.uploads
    if not up["running"] or up["since"] is None:
        return
    if not any(i.get("is-use") for i in backend.settings.get("send-file-cloud", [])):
        return
    per_file = backend.timings["upload-file"]
    while up["queue"] or up["current"]:
        if not up["current"]:
            up["current"] = up["queue"].pop(0)
        if now - up["since"] < per_file:
            return
        up["since"] += per_file
        up["current"] = ""
        up["done"] += 1
    up["since"] = None
