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

`converge` and `render` run a state end to end (read, combine, plan, apply or
not, read back); `gathered` gives the device's state as a configuration.
"""
import copy
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from usconf.errors import ApplyError, ValidationError
from usconf.model import lists
from usconf.plan.records import masked as shown  # noqa: F401 (the bridge shows results with it)
from usconf.secrets import Secret

STATES = ("merged", "replaced", "overridden", "deleted")


# Keyed lists of the language (model/lists.py): path -> (key function, what a user calls the key).
LISTS = {lst.path: (lst.key, lst.key_name) for lst in lists.ALL}

# Items the device ships with and never lets go of.
BUILT_IN = {lst.path: lst.built_in for lst in lists.ALL if lst.built_in}


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
    text = key if not isinstance(key, tuple) else "/".join("" if k is None else str(k) for k in key)
    return f"{'.'.join(path)}[{text!r}]" if key_name == "name" else f"{'.'.join(path)}[{key_name}={text}]"


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
        by_key = {key_of(item): item for item in given}
        # The device's items stay, in the device's order, updated where given; new ones
        # follow, as the device appends them. Nothing is deleted.
        items = [_merge_dict(item, by_key[key_of(item)]) if key_of(item) in by_key else item for item in have]
        known = {key_of(item) for item in have}
        items.extend(item for item in given if key_of(item) not in known)
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


# --- running a state ---------------------------------------------------------------------------

@dataclass
class Outcome:
    """What a state did: canonical before/after (after is predicted when nothing was sent)."""
    before: dict
    after: dict
    plan: object
    result: Optional[object] = None

    @property
    def changed(self):
        return bool(self.plan.calls or self.plan.firmware)

    @property
    def commands(self):
        from usconf.plan.firmware import describe
        firmware = [describe(self.plan.firmware)] if self.plan.firmware else []
        return firmware + [call.describe() for call in self.plan.calls]


def _canonical(desired):
    return desired.canonical if hasattr(desired, "canonical") else desired


def converge(state, desired, client, check=False, allow_interrupt=False):
    """Bring the device behind `client` to what `state` means for `desired`; with `check`, send nothing.

    `desired` is a usconf.language.load.Desired or a canonical dict (for `deleted`, the keys
    of the items to remove are enough: see `deletion_request`). Raises ApplyError
    when the device refuses a call (the applied calls are rolled back) or does not
    read back as planned; its `changed` says whether the device was left changed. Raises
    OnAirError, sending nothing, when the device is live or recording and a call would
    interrupt it, unless `allow_interrupt`.
    """
    from usconf import model
    from usconf.apply.run import apply_plan
    from usconf.model import gather
    from usconf.plan.make import make_plan

    snapshot = model.read_snapshot(client)
    before = model.from_device(snapshot)
    target = combine(state, _canonical(desired), before)
    plan = make_plan(target, snapshot, client=client, url=getattr(client, "base", None))
    if not plan.calls and not plan.firmware:
        return Outcome(before, before, plan)
    if check:
        return Outcome(before, predict(target, before), plan)
    result = apply_plan(plan, client, target, allow_interrupt=allow_interrupt)
    if not result.ok:
        # Calls that landed and were not all undone changed the device: say so even though it failed.
        raise ApplyError(apply_failure(result), changed=bool(result.applied) and result.rolled_back is not True,
                         result=result)
    # apply's verifying read is the state after: reading the whole device again would add nothing
    after = model.from_device(result.snapshot) if result.snapshot is not None else gather(client)
    return Outcome(before, after, plan, result)


def apply_failure(result):
    """One message saying what failed and where the device was left."""
    code = getattr(result.failure, "code", None)
    if result.failed is not None and code is not None:
        text = (f"the device refused {result.failed.describe()} with {code} {result.failure.name} "
                f"({result.failure.description.rstrip('.')})")
    elif result.failed is not None:
        text = f"{result.failed.describe()} failed: {result.error}"
    elif result.error:
        text = result.error
    else:
        text = "the device did not take: " + ", ".join(str(getattr(c, "path", c)) for c in result.ignored)
    if result.rolled_back:
        text += f"; the {len(result.applied)} applied call(s) were rolled back"
    elif result.rolled_back is False:
        text += f"; rolling back failed: {result.rollback_error}"
    elif result.applied:
        text += f"; {len(result.applied)} call(s) were applied"
    return text


def gathered(client):
    """The device's state as a configuration that, given back with `replaced`, changes nothing.

    Secrets the device reports are left out: a configuration that does not give
    a stream key leaves the device's key as it is.
    """
    from usconf.model import gather
    return as_configuration(without_secrets(gather(client)))


def as_configuration(canonical):
    """The canonical state as the language accepts it: what the schema does not know is left out.

    The canonical actual carries facts that are not settings (that a pairing
    password is set, the EDID's bytes, an RTSP server's absent auth); the
    schema says which keys and nulls a configuration may hold.
    """
    from usconf.language.load import schema
    return _project(canonical, schema())


def _project(value, node):
    from usconf.language.load import resolve
    node = resolve(node)
    kinds = node.get("type", [])
    kinds = [kinds] if isinstance(kinds, str) else kinds
    if isinstance(value, dict) and "properties" in node:
        props = node["properties"]
        out = {}
        for key, item in value.items():
            if key not in props:
                continue
            sub = props[key]
            projected = _project(item, sub)
            if projected is not None or _allows_null(sub):
                out[key] = projected
        return out
    if isinstance(value, list) and "items" in node:
        return [_project(item, node["items"]) for item in value]
    if value is None and kinds and "null" not in kinds:
        return None
    return value


def _allows_null(node):
    from usconf.language.load import resolve
    kinds = resolve(node).get("type", [])
    return kinds == "null" or (isinstance(kinds, list) and "null" in kinds)


def render(state, desired, running=None):
    """The plan for `desired` under `state` against `running` (a canonical state) or a factory-new HDMI
    encoder, computed offline on an emulated device on 127.0.0.1."""
    from usconf.apply.run import apply_plan
    from usconf.client import Client
    from usconf.emulator import running as emulated
    from usconf.plan.make import make_plan

    with emulated(count=1) as device:
        with Client(device.url, cloud_port=device.cloud_port) as client:
            if running:
                plan = make_plan(running, client)
                result = apply_plan(plan, client, running)
                if not result.ok:
                    raise ValidationError([f"running_config: cannot be reached: {apply_failure(result)}"])
            return converge(state, desired, client, check=True).plan


def deletion_request(data, name="config"):
    """The list items a `deleted` configuration names, by key only (other fields and sections ignored)."""
    if not isinstance(data, dict):
        raise ValidationError([f"{name}: the items to delete must be a mapping of sections (live:, users:, ...)"])
    out, problems = {}, []
    for path, (key_of, key_name) in LISTS.items():
        items = _get(data, path)
        if items is None:
            continue
        where = f"{name}: {'.'.join(path)}"
        if not isinstance(items, list):
            problems.append(f"{where}: must be a list")
            continue
        for i, item in enumerate(items):
            if not isinstance(item, dict):
                problems.append(f"{where}[{i}]: must be a mapping naming the item by its {key_name}")
                continue
            key = key_of(item)
            if key is None or (isinstance(key, tuple) and None in key[:2]):
                problems.append(f"{where}[{i}]: names no item; give its {key_name}")
        _set(out, path, [dict(item) for item in items if isinstance(item, dict)])
    if problems:
        raise ValidationError(problems)
    return out


def read_deletion_file(path):
    """`deletion_request` for a file (jinja2 expressions rendered as for any configuration)."""
    from usconf.language import template
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ValidationError([f"{path}: cannot read: {getattr(exc, 'strerror', None) or exc}"]) from None
    rendered = template.render(text, str(path), base_dir=path.parent, env=os.environ)
    return deletion_request(rendered.data, str(path))


def without_secrets(value):
    """A JSON-safe copy with every secret left out."""
    if isinstance(value, dict):
        return {str(k): without_secrets(v) for k, v in value.items()
                if not isinstance(v, Secret) and not str(k).startswith("_")}
    if isinstance(value, (list, tuple)):
        return [without_secrets(v) for v in value if not isinstance(v, Secret)]
    return value


def secret_values(*values):
    """The plain text of every secret in `values` (so a caller's own logging can scrub them)."""
    found, stack = set(), list(values)
    while stack:
        value = stack.pop()
        if hasattr(value, "doc"):          # a loaded Desired: its document holds every secret given
            value = value.doc
        if isinstance(value, Secret):
            if value.reveal():
                found.add(value.reveal())
        elif isinstance(value, dict):
            stack.extend(value.values())
        elif isinstance(value, (list, tuple)):
            stack.extend(value)
    return found
