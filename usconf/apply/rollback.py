"""Undo what one apply changed, and nothing else.

The journal is built from the apply's own calls: they are replayed on a
simulated device holding the pre-apply snapshot, and each canonical value a
call changed is recorded with its value before the apply and the value the
call set (a list item counts as one value). Rolling back then:

1. reads the device until the applied calls show (write lag), within `settle`;
2. restores a value only where the device still holds what this apply set:
   a value that is already back needs nothing, and a value someone else changed
   meanwhile is left as it is and reported;
3. plans those values back with the ordinary planner over the device as it is
   now, so sections the apply did not touch are never part of it;
4. sends the calls best effort: a refused call is recorded and the next one sent;
5. reads back and reports every value that is not what it was.

Values the device never shows (passwords, the pairing password, image and EDID
files, invitation codes) cannot be put back; they are reported, never guessed.
"""
import copy
import time
from dataclasses import dataclass
from typing import Any

from usconf import model
from usconf.errors import ConnectionFailed, DeviceError, PlanError, UsconfError
from usconf.plan.build import plan_calls
from usconf.plan.calls import same
from usconf.plan.diff import KEYED, ItemKey, path_text
from usconf.plan.simulate import Refusal, read_back, simulate, simulated_device

ABSENT = object()       # a value or list item that did not exist

# Calls whose effect the device never shows: what they replaced cannot be read, so it cannot be put back.
WRITE_ONLY_CALLS = {
    "ch-password": "the login password of the account in use",
    "set-password": "a user's password",
    "set-app-passwd": "device.app.pairing_password",
    "import-edid": "edid.file",
}
# Lists whose deleted items need a value the device does not give back to be created again.
NEEDS_WRITE_ONLY = {("users",): "its password", ("video", "no_signal", "images"): "its image file",
                    ("cloud",): "its invitation code"}


@dataclass
class Entry:
    """One value this apply changed: where, what it was, what the apply set."""
    path: tuple
    before: Any
    after: Any

    @property
    def text(self):
        return path_text(self.path)


def _list_path(path):
    return next((path[:i] for i in range(len(path), 0, -1) if path[:i] in KEYED), None)


def _canonical(backend):
    return model.from_device(read_back(backend))


def _units(a, b, path=(), out=None):
    """The values that differ between two canonical trees: leaves, and whole list items."""
    out = [] if out is None else out
    if a is not ABSENT and b is not ABSENT and same(a, b):
        return out
    if path in KEYED and isinstance(a, list) and isinstance(b, list):
        keyfn = KEYED[path].label
        old, new = {keyfn(i): i for i in a}, {keyfn(i): i for i in b}
        for key in list(old) + [k for k in new if k not in old]:
            _units(old.get(key, ABSENT), new.get(key, ABSENT), path + (ItemKey(key),), out)
        return out
    if isinstance(a, dict) and isinstance(b, dict):
        # An item on both sides is journalled field by field: a field someone else changed stays theirs.
        for key in list(a) + [k for k in b if k not in a]:
            _units(a.get(key, ABSENT), b.get(key, ABSENT), path + (key,), out)
        return out
    out.append(Entry(path, a, b))
    return out


def at(tree, path):
    """The value at a journal path in a canonical tree; ABSENT if not there."""
    node, walked = tree, ()
    for part in path:
        if isinstance(part, ItemKey):
            keyfn = KEYED[walked].label if walked in KEYED else None
            found = [i for i in (node or []) if keyfn and keyfn(i) == part.key]
            node = found[0] if found else ABSENT
        elif isinstance(node, dict) and part in node:
            node = node[part]
        else:
            return ABSENT
        if node is ABSENT:
            return ABSENT
        walked += (part,)
    return node


def _same(a, b):
    if a is ABSENT or b is ABSENT:
        return a is b
    return same(a, b)


def _holds(cur, value, path):
    """Whether the device holds `value` at `path`. A whole list item counts by its presence: the device
    fills in fields of its own (the first server it enables itself), and the item is the one added."""
    if path and isinstance(path[-1], ItemKey) and value is not ABSENT:
        return cur is not ABSENT
    return _same(cur, value)


@dataclass
class Journal:
    entries: list          # [Entry], merged per path: first before, last after
    expected: dict         # canonical state the applied calls leave, to know when the device has settled
    settled_paths: list    # paths the applied calls (not the refused one) changed
    unknown: list          # {"path", "reason"}: effects that cannot be put back


def journal(snapshot, applied, failed=None):
    """What `applied` (and the possibly half-landed `failed`) changed, from a simulation of the snapshot."""
    backend = simulated_device(snapshot)
    now = _canonical(backend)
    merged, unknown, expected, settled = {}, [], None, []
    for n, call in enumerate(list(applied) + ([failed] if failed is not None else [])):
        if call.method in WRITE_ONLY_CALLS:
            unknown.append({"path": WRITE_ONLY_CALLS[call.method],
                            "reason": "the device does not show the value it had before, so it cannot be put back"})
        try:
            simulate(backend, call)
        except (Refusal, PlanError) as exc:
            if n < len(applied):
                # The device took it, a copy of the device does not: what it changed is unknown, so it is
                # said, never guessed. (The failed call is expected to be refused by the copy too.)
                unknown.append({"path": f"{call.method} ({call.reason})" if call.reason else call.method,
                                "reason": f"what it changed cannot be worked out ({exc}), so it is not put back"})
            continue
        after = _canonical(backend)
        for entry in _units(now, after):
            if entry.path in merged:
                merged[entry.path].after = entry.after
            else:
                merged[entry.path] = entry
            if n < len(applied) and entry.path not in settled:
                settled.append(entry.path)
        now = after
        if n == len(applied) - 1:
            expected = copy.deepcopy(after)
    entries = [e for e in merged.values() if not _same(e.before, e.after)]
    return Journal(entries, expected if expected is not None else now, settled, unknown)


