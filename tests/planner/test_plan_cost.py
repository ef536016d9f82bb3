"""The planner's fast paths give exactly what the slow ones gave.

- diff() walks nested dicts itself and leaves differing plain lists to DeepDiff:
  the Changes (paths, values, order) must be DeepDiff's.
- The order search copies the simulated device with fork(), not copy.deepcopy;
  a fork shares the settings body, which no call edits in place.
- Reasons are read from the search's own states instead of replaying the calls,
  and diff only the sections and groups that differ between two states.
"""
import copy
import random
from pathlib import Path

import pytest
import yaml
from planfix import device, plan_for

from usconf import model
from usconf.plan import diff as diff_module
from usconf.plan.diff import diff
from usconf.plan.simulate import _touched, explain, fork, read_back, simulate, simulated_device

CASES = sorted((Path(__file__).parent.parent / "fixtures" / "plans").glob("*.yaml"))
ODD = [None, True, False, 0, 1, 1.0, 2.5, "", "x", "60", [], ["a"], ["a", "b"], {}, {"k": 1}]


def _deepdiff_only(monkeypatch):
    def refuse(*args):
        raise diff_module._ListsDiffer
    monkeypatch.setattr(diff_module, "_walk_changes", refuse)


def _states():
    out = []
    for path in CASES:
        case = yaml.safe_load(path.read_text())
        if "error" in case:
            continue
        backend = device(case.get("device"))
        out.append(model.from_device(read_back(backend)))
        out.append(plan_for(backend, case["desired"], url=case.get("url"))[2])
    return out


def _mutate(tree, rng):
    tree = copy.deepcopy(tree)
    node = tree
    for _ in range(rng.randint(1, 4)):
        if not isinstance(node, dict) or not node:
            break
        key = rng.choice(list(node))
        if rng.random() < 0.3 or not isinstance(node[key], dict):
            choice = rng.random()
            if choice < 0.6:
                node[key] = copy.deepcopy(rng.choice(ODD))
            elif choice < 0.8:
                del node[key]
            else:
                node[f"{key}_new"] = rng.choice(ODD)
            break
        node = node[key]
    return tree


def _shown(a, b):
    try:
        return [repr(c) for c in diff(a, b)]
    except (AttributeError, TypeError, KeyError) as exc:   # a shape the model never makes: same failure
        return type(exc).__name__


def test_diff_matches_deepdiff_on_mutated_states(monkeypatch):
    rng = random.Random(7)
    states = _states()
    assert len(states) > 30
    pairs = []
    for _ in range(600):
        a = rng.choice(states)
        b = _mutate(rng.choice([a, rng.choice(states)]), rng)
        pairs.append((a, b))
    fast = [_shown(a, b) for a, b in pairs]
    _deepdiff_only(monkeypatch)
    slow = [_shown(a, b) for a, b in pairs]
    assert fast == slow
    assert sum(1 for f in fast if f and isinstance(f, list)) > 300      # the pairs do differ


def test_a_reason_diffs_only_what_differs_and_finds_the_same_changes():
    # _touched() cuts two states down to the sections and groups that differ before diff()
    rng = random.Random(11)
    states = _states()
    pairs = []
    for _ in range(600):
        a = rng.choice(states)
        pairs.append((a, _mutate(a, rng)))
        pairs.append((a, rng.choice(states)))
    whole = [_shown(a, b) for a, b in pairs]
    cut = [_shown(*_touched(a, b)) for a, b in pairs]
    assert cut == whole
    assert sum(1 for w in whole if w and isinstance(w, list)) > 300      # the pairs do differ


def test_fork_is_an_independent_copy_that_behaves_as_deepcopy():
    backend = device({"users": ["ops"]})
    backend.handle("add-server", {"type": "0", "name": "A", "url": "rtmp://a.example/live", "key": "k",
                                  "is-use": "0", "net-mode": "1", "is-auth": "0", "user": "", "passwd": "",
                                  "token": ""}, None, None, None)
    forked, copied = fork(backend), copy.deepcopy(backend)
    for clone in (forked, copied):
        clone.handle("set-name", {"name": "Other"}, None, None, None)
        clone.handle("del-user", {"id": "ops"}, None, None, None)
        clone.handle("enable-server", {"id": "0", "is-use": "1"}, None, None, None)
    assert read_back(forked) == read_back(copied)
    assert read_back(backend).settings["name"] != "Other"
    assert [u["id"] for u in read_back(backend).users] == [u["id"] for u in read_back(device({"users": ["ops"]})).users]


PLANNED = [p for p in CASES if "error" not in yaml.safe_load(p.read_text())]


@pytest.mark.parametrize("path", PLANNED, ids=[p.stem for p in PLANNED])
def test_reasons_from_the_search_match_a_replay(path):
    case = yaml.safe_load(path.read_text())
    backend = device(case.get("device"))
    calls, snap, _ = plan_for(backend, case["desired"], url=case.get("url"))
    planned = [c.reason for c in calls]
    replayed = copy.deepcopy(calls)
    explain(replayed, snap, simulated_device)
    assert [c.reason for c in replayed] == planned
    for call in calls:      # and the calls still run in that order
        simulate(backend, call)


@pytest.mark.parametrize("path", PLANNED, ids=[p.stem for p in PLANNED])
def test_a_forks_calls_leave_the_settings_it_shares_as_they_were(path):
    # fork() shares the settings body: only sound while no call edits it in place
    case = yaml.safe_load(path.read_text())
    backend = device(case.get("device"))
    calls, snap, _ = plan_for(backend, case["desired"], url=case.get("url"))
    state = simulated_device(snap)
    for call in calls:
        held = copy.deepcopy(state.settings)
        trial = fork(state)
        simulate(trial, call)
        assert state.settings == held, call.method
        state = trial
