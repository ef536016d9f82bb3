"""Firmware: what runs, online check, upload, update (with the reboot and a version check), cancel, clear.

Versions compare as tuples of integers ("1.10.0" > "1.9.9"); the device's own
text form is kept in what is returned.
"""
import os
import re

from usconf.errors import ConnectionFailed, DeviceError, UsconfError
from usconf.ops import power
from usconf.ops.common import (
    OpTimeout,
    Refused,
    call,
    code_name,
    on_air,
    poll,
    safe_text,
)
from usconf.spec import codes
from usconf.spec import status as bits

MAX_FIRMWARE = 64 * 1024 * 1024
_VERSION = re.compile(r"^\d+(\.\d+){1,3}$")


def parse_version(text):
    """"1.5.123" -> (1, 5, 123); anything else raises UsconfError naming it."""
    text = str(text).strip()
    if not _VERSION.match(text):
        raise UsconfError(f"not a firmware version: {text!r} (expected numbers like 1.5.123)")
    return tuple(int(x) for x in text.split("."))


def running_version(info):
    return safe_text((info.get("product") or {}).get("firmware-ver-s", ""), 40)


def status(client):
    """What runs, the update job, and what the last online check found."""
    info, s = client.get_info(), client.get_status()
    upgrade = s.get("upgrade-status") or {}
    found = s.get("upgrade") or {}
    return {"version": running_version(info),
            "model": safe_text((info.get("product") or {}).get("module-name", ""), 80),
            "update": {"result": code_name(upgrade.get("result")), "step": upgrade.get("step", 0),
                       "percent": upgrade.get("percent", 0), "mode": upgrade.get("mode", "none")},
            "check": code_name((s.get("check-upgrade") or {}).get("result")),
            "available": ({"version": safe_text(found["ver"], 40), "date": safe_text(found.get("date", ""), 40),
                           "bytes": found.get("size-byte")}
                          if found.get("ver") else None)}


def check(client, wait=True, timeout=60.0, interval=1.0, progress=None):
    """Ask the device to look for a newer firmware online; with `wait`, what it found."""
    call(client, "online-update-check")
    if not wait:
        return {"action": "firmware check", "result": "running"}

    def done(s):
        result = (s.get("check-upgrade") or {}).get("result")
        return None if result in (codes.RUNNING, codes.INIT) else {"result": result, "found": s.get("upgrade")}
    job = poll(client.get_status, done, timeout, interval, progress, "the online update check")
    call(client, "clear-check-update")
    if job["result"] != codes.SUCCEED:
        raise Refused("online-update-check", "the online check failed", job["result"])
    found = job["found"] or {}
    current = running_version(client.get_info())
    newer = bool(found.get("ver")) and parse_version(found["ver"]) > parse_version(current)
    return {"action": "firmware check", "version": current, "available": found.get("ver") or None,
            "newer": newer, "bytes": found.get("size-byte")}


def upload(client, path, progress=None):
    """Send a .mwf file to the device (progress as bytes sent of total). Returns the version it holds."""
    try:
        size = os.path.getsize(path)
    except OSError as exc:
        raise UsconfError(f"cannot read firmware file {path}: {exc.strerror}") from None
    if size > MAX_FIRMWARE:
        raise UsconfError(f"firmware file {path} is larger than {MAX_FIRMWARE // (1024 * 1024)} MB")
    previous = client.on_progress
    client.on_progress = (lambda what, done, total: progress("uploading", done, total)) if progress else None
    try:
        body = client.upload("upload-update-file", path)
    except DeviceError as exc:
        cause = {codes.FILE: f"{path} is not a firmware file the device accepts",
                 codes.MWF_UNSUPPORTED: f"{path} is for another model or hardware version"}.get(
            exc.code, exc.description.rstrip(".").lower())
        raise Refused("upload-update-file", cause, exc.code) from None
    finally:
        client.on_progress = previous
    return {"action": "firmware upload", "changed": True, "version": safe_text(body.get("version", ""), 40),
            "bytes": body.get("size", size), "up_to_date": bool(body.get("up-to-date"))}