def settled_read(client, log, settle):
    """Read the device until the applied calls show (write lag), or `settle` seconds pass."""
    deadline = time.monotonic() + settle
    while True:
        snap = model.read_snapshot(client)
        now = model.from_device(snap)
        if all(_holds(at(now, p), at(log.expected, p), p) for p in log.settled_paths) or time.monotonic() >= deadline:
            return snap, now
        time.sleep(0.2)


def _set(tree, path, value):
    node = tree
    for part in path[:-1]:
        node = node.setdefault(part, {})
    node[path[-1]] = value


def goal_of(entries, now):
    """A canonical desired state naming only `entries`, each at its before-value, over the device as now."""
    goal = {}
    lists = {}
    for entry in entries:
        lst = _list_path(entry.path)
        if lst is None:
            _set(goal, entry.path, copy.deepcopy(entry.before))
            continue
        if lst not in lists:
            lists[lst] = copy.deepcopy(at(now, lst)) if at(now, lst) is not ABSENT else []
        keyfn, key = KEYED[lst].label, entry.path[len(lst)].key
        field = entry.path[len(lst) + 1:]
        if field:
            # one field of an item both sides hold: only that field goes back
            for item in lists[lst]:
                if keyfn(item) == key and entry.before is not ABSENT:
                    _set(item, field, copy.deepcopy(entry.before))
                elif keyfn(item) == key and len(field) == 1:
                    item.pop(field[0], None)
            continue
        items = [i for i in lists[lst] if keyfn(i) != key]
        if entry.before is not ABSENT:
            items.append(copy.deepcopy(entry.before))
        lists[lst] = items
    for lst, items in lists.items():
        _set(goal, lst, items)
    return goal


def _why_not(entry):
    lst = _list_path(entry.path)
    if lst in NEEDS_WRITE_ONLY and entry.before is not ABSENT and lst + (entry.path[len(lst)],) == entry.path:
        return f"it was deleted and the device does not give back {NEEDS_WRITE_ONLY[lst]}"
    return None


def restore(client, snapshot, result, send, say=lambda kind, **info: None, settle=10.0):
    """Put back what `result.applied` changed on a device read as `snapshot` before the apply."""
    say("rollback", applied=len(result.applied))
    result.not_restored, result.rollback_refused = [], []
    try:
        try:
            client.reconnect()
        except UsconfError:
            client.wait_until_ready(timeout=settle)
        log = journal(snapshot, result.applied, result.failed)
        result.not_restored.extend(log.unknown)
        snap, now = settled_read(client, log, settle)
        todo = []
        for entry in log.entries:
            cur = at(now, entry.path)
            if _holds(cur, entry.before, entry.path):
                continue                        # never landed, or already back
            if not _holds(cur, entry.after, entry.path):
                result.not_restored.append({"path": entry.text, "reason": "changed on the device by someone else "
                                            "during the apply; left as it is"})
                continue
            why = _why_not(entry)
            if why:
                result.not_restored.append({"path": entry.text, "reason": why})
                continue
            todo.append(entry)
        groups = [todo]
        while groups:
            group = groups.pop(0)
            if not group:
                continue
            try:
                state = model.to_device(goal_of(group, now), snap)
                calls = plan_calls(state, snap, login_user=client.username, url=getattr(client, "base", None))
            except (PlanError, ValueError, KeyError, TypeError) as exc:
                if len(group) > 1:
                    # Best effort: what cannot be planned together may be planned one value at a time.
                    groups.extend([e] for e in group)
                    continue
                result.not_restored.append({"path": group[0].text, "reason": f"cannot be planned back: {exc}"})
                continue
            for call in calls:
                try:
                    send(client, call)
                except (DeviceError, ConnectionFailed) as exc:
                    result.rollback_refused.append({"call": call, "error": str(exc)})
                    say("rollback-refused", call=call, error=str(exc))
                    continue
                result.rollback_calls.append(call)
            if len(groups) > 0:
                snap = model.read_snapshot(client)
                now = model.from_device(snap)
        _check(client, todo, result, settle)
    except UsconfError as exc:
        result.not_restored.append({"path": "(the device)", "reason": f"rollback stopped: {exc}"})
    result.rolled_back = not result.not_restored
    if result.not_restored:
        result.rollback_error = "not restored: " + "; ".join(f"{n['path']} ({n['reason']})"
                                                              for n in result.not_restored)
    return result


def _check(client, todo, result, settle):
    """Read back until every restored value is what it was, within `settle`; report the rest."""
    deadline = time.monotonic() + settle
    while True:
        now = model.from_device(model.read_snapshot(client))
        left = [e for e in todo if not _same(at(now, e.path), e.before)]
        if not left or time.monotonic() >= deadline:
            break
        time.sleep(0.25)
    refused = "; ".join(r["error"] for r in result.rollback_refused)
    for entry in left:
        reason = f"a rollback call was refused ({refused})" if refused else "the device did not take it back"
        result.not_restored.append({"path": entry.text, "reason": reason})
