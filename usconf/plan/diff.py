"""Canonical actual + canonical desired -> the Changes a user reads.

Only what the desired state names is compared: an absent section or key is
unmanaged and produces nothing. Keyed lists are compared by their keys (a
server renamed is one deleted and one added, never "item 3 changed"), and a
list that is present is authoritative: items it does not name are deletions.
Write-only values (passwords, invitation codes) cannot be read back, so they
show as a change only where they will be sent: on create, or with
`update_password: always`.
"""

from usconf.digests import sha256_hex
from usconf.model import lists
from usconf.plan.records import Change
from usconf.secrets import Secret

KEYED = lists.BY_PATH      # keyed lists of the language: their items are compared by label
# Planner hints and values that are sent but never compared.
NOT_COMPARED = {"update_password", "current_pairing_password"}
# The manual clock (device.time.time) is sent with auto: false but never compared: the clock moves on.
# Only that key: `device.time` itself (timezone, auto) is compared like any other group.
CLOCK = (("device", "time"), "time")
WRITE_ONLY_KEYS = {"password", "pairing_password", "invitation_code", "file"}


class ItemKey(tuple):
    """A keyed-list item inside the comparison: renders as ["name"]."""

    def __new__(cls, key):
        return super().__new__(cls, ("#", key))

    @property
    def key(self):
        return self[1]


def _sensitive_paths():
    try:
        from usconf.model import SENSITIVE
        return set(SENSITIVE)
    except ImportError:
        return set()


def _token(secret):
    # Secrets compare by a digest, so the comparison never holds the value itself.
    return "\x00secret:" + sha256_hex(secret.reveal())


def _prepare(value, path=()):
    """Keyed lists become dicts by key; Secrets become digests."""
    if isinstance(value, Secret):
        return _token(value)
    if isinstance(value, list) and path in KEYED:
        return {ItemKey(KEYED[path].label(i)): _prepare(i, path + ("[]",)) for i in value}
    if isinstance(value, dict):
        return {k: _prepare(v, path + (k,)) for k, v in value.items()}
    if isinstance(value, list):
        return [_prepare(v, path) for v in value]
    return value


def _managed(desired, actual, path=()):
    """(desired, actual) restricted to what desired manages."""
    if isinstance(desired, dict) and isinstance(actual, dict):
        keyed = path and any(isinstance(k, ItemKey) for k in list(desired) + list(actual))
        keyed = keyed or (path in KEYED)
        if keyed:
            keep = KEYED[path].built_in if path in KEYED else set()
            act = {k: v for k, v in actual.items() if k in desired or k.key not in keep}
            out_d, out_a = {}, {}
            for k, v in desired.items():
                if k in act:
                    out_d[k], out_a[k] = _managed(v, act[k], path + ("[]",))
                else:
                    out_d[k] = _drop_hints(v)
            for k, v in act.items():
                if k not in desired:
                    out_a[k] = v
            return out_d, out_a
        always = desired.get("update_password") == "always"
        out_d, out_a = {}, {}
        for k, v in desired.items():
            if k in NOT_COMPARED or (path, k) == CLOCK:
                continue
            if k in WRITE_ONLY_KEYS and k not in actual and (not always or v is None):
                continue     # exists already; write-only values are not compared (null: none to send)
            if k in actual:
                out_d[k], out_a[k] = _managed(v, actual[k], path + (k,))
            else:
                out_d[k] = _drop_hints(v, path + (k,))
        return out_d, out_a
    return _drop_hints(desired, path), actual


def _drop_hints(value, path=()):
    if isinstance(value, dict):
        return {k: _drop_hints(v, path + (k,)) for k, v in value.items()
                if k not in NOT_COMPARED and (path, k) != CLOCK}
    return value


def _keys_in_order(tree, path=(), out=None):
    out = [] if out is None else out
    if isinstance(tree, dict):
        for k, v in tree.items():
            out.append(path + (k,))
            _keys_in_order(v, path + (k,), out)
    return out


def path_text(parts):
    """['live', 'servers', ItemKey('Backup')] -> live.servers["Backup"]."""
    text = ""
    for p in parts:
        if isinstance(p, ItemKey):
            text += f"[{p.key!r}]" if not isinstance(p.key, str) else f'["{p.key}"]'
        elif isinstance(p, int):
            text += f"[{p}]"
        else:
            text += ("." if text else "") + str(p)
    return text


