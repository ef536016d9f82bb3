"""The firmware step of a plan: `device.firmware: {version, file}` in the desired state.

A firmware change is not a call like the others: the device restarts into a new
firmware and may then answer differently. So it is planned as a step of its own,
shown first (`firmware 1.4.98 -> 1.5.123 (upload 41 MB, reboot)`), and apply runs it
before anything else, then plans the rest again on the new firmware.
"""
import os

from usconf.errors import PlanError

PATH = "device.firmware"


def split(canonical):
    """(the canonical state without device.firmware, the firmware goal or None)."""
    goal = (canonical.get("device") or {}).get("firmware")
    if goal is None:
        return canonical, None
    rest = dict(canonical)
    rest["device"] = {k: v for k, v in canonical["device"].items() if k != "firmware"}
    if not rest["device"]:
        del rest["device"]
    return rest, goal


def step(goal, info):
    """The firmware step from what get-info says runs, or None when the device already runs the version."""
    if goal is None:
        return None
    running = str((info.get("product") or {}).get("firmware-ver-s", ""))
    if running == goal["version"]:
        return None
    path = goal.get("file")
    if not path:
        raise PlanError(f"{PATH}.file: the device runs firmware {running}, not {goal['version']}; "
                        f"give the .mwf file of {goal['version']} to install it")
    try:
        size = os.path.getsize(path)
    except OSError as exc:
        raise PlanError(f"{PATH}.file: cannot read {path}: {exc.strerror}") from None
    return {"from": running, "to": goal["version"], "file": path, "bytes": size}


def check_sections(wanted, goal):
    """PlanError naming each section the firmware the file asks for lacks.

    (The firmware that runs is checked by `usconf validate --device`; a plan for a
    device whose firmware lacks a method meets the device's own refusal.)"""
    from usconf.spec import versions

    if not goal:
        return
    missing = versions.missing_sections(wanted, goal["version"])
    if missing:
        which = f"device.firmware.version is {goal['version']}"
        raise PlanError("; ".join(f"{'.'.join(path)}: needs firmware {needed} or newer ({method})"
                                  for path, method, needed in missing) + f"; {which}")


def describe(fw):
    """`firmware 1.4.98 -> 1.5.123 (upload 41 MB, reboot)`."""
    mb = fw["bytes"] / 1e6
    size = f"{mb:.0f} MB" if mb >= 10 else f"{mb:.1f} MB"
    return f"firmware {fw['from']} -> {fw['to']} (upload {size}, reboot)"
