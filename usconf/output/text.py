"""A plan as text (Terraform-like), JSON or Markdown. Pure functions: the CLI prints.

Values are shown in the units a user writes (8M, 2s, 59.94); secrets as
(sensitive). Colour is the caller's choice (`color=True` only on a terminal
without NO_COLOR; see `use_color`).
"""
import json
import os
import re

from usconf import escape
from usconf.plan.firmware import describe as describe_firmware
from usconf.plan.reasons import human, reason_text  # noqa: F401 (part of this module's interface)
from usconf.plan.records import FIRMWARE
from usconf.secrets import MASK, scrub, scrub_data

SYMBOL = {"add": "+", "update": "~", "delete": "-"}
COLOUR = {"add": "\033[32m", "update": "\033[33m", "delete": "\033[31m"}
RESET = "\033[0m"


def use_color(stream):
    """Colour only on a terminal, and never when NO_COLOR is set to a non-empty value (https://no-color.org)."""
    return bool(getattr(stream, "isatty", lambda: False)()) and not os.environ.get("NO_COLOR")


def change_line(change, plan=None):
    sym = SYMBOL[change.action]
    if plan is not None and plan.firmware and change.path == FIRMWARE:
        return f"{sym} {describe_firmware(plan.firmware)}"
    if change.action == "update":
        if change.sensitive:
            return f"{sym} {change.path}: (sensitive)"
        return f"{sym} {change.path}: {human(change.path, change.before)} -> {human(change.path, change.after)}"
    if isinstance(change.after if change.action == "add" else change.before, dict):
        return f"{sym} {change.path}"
    value = change.after if change.action == "add" else change.before
    return f"{sym} {change.path}: {MASK if change.sensitive else human(change.path, value)}"


ON_AIR_MARK = "   (! on air)"


def on_air_warning(plan):
    n = len(plan.on_air.get("calls", []))
    return (f"Warning: the device is on air ({plan.on_air.get('state')}); {n} call{'s' if n != 1 else ''} marked "
            f"! would interrupt it or be refused; apply refuses them unless --allow-interrupt is given.")


def summary_line(plan):
    if plan.empty:
        return "No changes. The device matches the configuration."
    s = plan.summary()
    word = "call" if s["calls"] == 1 else "calls"
    return f"Plan: {s['add']} to add, {s['change']} to change, {s['delete']} to delete ({s['calls']} {word})."


def _safe(line):
    """One line as it may be shown: secrets masked by value, then the device's control characters escaped."""
    return escape.text(scrub(line))


def text(plan, color=False):
    """The plan as a user reads it in a terminal (device strings escaped, colour added after)."""
    def paint(action, line):
        return f"{COLOUR[action]}{_safe(line)}{RESET}" if color else line
    lines = []
    dev = plan.device
    air = plan.on_air or {}
    if dev:
        lines.append(f"Device: {dev.get('model', '?')} {dev.get('serial', '?')} (firmware {dev.get('firmware', '?')}) "
                     f"at {dev.get('url', '?')}")
    if air:
        lines.append(f"ON AIR: {air.get('state')}")
    if dev or air:
        lines.append("")
    marked_changes = {m["path"] for m in air.get("changes", [])}
    marked_calls = {m["index"]: m["why"] for m in air.get("calls", [])}
    if plan.changes:
        lines += [paint(c.action, change_line(c, plan) + (ON_AIR_MARK if c.path in marked_changes else ""))
                  for c in plan.changes]
        lines.append("")
    if plan.calls:
        lines.append("Calls, in this order:")
        width = len(str(len(plan.calls)))
        for n, call in enumerate(plan.calls, 1):
            lines.append(f"  {n:>{width}}. {call.describe()}")
            lines.append(f"  {'':>{width}}  # {call.reason}")
            if n in marked_calls:
                lines.append(f"  {'':>{width}}  ! on air: {marked_calls[n]}")
        lines.append("")
    for w in plan.warnings:
        lines.append(f"Warning: {w}")
    if marked_calls:
        lines.append(on_air_warning(plan))
    lines.append(summary_line(plan))
    # a painted line is already safe, and its colour codes are the only ones allowed through
    return "\n".join(line if line.endswith(RESET) else _safe(line) for line in lines) + "\n"


def as_json(plan):
    return plan.to_json()


APPLY_FORMAT_VERSION = 1


def apply_json(plan, result):
    """`usconf apply --json`: one object, the plan shown and what apply did (docs/plan-format.md)."""
    return json.dumps(scrub_data({"format_version": APPLY_FORMAT_VERSION, "plan": plan.to_dict(), **result.to_dict()}),
                      indent=2) + "\n"


def _fence(lines):
    """A fence longer than any run of backticks in `lines`, so no device string can close it."""
    longest = max((len(run) for line in lines for run in re.findall(r"`+", line)), default=0)
    return "`" * max(3, longest + 1)


def markdown(plan):
    """For a pull request comment: the changes as a diff block, the calls as a table.

    Every piece from the device or the file is escaped for Markdown and HTML (escape.markdown),
    so a device name cannot add a link, an image or a table cell to the comment.
    """
    md, code = (lambda v: escape.markdown(scrub(str(v)))), (lambda v: escape.markdown_code(scrub(str(v))))
    out = [f"### usconf plan: {md(plan.device.get('serial', 'device'))}", ""]
    air = plan.on_air or {}
    marked_changes = {m["path"] for m in air.get("changes", [])}
    marked_calls = {m["index"]: m["why"] for m in air.get("calls", [])}
    if air:
        out += [f"**ON AIR: {md(air.get('state'))}**", ""]
    if plan.changes:
        diff_lines = [_safe(change_line(c, plan) + (ON_AIR_MARK if c.path in marked_changes else ""))
                      for c in plan.changes]
        fence = _fence(diff_lines)
        out += [fence + "diff"] + diff_lines + [fence, ""]
    if plan.calls:
        out += ["| # | call | reason |", "|---|---|---|"]
        for n, call in enumerate(plan.calls, 1):
            why = f" **on air: {md(marked_calls[n])}**" if n in marked_calls else ""
            out.append(f"| {n} | {code(call.describe())} | {md(call.reason)}{why} |")
        out.append("")
    if marked_calls:
        out += [md(on_air_warning(plan)), ""]
    for w in plan.warnings:
        out += [f"Warning: {md(w)}", ""]
    out.append(f"**{md(summary_line(plan))}**")
    return "\n".join(out) + "\n"
