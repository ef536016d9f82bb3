"""A plan as text (Terraform-like), JSON or Markdown. Pure functions: the CLI prints.

Values are shown in the units a user writes (8M, 2s, 59.94); secrets as
(sensitive). Colour is the caller's choice (`color=True` only on a terminal
without NO_COLOR; see `use_color`).
"""
import json
import os

from usconf.plan.reasons import human, reason_text  # noqa: F401 (part of this module's interface)
from usconf.secrets import MASK, scrub, scrub_data

SYMBOL = {"add": "+", "update": "~", "delete": "-"}
COLOUR = {"add": "\033[32m", "update": "\033[33m", "delete": "\033[31m"}
RESET = "\033[0m"


def use_color(stream):
    """Colour only on a terminal, and never when NO_COLOR is set to a non-empty value (https://no-color.org)."""
    return bool(getattr(stream, "isatty", lambda: False)()) and not os.environ.get("NO_COLOR")


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
    return scrub("\n".join(lines) + "\n")


def as_json(plan):
    return plan.to_json()


APPLY_FORMAT_VERSION = 1


def apply_json(plan, result):
    """`usconf apply --json`: one object, the plan shown and what apply did (docs/plan-format.md)."""
    return json.dumps(scrub_data({"format_version": APPLY_FORMAT_VERSION, "plan": plan.to_dict(), **result.to_dict()}),
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
    return scrub("\n".join(out) + "\n")
