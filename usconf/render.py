"""A plan as text (Terraform-like), JSON or Markdown. Pure functions: the CLI prints.

Values are shown in the units a user writes (8M, 2s, 59.94); secrets as
(sensitive). Colour is the caller's choice (`color=True` only on a terminal
without NO_COLOR; see `use_color`).
"""
import json
import os

from usconf.secrets import MASK, Secret

SYMBOL = {"add": "+", "update": "~", "delete": "-"}
COLOUR = {"add": "\033[32m", "update": "\033[33m", "delete": "\033[31m"}
RESET = "\033[0m"
BITRATES = ("bitrate",)
SECONDS = ("gop", "bitrate_window")
LONG = 120          # a reason whose two values together are longer names the path only


def use_color(stream):
    """Colour only on a terminal, and never when NO_COLOR is set to a non-empty value (https://no-color.org)."""
    return bool(getattr(stream, "isatty", lambda: False)()) and not os.environ.get("NO_COLOR")


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


def change_line(change):
    sym = SYMBOL[change.action]
    if change.action == "update":
        if change.sensitive:
            return f"{sym} {change.path}: (sensitive)"
        return f"{sym} {change.path}: {human(change.path, change.before)} -> {human(change.path, change.after)}"
    if isinstance(change.after if change.action == "add" else change.before, dict):
        return f"{sym} {change.path}"
    value = change.after if change.action == "add" else change.before
    return f"{sym} {change.path}: {MASK if change.sensitive else human(change.path, value)}"


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


def summary_line(plan):
    if plan.empty:
        return "No changes. The device matches the configuration."
    s = plan.summary()
    word = "call" if s["calls"] == 1 else "calls"
    return f"Plan: {s['add']} to add, {s['change']} to change, {s['delete']} to delete ({s['calls']} {word})."


def text(plan, color=False):
    """The plan as a user reads it in a terminal."""
    def paint(action, line):
        return f"{COLOUR[action]}{line}{RESET}" if color else line
    lines = []
    dev = plan.device
    if dev:
        lines.append(f"Device: {dev.get('model', '?')} {dev.get('serial', '?')} (firmware {dev.get('firmware', '?')}) "
                     f"at {dev.get('url', '?')}")
        lines.append("")
    if plan.changes:
        lines += [paint(c.action, change_line(c)) for c in plan.changes]
        lines.append("")
    if plan.calls:
        lines.append("Calls, in this order:")
        width = len(str(len(plan.calls)))
        for n, call in enumerate(plan.calls, 1):
            lines.append(f"  {n:>{width}}. {call.describe()}")
            lines.append(f"  {'':>{width}}  # {call.reason}")
        lines.append("")
    for w in plan.warnings:
        lines.append(f"Warning: {w}")
    lines.append(summary_line(plan))
    return "\n".join(lines) + "\n"


def as_json(plan):
    return plan.to_json()


APPLY_FORMAT_VERSION = 1


def apply_json(plan, result):
    """`usconf apply --json`: one object, the plan shown and what apply did (docs/plan-format.md)."""
    return json.dumps({"format_version": APPLY_FORMAT_VERSION, "plan": plan.to_dict(), **result.to_dict()},
                      indent=2) + "\n"


def markdown(plan):
    """For a pull request comment: the changes as a diff block, the calls as a table."""
    out = [f"### usconf plan: {plan.device.get('serial', 'device')}", ""]
    if plan.changes:
        out += ["```diff"] + [change_line(c) for c in plan.changes] + ["```", ""]
    if plan.calls:
        out += ["| # | call | reason |", "|---|---|---|"]
        for n, call in enumerate(plan.calls, 1):
            out.append(f"| {n} | `{call.describe()}` | {call.reason.replace('|', '/')} |")
        out.append("")
    out.append(f"**{summary_line(plan)}**")
    return "\n".join(out) + "\n"
