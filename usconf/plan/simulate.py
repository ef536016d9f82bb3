"""Calls replayed on a simulated device: whether the device would take them, and what they change.

The simulated device is the emulator's backend (state and rules, no HTTP)
holding what a Snapshot read. The planner proves an order of calls here and
words each call's reason from the canonical state around it.
"""
import os
from collections import OrderedDict

from usconf.emulator import Backend
from usconf.errors import PlanError
from usconf.files import MIB, FileRefused, read_regular
from usconf.model import from_device, lists
from usconf.model.snapshot import Snapshot
from usconf.plan.calls import plain
from usconf.plan.diff import diff
from usconf.plan.reasons import reason_text
from usconf.plan.records import FIRST_BOOT, FIRST_OVER, Change
from usconf.spec import codes

# Calls whose effect the simulation cannot see (the old password is not known
# to a simulated device): they are ordered by priority alone.
NOT_SIMULATED = frozenset({"ch-password", "set-app-passwd"})


class Refusal(Exception):
    def __init__(self, call, code, detail=""):
        self.call, self.code, self.detail = call, code, detail
        self.before = None      # the simulated device the call was tried on, to word what it would change
        super().__init__(f"{call.method} refused with {code}")

    def describe(self):
        known = codes.lookup(self.code)
        extra = f": {self.detail}" if self.detail else ""
        return f"{self.call.method} ({self.effect()}) would be refused with {known.name} ({known.description}){extra}"

    def effect(self):
        """What the refused call would change, worded as the plan's change lines and call reasons are."""
        if self.before is None:
            return self.call.reason
        return would_make(self.before, self.call) or self.call.reason


_ATOMIC = frozenset({str, int, float, bool, bytes, type(None)})


def _copy(value, memo):
    kind = type(value)
    if kind in _ATOMIC:
        return value
    if kind is dict or kind is list or kind is OrderedDict:
        found = memo.get(id(value))
        if found is not None:
            return found
        if kind is list:
            out = memo[id(value)] = []
            out.extend(_copy(v, memo) for v in value)
        else:
            out = memo[id(value)] = kind()
            for k, v in value.items():
                out[k] = _copy(v, memo)
        return out
    import copy  # here: only for a value that is not JSON-shaped, which few devices hold

    return copy.deepcopy(value, memo)


# Backend attributes copies share instead of copying:
# - what no call a plan can contain changes: get-info's body (model, serial, firmware, capability
#   ranges; only a finished firmware update changes it, and the planner never plans one), the
#   background job timings, the clock, and the injected hardware faults (handlers only read them;
#   their random generator is drawn from by the HTTP layer alone);
# - the session generator: only login draws from it, and a plan never logs in;
# - the settings: Backend.change() never edits them in place, it commits a changed copy (a refused
#   change must leave them untouched), so a copy's calls replace its own reference and leave the
#   shared body as it was. They are most of the device's state: copying them was most of a fork.
SHARED = frozenset({"info", "timings", "clock", "faults", "random", "settings"})


def fork(backend):
    """A copy of a simulated device that behaves as a copy.deepcopy of it would, several times faster.

    The device's state is JSON-shaped data (dicts, lists, strings, numbers);
    those are copied directly, anything else by copy.deepcopy with the same memo,
    so shared references stay shared exactly as deepcopy keeps them; SHARED
    attributes are not copied. The order search copies the device before every
    trial call, so this is a large part of a plan's cost.
    """
    memo = {}
    clone = object.__new__(type(backend))
    memo[id(backend)] = clone
    clone.__dict__.update({name: value if name in SHARED else _copy(value, memo)
                           for name, value in vars(backend).items()})
    return clone


def unchecked(backend):
    """A copy of a simulated device that skips the whole-state rules (16 servers, 2 enabled, 4 GB, ...).

    Only for wording what a refused call would have changed: the rule it breaks
    is the reason it was refused, so the copy must let it through to be read back.
    """
    trial = fork(backend)
    trial.check_rules = False
    return trial


def wire_params(call, settings):
    """The params as strings, with the target's id filled in; None if the target does not exist."""
    params = {k: plain(v) for k, v in call.params.items()}
    if call.target is not None:
        found = lists.find_id(call.target, settings)
        if found is None:
            return None
        params = dict(id=str(found), **params)
    return params


UPLOAD_MAX_BYTES = 4 * MIB     # an EDID or a no-signal image; the language caps them lower


def simulate(backend, call):
    """Run one call on a simulated device; raises Refusal when the device would refuse it."""
    if call.method in NOT_SIMULATED:
        return
    params = wire_params(call, backend.settings)
    if params is None:
        raise Refusal(call, codes.PARAM, "the item it acts on does not exist yet")
    files = None
    if call.upload:
        try:
            # the file may have been swapped since validation: still only a regular file, within a cap
            data = read_regular(call.upload, UPLOAD_MAX_BYTES, what="the file")
            files = {"file": (os.path.basename(call.upload), data)}
        except FileRefused as exc:
            raise PlanError(f"{call.upload}: {exc}") from None
        except OSError as exc:
            raise PlanError(f"{call.upload}: cannot read ({exc.strerror})") from None
    answer = backend.handle(call.method, params, None, files, None)
    result = int(answer.get("result", 0))
    if result < 0:
        raise Refusal(call, result)