def update(client, mode="upload", wait=True, timeout=900.0, interval=1.0, progress=None, expect=None):
    """Install the uploaded (or online-found) firmware. With `wait`: through the reboot, version checked.

    Refused while recording. `expect` is the version that must run at the end; a
    device that comes back on its old version (an update cut short) is an error.
    """
    if mode not in ("upload", "online"):
        raise UsconfError(f"unknown update mode {mode!r}: expected upload or online")
    s = client.get_status()
    if on_air(s)[1]:
        raise Refused("update", "the device is recording (stop it first: usconf rec stop)", codes.BUSY)
    before = running_version(client.get_info())
    try:
        client.call("update", mode=mode)
    except DeviceError as exc:
        cause = {codes.NOT_FOUND: "no firmware to install (upload a file or run an online check first)",
                 codes.BUSY: "the device is busy (recording, formatting or checking for updates)"}.get(
            exc.code, exc.description.rstrip(".").lower())
        raise Refused("update", cause, exc.code) from None
    out = {"action": "firmware update", "changed": True, "from": before}
    if not wait:
        return out
    result = _installing(client, timeout, interval, progress)
    back = power.wait_back(client, timeout, interval, progress)
    after = running_version(client.get_info())
    upgrade = (back["status"].get("upgrade-status") or {}).get("result", result)
    out.update(to=after, seconds=back["seconds"])
    if (expect and after != expect) or (not expect and after == before):
        try:
            client.call("clear-upgrade")
        except DeviceError:
            pass
        want = expect or "a new version"
        raise Refused("update", f"the device runs {after} after the update, not {want}: the update did not "
                                f"install (update result {code_name(upgrade)})",
                      upgrade if isinstance(upgrade, int) and upgrade < 0 else None)
    return out


def _installing(client, timeout, interval, progress):
    """Poll the update job until the device restarts (or refuses); the last result seen."""
    def read():
        try:
            return client.get_status()
        except ConnectionFailed:
            return None             # gone: the reboot into the new firmware has begun

    def done(s):
        if s is None or s.get("cur-status", 0) & (bits.REBOOT | bits.RESET):
            return {"result": codes.SUCCEED}
        upgrade = s.get("upgrade-status") or {}
        result = upgrade.get("result")
        if isinstance(result, int) and result < 0:
            raise Refused("update", "the device stopped the update", result)
        if result == codes.SUCCEED:
            return {"result": result}   # installed; the restart follows
        return None

    def describe(s):
        upgrade = (s or {}).get("upgrade-status") or {}
        step = "downloading" if upgrade.get("step") == 1 else "installing"
        return step, upgrade.get("percent", 0), 100
    try:
        return poll(read, done, timeout, interval, progress, "the firmware update", describe)["result"]
    except OpTimeout:
        raise OpTimeout(f"the firmware update did not finish within {timeout:g}s; do not power the "
                        "device off, check it with usconf firmware status") from None


def install(client, path, version, wait=True, timeout=900.0, interval=1.0, progress=None, check=False):
    """Make the device run `version` from `path`: nothing when it already does; else upload, update, verify."""
    current = running_version(client.get_info())
    if current == version:
        return {"action": "firmware install", "changed": False, "version": current}
    if check:
        return {"action": "firmware install", "changed": True, "from": current, "to": version, "check": True}
    sent = upload(client, path, progress)
    if sent["version"] and sent["version"] != version:
        raise Refused("upload-update-file", f"{path} holds firmware {sent['version']}, not {version}")
    out = update(client, "upload", wait, timeout, interval, progress, expect=version if wait else None)
    out.update(action="firmware install", version=version if wait else None, bytes=sent["bytes"])
    return out


def cancel_download(client):
    """Stop an online update while it is still downloading."""
    call(client, "cancel-download")
    return {"action": "firmware cancel-download", "changed": True}


def clear_upgrade(client):
    """Reset the update result after a failed update."""
    call(client, "clear-upgrade")
    return {"action": "firmware clear-upgrade", "changed": True}


def clear_check(client):
    """Reset the online check result after a failed check."""
    call(client, "clear-check-update")
    return {"action": "firmware clear-check-update", "changed": True}
