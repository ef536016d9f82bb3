"""Find an order of calls the device accepts at every step, by simulating them.

The calls start in priority order (removals and disables, then group sets, then
additions, then enables, then users, then network). Each call is tried on an
in-process emulator holding what the device holds; when the device would refuse
it, the other pending calls are tried first. The search backtracks when a
choice leads to a dead end, within a bound on simulated calls, so a plan either
has an order proven call by call or fails before anything is sent.
"""
import copy
import os

from usconf.calls import PINNED, plain
from usconf.errors import PlanError
from usconf.spec import codes

SEARCH_BUDGET = 4000        # simulated calls before the search gives up

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
        from usconf.planner import would_make
        return would_make(self.before, self.call) or self.call.reason


def unchecked(backend):
    """A copy of a simulated device that skips the whole-state rules (16 servers, 2 enabled, 4 GB, ...).

    Only for wording what a refused call would have changed: the rule it breaks
    is the reason it was refused, so the copy must let it through to be read back.
    """
    trial = copy.deepcopy(backend)

    def change(mutate):
        new = copy.deepcopy(trial.settings)
        mutate(new)
        trial.settings = new
        return new
    trial.change = change
    return trial


def resolve_id(call, settings, cloud=None):
    """The device id of the list item a call targets, from the state as it is now."""
    from usconf.calls import image_key, server_key, upload_key
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


def order(prioritised, backend, budget=SEARCH_BUDGET):
    """[(priority, Call)] -> ([Call] in an order the simulated device accepts, backend after them)."""
    ranked = [c for p, c in sorted(prioritised, key=lambda pc: pc[0]) if p < PINNED]
    tail = [c for p, c in sorted(prioritised, key=lambda pc: pc[0]) if p >= PINNED]
    spent = [0]
    first_refusal = []

    def search(pending, state):
        if not pending:
            return [], state
        for i, call in enumerate(pending):
            if spent[0] >= budget:
                return None
            spent[0] += 1
            trial = copy.deepcopy(state)
            try:
                simulate(trial, call)
            except Refusal as refusal:
                if not first_refusal:
                    refusal.before = state
                    first_refusal.append(refusal)
                continue
            rest = search(pending[:i] + pending[i + 1:], trial)
            if rest is not None:
                return [call] + rest[0], rest[1]
        return None

    found = search(ranked, backend)
    if found is None:
        why = first_refusal[0].describe() if first_refusal else "the search for a safe order ran out of steps"
        raise PlanError(f"no safe order of calls reaches the configuration: {why}")
    ordered, state = found
    for call in tail:
        try:
            simulate(state, call)
        except Refusal as refusal:
            refusal.before = state
            raise PlanError(f"the configuration cannot be reached: {refusal.describe()}") from None
    return ordered + tail, state
