"""The planner makes calls exactly when there are changes (first boot aside).

make_plan relies on it: when the diff is empty and no first boot is pending it makes no
call without loading the planner (usconf.plan.build, the simulated device, the order
search). Every planner fixture is checked for it, on the device it starts from and on the
device its calls lead to. The convergence property test checks it on every plan it makes.
"""
from pathlib import Path

import pytest
import yaml
from planfix import device, plan_for

from usconf import model
from usconf.plan.diff import diff
from usconf.plan.simulate import read_back, simulate

CASES = [p for p in sorted((Path(__file__).parent.parent / "fixtures" / "plans").glob("*.yaml"))
         if "error" not in yaml.safe_load(p.read_text())]


def calls_and_changes(backend, case):
    calls, snap, wanted = plan_for(backend, case["desired"], url=case.get("url"))
    return calls, diff(model.from_device(snap), wanted)


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_the_planner_calls_exactly_when_there_are_changes(path):
    case = yaml.safe_load(path.read_text())
    backend = device(case.get("device"))
    first_boot = bool((case.get("device") or {}).get("first_boot"))
    calls, changes = calls_and_changes(backend, case)
    if not first_boot:      # set-first-over is a call with no change of the document's
        assert bool(calls) == bool(changes), [c.describe() for c in calls]
    for call in calls:
        simulate(backend, call)
    again, left = calls_and_changes(backend, case)
    assert bool(again) == bool(left), ([c.describe() for c in again], left)


def test_a_converged_device_plans_no_call_and_the_full_planner_agrees(emulator, fast_client):
    from usconf.apply.run import apply_plan
    from usconf.language.load import load
    from usconf.plan.make import make_plan

    desired = load(Path(__file__).parents[2] / "examples" / "minimal.yaml")
    with fast_client(emulator.url) as dev:
        assert apply_plan(make_plan(desired, dev), dev, desired).ok
        p = make_plan(desired, dev)
        assert (p.calls, p.changes) == ([], [])
        # what the planner itself would have made of it
        from usconf.plan.build import plan_calls
        snap = read_back(emulator.backend)
        assert plan_calls(model.to_device(desired.canonical, snap), snap) == []
