"""Recorded files and the upload queue (files on the SD card sent to the enabled upload server)."""
from usconf.ops.common import Refused, call, call_json, human_size, safe_text
from usconf.spec import codes

DISK_TYPES = {"usb": 0, "sd": 1}
PAGE = 100
MAX_FILES = 100000          # device data is untrusted: stop listing after this many


def _disk_type(disk):
    if disk not in DISK_TYPES:
        raise Refused("get-media-files", "the disk must be sd or usb")
    return DISK_TYPES[disk]


def list_files(client, disk="sd"):
    """The recorded files on `disk`, page by page: [{name, bytes, size, duration_s, created, resolution}]."""
    kind = _disk_type(disk)
    files, start = [], 0
    while len(files) < MAX_FILES:
        body = call(client, "get-media-files", disk_type=kind, start=start, count=PAGE)
        page = body.get("media-files") or []
        for item in page:
            if not isinstance(item, dict):
                continue
            size = item.get("size-bytes", 0)
            files.append({"name": safe_text(item.get("name", "")), "bytes": size, "size": human_size(size),
                          "duration_s": item.get("duration", 0), "created": safe_text(item.get("create-time", "")),
                          "resolution": f"{item.get('width', '?')}x{item.get('height', '?')}"})
        if len(page) < PAGE:
            break
        start += len(page)
    return {"disk": disk, "files": files, "count": len(files),
            "total_bytes": sum(f["bytes"] for f in files if isinstance(f["bytes"], int))}


def delete(client, disk, names, check=False):
    """Delete recorded files by name; names the device does not hold are reported, not sent."""
    kind = _disk_type(disk)
    held = {f["name"] for f in list_files(client, disk)["files"]}
    missing = [n for n in names if n not in held]
    if missing:
        raise Refused("del-media-files", f"no such file on {disk}: {', '.join(missing)}", codes.NOT_FOUND)
    if not names:
        return {"action": "media delete", "changed": False, "deleted": []}
    if check:
        return {"action": "media delete", "changed": True, "deleted": list(names), "check": True}
    call_json(client, "del-media-files", {"disk-type": kind, "media-files": list(names)})
    return {"action": "media delete", "changed": True, "deleted": list(names)}


def queue(client):
    """The upload queue: files waiting, the one being sent, how many are done."""
    body = call(client, "send-file-get-status", disk_type=1, start=0, count=0)
    status = body.get("status") or {}
    return {"waiting": [safe_text(f.get("name", "")) for f in body.get("media-files") or [] if isinstance(f, dict)],
            "sending": safe_text(status.get("name", "")), "done": body.get("total-count-done", 0),
            "percent": status.get("percent", 0)}


def upload(client, names, check=False):
    """Queue SD card files for upload to the enabled upload server."""
    if check:
        return {"action": "media upload", "changed": bool(names), "queued": list(names), "check": True}
    call_json(client, "send-file-add", {"disk-type": 1, "media-files": list(names)})
    return {"action": "media upload", "changed": True, "queued": list(names), "queue": queue(client)}


def unqueue(client, names):
    call_json(client, "send-file-del", {"disk-type": 1, "media-files": list(names)})
    return {"action": "media unqueue", "changed": True, "removed": list(names)}


def clear_queue(client):
    call(client, "send-file-clear")
    return {"action": "media queue clear", "changed": True}


def start_uploads(client):
    call(client, "send-file-start")
    return {"action": "media queue start", "changed": True}


def stop_uploads(client):
    call(client, "send-file-stop")
    return {"action": "media queue stop", "changed": True}
