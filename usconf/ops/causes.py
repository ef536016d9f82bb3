"""Why a device refuses to record or stream, in words, from get-status and get-settings.

The device answers a refused start with a bare code (or, for a stream with no server
enabled, the positive retLivingNotset 29). Reading its status says what is missing.
"""
from usconf.model.lists import LIVE_SERVERS
from usconf.ops.common import busy_with
from usconf.spec import codes
from usconf.spec.status import DISK_STATUS

NO_SIGNAL = "no signal on the input"
NO_SERVER = "no server enabled (enable one under live.servers)"
ERR_DISK, ERR_NO_SPACE, ERR_NO_SIGNAL = -5, -16, -35
ERR_SD_CARD, ERR_SD_NO_SPACE, ERR_REC_PARAM = -36, -39, -52
NOT_SET = 29                       # retLivingNotset

_DISK_WORDS = {0: "missing", 3: "full", 4: "not writable", 5: "low on space", 6: "not usable"}
_DISKS = (("usb", "usb-option", "USB drive"), ("sd", "sd-option", "SD card"))


def has_signal(status):
    signal = status.get("input-signal")
    return not isinstance(signal, dict) or signal.get("status", 1) != 0


def disk_problems(status, settings):
    """[(disk, words)] of the disks recording would use that cannot take it; [] when one is usable."""
    rec = (settings or {}).get("rec-control") or {}
    targets = [(key, label) for key, option, label in _DISKS if rec.get(option)]
    if not targets:
        return [("any", "recording to USB and SD is off (recording.usb / recording.sd)")]
    problems = []
    for key, label in targets:
        disk = status.get(key) or {}
        state = disk.get("disk-status", 1)
        if state != 1:
            problems.append((key, f"{label} {_DISK_WORDS.get(state, DISK_STATUS.get(state, state))}"))
        elif isinstance(disk.get("free-size"), int) and disk["free-size"] <= 0:
            problems.append((key, f"{label} full"))
    return problems if len(problems) == len(targets) else []


def rec_cause(code, status, settings):
    """Words for a refused start-rec."""
    found = {}
    if not has_signal(status):
        found["signal"] = NO_SIGNAL
    disks = disk_problems(status, settings)
    if disks:
        found["disk"] = "no disk: " + ", ".join(words for _, words in disks)
    busy = busy_with(status)
    if busy:
        found["busy"] = busy
    by_code = {ERR_NO_SIGNAL: "signal", ERR_DISK: "disk", ERR_NO_SPACE: "disk", ERR_SD_CARD: "disk",
               ERR_SD_NO_SPACE: "disk", ERR_REC_PARAM: "disk", codes.BUSY: "busy"}
    return _pick(code, found, by_code)


def live_cause(code, status, settings):
    """Words for a refused start-live."""
    found = {}
    if not has_signal(status):
        found["signal"] = NO_SIGNAL
    servers = (settings or {}).get(LIVE_SERVERS.device) or []
    if code == NOT_SET or not any(s.get("is-use") for s in servers):
        found["server"] = NO_SERVER
    busy = busy_with(status)
    if busy:
        found["busy"] = busy
    by_code = {ERR_NO_SIGNAL: "signal", NOT_SET: "server", -53: "server", codes.BUSY: "busy"}
    return _pick(code, found, by_code)


def _pick(code, found, by_code):
    kind = by_code.get(code)
    if kind in found:
        return found[kind]
    if found:
        return "; ".join(found.values())
    return codes.lookup(code).description.rstrip(".").lower()
