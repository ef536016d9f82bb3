"""A fleet run as text: the summary table, JSON (one object per device), Markdown, JUnit XML.

Pure functions over the Outcomes the runner gave; the CLI prints them. Device data and
error texts are escaped for the format they land in, and hold no secret (plans and
errors are masked where they are made).
"""
import json
import xml.etree.ElementTree as ET

from usconf.fleet.runner import CHANGES, ERROR, FAILED, OK, SKIPPED, UNREACHABLE
from usconf.output import text as render

REPORT_FORMAT = 1


def exit_code(outcomes, detailed=False):
    """1 when any device failed; else 2 when `detailed` and any device has changes; else 0."""
    if any(o.failed for o in outcomes):
        return 1
    if detailed and any(o.status == CHANGES for o in outcomes):
        return 2
    return 0


def counts(outcomes):
    out = {OK: 0, CHANGES: 0, ERROR: 0, UNREACHABLE: 0, SKIPPED: 0}
    for o in outcomes:
        out[o.status] = out.get(o.status, 0) + 1
    return out


def _clean(value, limit=300):
    """One line of printable text from anything (device data may hold control characters)."""
    text = "" if value is None else str(value)
    text = "".join(c if c.isprintable() else " " for c in text.replace("\n", " "))
    return text if len(text) <= limit else text[:limit - 3] + "..."


# --- text -------------------------------------------------------------------------------------

def table(header, rows):
    """Rows aligned under a header, two spaces between columns."""
    rows = [[_clean(c) for c in row] for row in rows]
    widths = [max(len(str(h)), *(len(r[i]) for r in rows)) if rows else len(str(h)) for i, h in enumerate(header)]
    lines = ["  ".join(str(h).ljust(w) for h, w in zip(header, widths)).rstrip()]
    lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip() for row in rows]
    return "\n".join(lines) + "\n"


def summary_rows(outcomes):
    return [[o.device.name, o.device.group or "-", o.status, str(o.changes), str(o.calls)] for o in outcomes]


def summary_table(outcomes):
    return table(["DEVICE", "GROUP", "STATUS", "CHANGES", "CALLS"], summary_rows(outcomes))


def totals_line(outcomes, verb="planned"):
    c = counts(outcomes)
    parts = [f"{c[OK]} ok", f"{c[CHANGES]} with changes", f"{c[ERROR]} failed", f"{c[UNREACHABLE]} unreachable"]
    if c[SKIPPED]:
        parts.append(f"{c[SKIPPED]} not started")
    return f"{len(outcomes)} device{'s' if len(outcomes) != 1 else ''} {verb}: {', '.join(parts)}."


def failing_lines(outcomes):
    """The failing devices, one line each: the last lines a run prints."""
    return [f"FAILED {o.device.name}{f' ({o.device.group})' if o.device.group else ''} at {o.device.url}: "
            f"{o.status}: {_clean(o.error, 2000)}" for o in outcomes if o.failed]


def _drift_text(plan):
    return "".join(render.change_line(c) + "\n" for c in plan.changes)


def device_section(outcome, color=False, drift=False):
    """A device's plan (or, for drift, its changes; or its error) under a heading, for the text output."""
    head = f"== {outcome.device.name} ({outcome.device.group or 'no group'}): {outcome.status}"
    if outcome.plan is not None and outcome.status != OK:
        return head + "\n" + (_drift_text(outcome.plan) if drift else render.text(outcome.plan, color=color))
    if outcome.failed:
        body = "\n".join(outcome.problems) if outcome.problems else _clean(outcome.error, 2000)
        return head + "\n" + body + "\n"
    return head + "\n" + (render.summary_line(outcome.plan) if outcome.plan is not None else "ok") + "\n"


def validate_lines(outcomes):
    """`validate -i`: one line per device with a problem, then every problem line."""
    out = []
    for o in outcomes:
        if o.failed:
            out.append(f"{o.device.name}: invalid: {_clean(o.error, 2000)}")
    return out


def _signal(sig):
    try:
        if not sig or not int(sig.get("cx") or 0):
            return "no signal"
        scan = "i" if int(sig.get("interlaced") or 0) else "p"
        return f"{int(sig['cx'])}x{int(sig.get('cy') or 0)}{scan}{float(sig.get('frame-rate') or 0):g}"
    except (TypeError, ValueError, AttributeError):
        return "?"


def status_rows(outcomes):
    rows = []
    for o in outcomes:
        f = o.facts or {}
        reachable = "no" if o.status == UNREACHABLE else ("yes" if o.facts is not None else "?")
        on_air = ", ".join(w for w, on in (("live", f.get("live")), ("recording", f.get("recording"))) if on) or "-"
        drift = {True: "yes", False: "no", None: "?"}[f.get("drift") if o.facts is not None else None]
        rows.append([o.device.name, o.device.group or "-", reachable, f.get("model") or "-", f.get("serial") or "-",
                     f.get("firmware") or "-", _signal(f.get("input")) if o.facts is not None else "-", on_air, drift])
    return rows


