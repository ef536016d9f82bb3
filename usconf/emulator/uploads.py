"""Upload servers (send-file-*), the upload list and the upload test; nothing is ever sent anywhere."""
import json

from usconf import rules
from usconf.emulator import items
from usconf.emulator.api import Refused, api, refuse_if, trial_methods
from usconf.emulator.background import Job, on_finish
from usconf.spec import codes

ERR_FTP_SERVER = -100
FTP_FIELDS = {"proto": 0, "url": None, "port": 21, "dir-name": "", "encryption": 0, "login-type": 0,
              "user-name": "", "passwd": "", "mode": 1}
DRIVE_FIELDS = {"account-id": None, "photo-path": "", "user-name": "", "access-token": "", "refresh-token": "",
                "dir-name": ""}
# What one drive type has beyond the others (the parameter list files them under that type;
# the sample's Dropbox server has neither).
TYPE_EXTRA = {1: {"parents": ""}, 3: {"privacy": ""}}
NUMERIC = frozenset(("proto", "port", "encryption", "login-type", "mode"))


def _item(call, current=None):
    current = current or {}
    kind = call.int("type", current.get("type"))
    if kind not in rules.UPLOAD_TYPES:
        raise Refused(codes.PARAM)
    item = {"id": current.get("id", 0), "is-use": current.get("is-use", 0), "type": kind,
            "net-mode": call.int("net-mode", current.get("net-mode", 1))}
    fields = FTP_FIELDS if kind == 0 else dict(DRIVE_FIELDS, **TYPE_EXTRA.get(kind, {}))
    for key, default in fields.items():
        fallback = current.get(key, default) if current.get("type") == kind else default
        read = call.int if key in NUMERIC else call.str
        item[key] = read(key) if fallback is None else read(key, fallback)
    refuse_if(rules.check_upload_fields(item))
    return item


# One upload server is enabled at a time: the first added, or the last one enabled.
items.methods("send-file-cloud", _item, rules.MAX_UPLOAD_SERVERS, add="send-file-add-server",
              set_="send-file-set-server", delete="send-file-del-server", enable_="send-file-enable-server",
              exclusive=True)


@api("send-file-start-test-server")
def start_test(backend, call):
    if "send-test" in backend.jobs:
        return {"result": codes.REPEAT}
    item = _item(call)
    if item["type"] != 0:
        raise Refused(codes.PARAM)      # only FTP/SFTP servers can be tested
    # Simulated: a host under .invalid (RFC 2606) fails as an unreachable FTP server; nothing is contacted.
    host = (item.get("url") or "").split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0].lower()
    outcome = ERR_FTP_SERVER if not host or host.endswith(".invalid") else codes.SUCCEED
    backend.jobs["send-test"] = Job(backend.clock(), backend.timings["send-test"], id=call.int("id", 0),
                                    outcome=outcome)


@on_finish("send-test")
def _send_tested(backend, job):
    backend.results["send-test"] = job.info.get("outcome", codes.SUCCEED)


trial_methods("send-test", stop="send-file-stop-test-server", clear="clear-test-send-file")


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
