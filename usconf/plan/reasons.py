"""Changes worded as a user reads them: values in the file's units, secrets masked.

Call reasons, rule messages and the plan's change lines all word values here,
so one value reads the same everywhere (8M, 2s, 59.94, (sensitive)).
"""
import json

from usconf.secrets import MASK, Secret

BITRATES = ("bitrate",)
SECONDS = ("gop", "bitrate_window")
LONG = 120          # a reason whose two values together are longer names the path only


def human(path, value):
    """A canonical value in the units the language uses: 8192 -> 8M, 1536 -> 1.5M, 2 -> 2s."""
    leaf = path.rsplit(".", 1)[-1]
    if isinstance(value, Secret):
        return MASK
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if leaf in BITRATES and isinstance(value, int):
        if value >= 1024 and value % 512 == 0:
            mega = value / 1024
            return f"{mega:g}M"
        return f"{value}k"
    if leaf in SECONDS and isinstance(value, int):
        return f"{value}s"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))      # fps 60, not 60.0: as the file writes it
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, (dict, list)):
        return json.dumps(_plain(value))
    return str(value)


def _plain(value):
    if isinstance(value, Secret):
        return MASK
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def reason_text(change):
    """A change as a call's reason: the change line's words without its symbol (`video.main.fps 60 -> 59.94`)."""
    if change.action == "update":
        if change.sensitive:
            return f"{change.path} (sensitive)"
        before, after = human(change.path, change.before), human(change.path, change.after)
        if len(before) + len(after) > LONG:
            return f"{change.path} changes"     # e.g. an EDID's base64: a reason is one readable line
        return f"{change.path} {before} -> {after}"
    value = change.after if change.action == "add" else change.before
    if isinstance(value, dict):
        return f"{change.path} " + ("is new" if change.action == "add" else "is not in the configuration")
    shown = MASK if change.sensitive else human(change.path, value)
    return f"{change.path} " + (f"set to {shown}" if change.action == "add" else f"{shown} removed")
