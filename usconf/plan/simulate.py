"""Calls replayed on a simulated device: whether the device would take them, and what they change.

The simulated device is the emulator's backend (state and rules, no HTTP)
holding what a Snapshot read. The planner proves an order of calls here and
words each call's reason from the canonical state around it.
"""
import copy
import os

from usconf.emulator import Backend
from usconf.errors import PlanError
from usconf.model import from_device
from usconf.model.snapshot import Snapshot
from usconf.plan.calls import image_key, plain, server_key, upload_key
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


def unchecked(backend):
    """A copy of a simulated device that skips the whole-state rules (16 servers, 2 enabled, 4 GB, ...).

    Only for wording what a refused call would have changed: the rule it breaks
    is the reason it was refused, so the copy must let it through to be read back.
    """
    trial = copy.deepcopy(backend)
    trial.check_rules = False
    return trial


def resolve_id(call, settings, cloud=None):
    """The device id of the list item a call targets, from the state as it is now."""
    lst, key = call.target["list"], call.target["key"]
    keyfn = {"stream-server": server_key, "send-file-cloud": upload_key, "nosignal-files": image_key}[lst]
    want = plain(key)
    for item in settings.get(lst, []):
        if {k: str(v) for k, v in plain(keyfn(item)).items()} == {k: str(v) for k, v in want.items()}:
            return item.get("id")
    return None


def wire_params(call, settings):
    """The params as strings, with the target's id filled in; None if the target does not exist."""
    params = {k: plain(v) for k, v in call.params.items()}
    if call.target is not None:
        found = resolve_id(call, settings)
        if found is None:
            return None
        params = dict(id=str(found), **params)
    return params


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
            with open(call.upload, "rb") as fh:
                files = {"file": (os.path.basename(call.upload), fh.read())}
        except OSError as exc:
            raise PlanError(f"{call.upload}: cannot read ({exc.strerror})") from None
    answer = backend.handle(call.method, params, None, files, None)
    result = int(answer.get("result", 0))
    if result < 0:
        raise Refusal(call, result)


def simulated_device(snapshot):
    """An in-process emulator holding what `snapshot` read."""
    held = snapshot.copy()
    held.users = {"users": list(snapshot.users)}     # get-users' own body shape
    # Strict: a plan is proven against the most conservative reading of the reference.
    return Backend.from_snapshot(held, strict=True)


def read_back(backend):
    """A Snapshot of a simulated device, read through its API as the client reads a real one."""
    def body(method, **params):
        answer = dict(backend.handle(method, {k: str(v) for k, v in params.items()}, None, None, None))
        answer.pop("result", None)
        return answer
    cloud = body("cloud-status", version=1)
    return Snapshot(info=body("get-info"), status=body("get-status"), settings=body("get-settings"),
                    users=body("get-users"), edid=body("get-edid-config"),
                    cloud=cloud if cloud else None)


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


def _made(call, before, after):
    """The changes between two canonical states as one reason (`video.main.fps 60 -> 59.94; ...`)."""
    made = diff(before, after)
    if call.method == FIRST_OVER:
        made.insert(0, Change(FIRST_BOOT, "update", "pending", "done"))
    return "; ".join(reason_text(c) for c in made) or None
