"""How a partial desired state combines with the device's state before planning.

The CLI treats a file as authoritative for what it names (`replaced`). Ansible
users also expect the resource-module states of network collections, so these
functions turn (canonical desired, canonical actual) into the canonical desired
state that the planner should reach. They only reshape data; the planner, the
rules and the device decide everything else.

- `merged`: set what is given, delete nothing. A given list keeps the device's
  items it does not name; a named item keeps the device's fields it leaves out.
- `replaced`: given sections and lists match exactly (the CLI's meaning).
- `overridden`: as `replaced`, and every list the configuration leaves out is
  emptied; the built-in `Admin` user and default no-signal images stay.
- `deleted`: remove the listed items (matched by their keys); everything that is
  not a list item is left alone.
"""
import copy

from usconf.errors import ValidationError

STATES = ("merged", "replaced", "overridden", "deleted")


def _ftp_or_drive_key(item):
    # An FTP server is known by where it writes; a cloud drive by its account.
    if item.get("type") == "ftp":
        return ("ftp", item.get("url"), item.get("port"), item.get("username"), item.get("dir"))
    return (item.get("type"), item.get("account_id"))


# Keyed lists of the language: path -> (key function, what a user calls the key).
LISTS = {
    ("live", "servers"): (lambda item: item.get("name"), "name"),
    ("uploads", "servers"): (_ftp_or_drive_key, "type plus url/port/username/dir or account_id"),
    ("users",): (lambda item: item.get("name"), "name"),
    ("cloud",): (lambda item: item.get("slot"), "slot"),
    ("video", "no_signal", "images"): (lambda item: item.get("name"), "name"),
}

# Items the device ships with and never lets go of.
BUILT_IN = {
    ("users",): {"Admin"},
    ("video", "no_signal", "images"): {"default0", "default1"},
}


def combine(state, desired, actual):
    """The canonical desired state that `state` means, given the device's canonical state."""
    if state not in STATES:
        raise ValueError(f"unknown state {state!r}; expected one of {', '.join(STATES)}")
    return _COMBINERS[state](copy.deepcopy(desired or {}), actual or {})


def _get(doc, path):
    for part in path:
        if not isinstance(doc, dict) or part not in doc:
            return None
        doc = doc[part]
    return doc


def _set(doc, path, value):
    for part in path[:-1]:
        doc = doc.setdefault(part, {})
    doc[path[-1]] = value


def _label(path, key_name, key):
    shown = key if not isinstance(key, tuple) else "/".join("" if k is None else str(k) for k in key)
    return f"{'.'.join(path)}[{shown!r}]" if key_name == "name" else f"{'.'.join(path)}[{key_name}={shown}]"


def _merge_dict(base, over):
    """`over` on top of `base`, recursively; lists in `over` are taken as they are."""
    out = dict(base)
    for name, value in over.items():
        if isinstance(value, dict) and isinstance(out.get(name), dict):
            out[name] = _merge_dict(out[name], value)
        else:
            out[name] = value
    return out


def _merged(desired, actual):
    for path, (key_of, _) in LISTS.items():
        given = _get(desired, path)
        if given is None:
            continue
        have = _get(actual, path) or []
        by_key = {key_of(item): item for item in have}
        named = set()
        items = []
        for item in given:
            key = key_of(item)
            named.add(key)
            items.append(_merge_dict(by_key[key], item) if key in by_key else item)
        # The device's other items follow in the device's order: nothing is deleted.
        items.extend(item for item in have if key_of(item) not in named)
        _set(desired, path, items)
    return desired


def _replaced(desired, actual):
    return desired


def _overridden(desired, actual):
    for path, (key_of, _) in LISTS.items():
        if _get(desired, path) is not None:
            continue
        keep = BUILT_IN.get(path, set())
        have = _get(actual, path)
        if have is None:
            continue
        _set(desired, path, [item for item in have if key_of(item) in keep])
    return desired


def _deleted(desired, actual):
    result = {}
    problems = []
    for path, (key_of, key_name) in LISTS.items():
        given = _get(desired, path)
        if not given:
            continue
        doomed = {key_of(item) for item in given}
        for key in doomed & BUILT_IN.get(path, set()):
            problems.append(f"{_label(path, key_name, key)}: is built into the device and cannot be deleted")
        have = _get(actual, path) or []
        _set(result, path, [item for item in have if key_of(item) not in doomed])
    if problems:
        raise ValidationError(problems)
    return result


_COMBINERS = {"merged": _merged, "replaced": _replaced, "overridden": _overridden, "deleted": _deleted}


def predict(desired, actual):
    """What the device should hold once `desired` (already combined) is reached.

    Used to show `after` without touching the device (check mode, rendered):
    given sections win, lists are taken as given with each matched item keeping
    the device's fields it does not set (write-only fields are never read back).
    """
    after = _merge_dict(copy.deepcopy(actual or {}), copy.deepcopy(desired or {}))
    for path, (key_of, _) in LISTS.items():
        given = _get(desired, path)
        if given is None:
            continue
        by_key = {key_of(item): item for item in _get(actual, path) or []}
        _set(after, path, [_merge_dict(by_key.get(key_of(item), {}), item) for item in given])
    return after
