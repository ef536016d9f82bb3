"""A dropped connection at any call of a multi-call plan, before or after the device applied it.

Every run must end either applied and verified, or rolled back to exactly the
state read before apply: never a duplicate or a missing server or user.
"""
import pytest

from usconf import model
from usconf.apply.run import apply_plan
from usconf.client import Client, RetryPolicy
from usconf.emulator import running
from usconf.language.load import load_data
from usconf.plan.make import make_plan

DESIRED = {
    "usconf": 1,
    "device": {"name": "Drop Test"},
    "video": {"main": {"bitrate": "2M"}},
    "live": {"servers": [
        {"name": "A", "type": "rtmp", "url": "rtmp://a.example.net/live", "key": "ka", "enabled": True},
        {"name": "B", "type": "rtmp", "url": "rtmp://b.example.net/live", "key": "kb", "enabled": True},
    ]},
    "uploads": {"servers": [{"type": "ftp", "protocol": "ftp", "url": "ftp.example.net", "port": 21, "dir": "/x",
                             "login": "normal", "username": "u", "password": "p", "enabled": True}]},
    "users": [{"name": "ops", "password": "ops-pw"}],
}


def _plan_methods():
    with running(port=0, cloud_port=0) as emu:
        with Client(emu.url, cloud_url=emu.cloud_url) as dev:
            return [c.method for c in make_plan(load_data(DESIRED), dev).calls]


METHODS = _plan_methods()


def test_the_plan_has_many_kinds_of_call():
    assert len(METHODS) >= 8
    assert {"add-server", "enable-server", "add-user", "send-file-add-server"} <= set(METHODS)


def _drop_the_call(faults, index):
    """Make the device drop the request of the plan's index-th call (counted by its method)."""
    method = METHODS[index]
    seen = {"n": 0, "dropped": 0}
    wanted = METHODS[:index + 1].count(method)
    decide = faults.decide

    def patched(count, name):
        drop, busy = decide(count, name)
        if name == method:
            seen["n"] += 1
            if seen["n"] == wanted:
                seen["dropped"] += 1
                return True, busy
        return drop, busy
    faults.decide = patched
    return seen


@pytest.mark.parametrize("mode", ["before", "after"])
@pytest.mark.parametrize("index", range(len(METHODS)), ids=[f"{i + 1}-{m}" for i, m in enumerate(METHODS)])
def test_drop_at_each_call(emulator_factory, mode, index):
    desired = load_data(DESIRED)
    emu = emulator_factory()
    retries = RetryPolicy(attempts=4, backoff=0.01, settle=1.0)
    with Client(emu.url, cloud_url=emu.cloud_url, retries=retries) as dev:
        plan = make_plan(desired, dev)
        assert [c.method for c in plan.calls] == METHODS
        before = model.from_device(model.read_snapshot(dev))
        emu.faults.drop_mode = mode
        seen = _drop_the_call(emu.faults, index)
        result = apply_plan(plan, dev, desired, settle=3.0)
        assert seen["dropped"] == 1, "the call's request was not dropped"
        after = model.read_snapshot(dev)
    if result.ok:
        assert make_plan(desired, after).empty
    else:
        assert result.rolled_back, (result.error, result.rollback_error)
        assert model.from_device(after) == before
    servers = [s["name"] for s in emu.backend.settings["stream-server"]]
    assert sorted(servers) == ["A", "B"] or (not result.ok and servers == [])
    uploads = emu.backend.settings["send-file-cloud"]
    assert len(uploads) == (1 if result.ok else 0)
    assert list(emu.backend.users) in (["Admin", "ops"], ["Admin"])