def status_table(outcomes):
    return table(["DEVICE", "GROUP", "REACHABLE", "MODEL", "SERIAL", "FIRMWARE", "INPUT", "ON AIR", "DRIFT"],
                 status_rows(outcomes))


# --- JSON ------------------------------------------------------------------------------------

def device_object(outcome, drift=False):
    o, d = outcome, outcome.device
    out = {"device": d.name, "group": d.group, "url": d.url, "status": o.status, "changes": o.changes,
           "calls": o.calls, "error": o.error}
    if o.problems:
        out["problems"] = list(o.problems)
    if o.plan is not None and drift:
        out["drifted"] = [c.to_dict() for c in o.plan.changes]
    elif o.plan is not None:
        out["plan"] = o.plan.to_dict()
    if isinstance(o.result, dict):          # an operation's answer (Fleet.operate)
        out["result"] = o.result
    elif o.result is not None:
        out["apply"] = o.result.to_dict()
    if o.facts is not None:
        out["facts"] = {k: v for k, v in o.facts.items() if k != "input"}
        out["facts"]["input"] = _signal(o.facts.get("input"))
    return out


def as_json(outcomes, drift=False):
    """One JSON object per line, one line per device (JSON Lines); for drift the changes, not the plan."""
    return "".join(json.dumps(device_object(o, drift), ensure_ascii=False) + "\n" for o in outcomes)


# --- Markdown --------------------------------------------------------------------------------

def _md(value):
    return _clean(value, 2000).replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;")


def markdown(outcomes, title="usconf plan", drift=False):
    """A pull-request comment: the summary table, then a collapsible section per device."""
    c = counts(outcomes)
    failed = c[ERROR] + c[UNREACHABLE] + c[SKIPPED]
    out = [f"## {title}: {len(outcomes)} devices, {c[CHANGES]} with changes, {failed} failed", "",
           "| device | group | status | changes | calls |", "|---|---|---|---|---|"]
    for o in outcomes:
        out.append(f"| {_md(o.device.name)} | {_md(o.device.group or '-')} | {o.status} | {o.changes} | {o.calls} |")
    out.append("")
    for o in outcomes:
        out.append(f"<details><summary>{_md(o.device.name)} ({_md(o.device.group or 'no group')}): "
                   f"{o.status}, {o.changes} changes, {o.calls} calls</summary>")
        out.append("")
        if o.failed:
            out += ["```text"] + [_clean(p, 2000) for p in (o.problems or [o.error])] + ["```"]
        elif o.plan is not None and o.plan.empty:
            out.append(render.summary_line(o.plan))
        elif o.plan is not None and drift:
            out += ["```diff"] + [render.change_line(c) for c in o.plan.changes] + ["```"]
        elif o.plan is not None:
            out.append(render.markdown(o.plan).rstrip("\n"))
        out += ["", "</details>", ""]
    failing = failing_lines(outcomes)
    if failing:
        out += ["**Failed devices:**", ""] + [f"- {_md(line)}" for line in failing] + [""]
    return "\n".join(out)


# --- JUnit -----------------------------------------------------------------------------------

def _xml(text):
    """Text XML 1.0 can hold: control characters other than newline and tab become spaces."""
    return "".join(c if c in "\n\t" or c.isprintable() else " " for c in text)


def junit(outcomes, suite="usconf plan", changes_fail=False):
    """One test case per device; a failed device is an <error>, changes a <failure> when `changes_fail`
    (drift), a device not started <skipped/>. Plans go in <system-out>."""
    c = counts(outcomes)
    failures = c[CHANGES] if changes_fail else 0
    root = ET.Element("testsuites", name="usconf")
    ts = ET.SubElement(root, "testsuite", name=suite, tests=str(len(outcomes)), failures=str(failures),
                       errors=str(c[ERROR] + c[UNREACHABLE]), skipped=str(c[SKIPPED]),
                       time=f"{sum(o.seconds for o in outcomes):.3f}")
    for o in outcomes:
        case = ET.SubElement(ts, "testcase", classname=o.device.group or "ungrouped", name=o.device.name,
                             time=f"{o.seconds:.3f}")
        if o.status == SKIPPED:
            ET.SubElement(case, "skipped", message=_clean(o.error))
        elif o.failed:
            err = ET.SubElement(case, "error", message=_clean(o.error), type=o.status)
            err.text = _xml("\n".join(_clean(p, 2000) for p in (o.problems or [o.error])))
        elif o.status == CHANGES and changes_fail:
            fail = ET.SubElement(case, "failure", message=f"{o.changes} changes", type="drift")
            fail.text = _xml(render.text(o.plan))
        if o.plan is not None:
            ET.SubElement(case, "system-out").text = _xml(render.text(o.plan))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


__all__ = ["FAILED", "as_json", "counts", "device_section", "exit_code", "failing_lines", "junit", "markdown",
           "status_table", "summary_table", "totals_line", "validate_lines"]
