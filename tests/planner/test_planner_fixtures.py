"""Every case in tests/fixtures/plans: the planner's calls, in order, and where they lead.

A case: device (how the simulated device starts), desired (the YAML document;
`unvalidated: true` skips the loader's own rule checks, as a caller building a
canonical state directly would, to prove the planner refuses it by itself),
then either calls (the expected calls in order: method plus the params that
matter; `target` is the list item's key) or error (text the PlanError must hold).
`reasons`, when given, are each call's reason as the plan shows it, in order.
Calls are compared in the order the planner gives them: the order is the product.
After the comparison the calls are run on the simulated device, which must then
match the desired state (so a case also proves its params).
"""
from pathlib import Path

import pytest
import yaml
from planfix import device, plan_for, shown

from usconf import model
from usconf.errors import PlanError
from usconf.plan.diff import diff
from usconf.plan.simulate import read_back, simulate

CASES = sorted((Path(__file__).parent.parent / "fixtures" / "plans").glob("*.yaml"))


def test_there_are_enough_cases():
    assert len(CASES) >= 30


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_case(path):
    case = yaml.safe_load(path.read_text())
    backend = device(case.get("device"))
    if "error" in case:
        with pytest.raises(PlanError) as err:
            plan_for(backend, case["desired"], validate=not case.get("unvalidated"))
        for text in ([case["error"]] if isinstance(case["error"], str) else case["error"]):
            assert text in str(err.value)
        return
    calls, snap, wanted = plan_for(backend, case["desired"], url=case.get("url"))
    got = [shown(c) for c in calls]
    expected = case["calls"]
    assert [g["method"] for g in got] == [e["method"] for e in expected], "\n".join(c.describe() for c in calls)
    for n, (g, e) in enumerate(zip(got, expected), 1):
        for key, value in e.items():
            assert str(g.get(key)) == str(value), f"call {n} {g['method']}: {key} is {g.get(key)!r}, want {value!r}"
    if "reasons" in case:
        assert [c.reason for c in calls] == case["reasons"]
    for call in calls:
        simulate(backend, call)
    after = model.from_device(read_back(backend))
    left = [c for c in diff(after, wanted) if not c.path.endswith(("password", "invitation_code", "file"))]
    assert left == []