def simulated_device(snapshot):
    """An in-process emulator holding what `snapshot` read."""
    # A shallow copy is enough: from_snapshot copies every body it keeps.
    held = Snapshot(*(getattr(snapshot, name) for name in snapshot.__slots__))
    held.users = {"users": list(snapshot.users)}     # get-users' own body shape
    # Strict: a plan is proven against the most conservative reading of the reference.
    return Backend.from_snapshot(held, strict=True)


def _body(backend, method, **params):
    answer = dict(backend.handle(method, {k: str(v) for k, v in params.items()}, None, None, None))
    answer.pop("result", None)
    return answer


def read_info(backend):
    """A simulated device's get-info body, for read_back's `info`: read once, it serves every fork."""
    return _body(backend, "get-info")


def read_back(backend, info=None):
    """A Snapshot of a simulated device, read through its API as the client reads a real one.

    `info`: a get-info body already read from this device (or a fork sharing its info), to reuse.
    """
    cloud = _body(backend, "cloud-status", version=1)
    return Snapshot(info=read_info(backend) if info is None else info, status=_body(backend, "get-status"),
                    settings=_body(backend, "get-settings"), users=_body(backend, "get-users"),
                    edid=_body(backend, "get-edid-config"), cloud=cloud if cloud else None)


def explain(calls, snapshot, backend_factory=simulated_device):
    """Give each call the reason a user reads: the changes it makes, in the language's terms.

    The calls are replayed on a simulated device and the canonical state is
    diffed around each one, so a reason names paths, units and list items
    exactly as the plan's change lines do. A call whose effect cannot be read
    back (a write-only password, a not-simulated call) keeps its own reason.
    """
    backend = backend_factory(snapshot)
    before = _canonical(backend)
    for call in calls:
        try:
            simulate(backend, call)
        except Refusal:
            return      # order() proved the sequence; a refusal here leaves the remaining reasons as made
        after = _canonical(backend)
        call.reason = _made(call, before, after) or call.reason
        before = after


def explain_states(calls, states):
    """explain() for calls already simulated: states[0] is the device before calls[0], states[i + 1] after calls[i].

    The order search has run every call on a copy of the device; reading those
    copies gives the same reasons as replaying the calls, at a fraction of the cost.
    """
    if not calls:
        return      # nothing to word: a device already as the file says is not read again
    infos = {}      # the states share get-info's body (fork's SHARED): read it once per body

    def canonical(state):
        key = id(state.info)
        if key not in infos:
            infos[key] = (state.info, read_info(state))    # holding the body keeps its id unique
        return from_device(read_back(state, info=infos[key][1]))

    reprs = {}      # id -> (value, repr): a state's sections are compared as `after`, then as `before`

    def shown(value):
        key = id(value)
        if key not in reprs:
            reprs[key] = (value, repr(value))       # holding the value keeps its id unique
        return reprs[key][1]

    before = canonical(states[0])
    for call, state in zip(calls, states[1:]):
        after = canonical(state)
        call.reason = _made(call, before, after, shown) or call.reason
        before = after


def would_make(backend, call):
    """What `call` would change on a simulated device, worded as explain() words it; None if unknown.

    For a call the device refuses: it is replayed on a copy that skips the
    whole-state rules, so the message names what the user asked for, not params.
    """
    trial = unchecked(backend)
    before = _canonical(trial)
    try:
        simulate(trial, call)
    except (Refusal, PlanError):
        return None
    return _made(call, before, _canonical(trial))


def _canonical(backend):
    return from_device(read_back(backend))


def _unchanged(one, two, shown=repr):
    """True when diff() can find nothing between two canonical values; cheap, done per call and section.

    Equal values with equal reprs have equal types all the way down for the
    model's values (dicts, lists, str, numbers, bool, None, Secret): 1 and 1.0 or
    True, which diff() reports as changes, print differently. A value this
    wrongly calls changed costs a diff that finds nothing; none is wrongly unchanged.
    `shown`: repr, or a memo of it (explain_states reads each state's sections twice).
    """
    return one == two and shown(one) == shown(two)


# A group diff() reads beside its siblings (whether a password is sent): never cut away.
_KEPT = frozenset({"update_password"})


def _cut(before, after, shown):
    """The keys of two dicts whose values differ, or None to keep them whole (a key appears or goes)."""
    if before.keys() != after.keys():
        return None
    return [key for key in after if key in _KEPT or not _unchanged(before[key], after[key], shown)]


def _touched(before, after, shown=repr):
    """(before, after) cut down to the sections that differ, and each of those to its groups that
    differ (video.main of video), so a reason costs what the call changed.

    The same changes come out in the same order as from the whole states: diff()
    orders changes by their place in `after`, sections and groups it drops have
    none, and a kept group keeps its path. When a section or group appears or
    disappears, the level it is in is kept whole.
    """
    names = _cut(before, after, shown)
    if names is None:
        return before, after
    one, two = {}, {}
    for name in names:
        one[name], two[name] = before[name], after[name]
        if isinstance(one[name], dict) and isinstance(two[name], dict):
            keys = _cut(one[name], two[name], shown)
            if keys is not None:
                one[name] = {k: one[name][k] for k in keys}
                two[name] = {k: two[name][k] for k in keys}
    return one, two


def _made(call, before, after, shown=repr):
    """The changes between two canonical states as one reason (`video.main.fps 60 -> 59.94; ...`)."""
    made = diff(*_touched(before, after, shown))
    if call.method == FIRST_OVER:
        made.insert(0, Change(FIRST_BOOT, "update", "pending", "done"))
    return "; ".join(reason_text(c) for c in made) or None
