"""Find an order of calls the device accepts at every step, by simulating them.

The calls start in priority order (removals and disables, then group sets, then
additions, then enables, then users, then network). Each call is tried on an
in-process emulator holding what the device holds; when the device would refuse
it, the other pending calls are tried first. The search backtracks when a
choice leads to a dead end, within a bound on simulated calls, so a plan either
has an order proven call by call or fails before anything is sent.
"""
from usconf.errors import PlanError
from usconf.plan.calls import PINNED
from usconf.plan.simulate import Refusal, fork, simulate

SEARCH_BUDGET = 4000        # simulated calls before the search gives up

def order(prioritised, backend, budget=SEARCH_BUDGET, states=None):
    """[(priority, Call)] -> ([Call] in an order the simulated device accepts, backend after them).

    `states`, a list, receives the simulated device after each returned call, in
    order: the planner words each call's reason from them without replaying the calls.
    """
    ranked = [c for p, c in sorted(prioritised, key=lambda pc: pc[0]) if p < PINNED]
    tail = [c for p, c in sorted(prioritised, key=lambda pc: pc[0]) if p >= PINNED]
    spent = [0]
    first_refusal = []

    def search(pending, state):
        if not pending:
            return [], [], state
        for i, call in enumerate(pending):
            if spent[0] >= budget:
                return None
            spent[0] += 1
            trial = fork(state)
            try:
                simulate(trial, call)
            except Refusal as refusal:
                if not first_refusal:
                    refusal.before = state
                    first_refusal.append(refusal)
                continue
            rest = search(pending[:i] + pending[i + 1:], trial)
            if rest is not None:
                return [call] + rest[0], [trial] + rest[1], rest[2]
        return None

    found = search(ranked, backend)
    if found is None:
        why = first_refusal[0].describe() if first_refusal else "the search for a safe order ran out of steps"
        raise PlanError(f"no safe order of calls reaches the configuration: {why}")
    ordered, path, state = found
    for call in tail:
        # on a copy, so the states handed back stay as they were after each call
        state = fork(state)
        try:
            simulate(state, call)
        except Refusal as refusal:
            refusal.before = state
            raise PlanError(f"the configuration cannot be reached: {refusal.describe()}") from None
        path.append(state)
    if states is not None:
        states.extend(path)
    return ordered + tail, state