def _pattern(parts):
    """The path with item keys as [] (the form model.SENSITIVE uses)."""
    return ".".join("[]" if isinstance(p, ItemKey) else str(p) for p in parts if not isinstance(p, int)).replace(".[]", "[]")


def _unprepare(value):
    if isinstance(value, str) and value.startswith("\x00secret:"):
        return Secret("")   # masked whatever the digest; the value never leaves the plan
    if isinstance(value, dict):
        return {(k.key if isinstance(k, ItemKey) else k): _unprepare(v) for k, v in value.items()}
    return value


def _has_secret(value):
    if isinstance(value, str):
        return value.startswith("\x00secret:")
    if isinstance(value, dict):
        return any(_has_secret(v) for v in value.values())
    if isinstance(value, list):
        return any(_has_secret(v) for v in value)
    return False


class _ListsDiffer(Exception):
    """Two plain lists differ: how DeepDiff reports that (item by item, by difflib) is left to DeepDiff."""


def strictly_equal(one, two):
    """Equal with the same types all the way down (DeepDiff reports 1 -> 1.0 and 1 -> True as changes)."""
    if type(one) is not type(two):
        return False
    if isinstance(one, dict):
        return len(one) == len(two) and all(k in two and strictly_equal(v, two[k]) for k, v in one.items())
    if isinstance(one, (list, tuple)):
        return len(one) == len(two) and all(strictly_equal(a, b) for a, b in zip(one, two))
    return one == two


_PLAIN = (str, int, float, bool)


def _walk_changes(have, want, parts, out):
    """DeepDiff's tree report for nested dicts and scalars, without DeepDiff: (kind, parts, t1, t2).

    Kinds and their order within a kind match DeepDiff's (added keys in the new
    order, removed keys in the old order, then common keys recursed into), which
    is all diff()'s ordering reads. Differing plain lists raise _ListsDiffer.
    """
    if have is want:
        return
    if type(have) is not type(want):
        out.append(("type_changes", parts, have, want))
    elif isinstance(have, dict):
        for key in want:
            if key not in have:
                out.append(("dictionary_item_added", parts + [key], None, want[key]))
        for key in have:
            if key not in want:
                out.append(("dictionary_item_removed", parts + [key], have[key], None))
        for key in want:
            if key in have:
                _walk_changes(have[key], want[key], parts + [key], out)
    elif isinstance(have, _PLAIN) or have is None:
        if have != want:
            out.append(("values_changed", parts, have, want))
    elif not strictly_equal(have, want):
        raise _ListsDiffer


def _deepdiff_changes(have, want):
    # here, not at the top: only differing plain lists need it, and it is slow to load
    from deepdiff import DeepDiff

    tree = DeepDiff(have, want, view="tree", verbose_level=2, threshold_to_diff_deeper=0)
    return [(kind, level.path(output_format="list"), level.t1, level.t2)
            for kind, levels in tree.items() for level in levels]


def diff(actual, desired):
    """[Change] from the canonical actual to the canonical desired state, in document order."""
    want, have = _managed(_prepare(desired), _prepare(actual))
    # Walking the two trees directly is ~100 times faster than DeepDiff; the planner diffs after
    # every call, so this is most of a plan's CPU time. Lists that differ still go to DeepDiff.
    try:
        found = []
        _walk_changes(have, want, [], found)
    except _ListsDiffer:
        found = _deepdiff_changes(have, want)
    sensitive = _sensitive_paths()
    changes = {}
    for kind, parts, t1, t2 in found:
        before = None if kind.endswith("_added") else t1
        after = None if kind.endswith("_removed") else t2
        if kind.startswith("iterable_item"):
            # A plain list (dns servers, parents): the whole list is the value.
            parts = parts[:-1]
            before, after = _get(have, parts), _get(want, parts)
            kind = "values_changed"
        action = {"dictionary_item_added": "add", "dictionary_item_removed": "delete"}.get(kind, "update")
        secret = _has_secret(before) or _has_secret(after) or _pattern(parts) in sensitive
        changes[tuple(parts)] = Change(path_text(parts), action, _unprepare(before), _unprepare(after), secret)
    order = {}
    for i, p in enumerate(_keys_in_order(want)):
        order.setdefault(p, i)

    def place(p):
        # A deletion sits right after the last thing its parent list holds.
        for cut in range(len(p), 0, -1):
            if p[:cut] in order:
                return (order[p[:cut]], cut != len(p))
        return (len(order), True)
    return [changes[p] for p in sorted(changes, key=place)]


def _get(tree, parts):
    for p in parts:
        tree = tree[p]
    return tree
