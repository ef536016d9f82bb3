"""Rollback puts back what this apply changed, from its own journal, and nothing else."""
import json

import pytest

from usconf import model
from usconf.apply.run import apply_plan, run
from usconf.cli.planning import _report
from usconf.client import Client
from usconf.errors import DeviceError, PlanError
from usconf.language.load import load_data
from usconf.plan.make import make_plan
from usconf.plan.records import Call
from usconf.plan.simulate import read_back

FIRST = {"name": "Before", "enable-passwd": "0", "timezone": "UTC", "is-auto": "1", "time": ""}
BAD = Call("set-name", {"name": " bad name "}, "a name the device refuses")


def _true_state(emu):
    """What the device holds, read past the HTTP layer's write lag."""
    return model.from_device(read_back(emu.backend))


def _desired():
    return {"device": {"name": "After"}, "video": {"main": {"bitrate": 2048}},
            "recording": {"file_prefix": "CLIP"},
            "live": {"servers": [{"name": "X", "type": "rtmp", "url": "rtmp://x.example.net/live", "key": "k"}]}}


def test_rollback_under_write_lag_puts_back_every_change_the_apply_made(emulator_factory):
    emu = emulator_factory()
    with Client(emu.url, cloud_url=emu.cloud_url) as dev:
        dev.call("set-first-over", FIRST)
        snap = model.read_snapshot(dev)
        before = model.from_device(snap)
        plan = make_plan(_desired(), snap)
        emu.faults.write_lag_s = 1.0        # every read shows the old values for a second after a write
        result = run(plan.calls + [BAD], dev, snap, _desired(), settle=4.0)
    assert [c.method for c in result.applied] == [c.method for c in plan.calls]
    assert result.rolled_back, result.rollback_error
    assert _true_state(emu) == before
    rec = [c for c in result.rollback_calls if c.method == "set-rec-control"]
    assert rec and "file-name-mode" in rec[0].params


class RefusesDuringRollback(Client):
    """A device that refuses one method once the rollback has started."""
    refuse = None

    def call(self, method, params=None, **kwargs):
        if method == self.refuse:
            raise DeviceError(-10, "errParam", "refused for this test", method)
        return super().call(method, params, **kwargs)


def test_rollback_goes_on_past_a_refused_call_and_reports_what_stayed_changed(emulator_factory, capsys):
    emu = emulator_factory()
    with RefusesDuringRollback(emu.url, cloud_url=emu.cloud_url) as dev:
        dev.call("set-first-over", FIRST)
        snap = model.read_snapshot(dev)
        calls = [Call("set-name", {"name": "After"}, "device.name"),
                 Call("set-ssdp", {"is-ssdp": "0"}, "device.ssdp"),
                 Call("set-low-latency-live", {"is-low-latency": "1"}, "live.low_latency"), BAD]

        def on_event(kind, **info):
            if kind == "rollback":
                dev.refuse = "set-name"
        result = run(calls, dev, snap, {}, on_event=on_event, settle=1.0)
    state = emu.backend.settings
    assert state["name"] == "After"                                # refused: left as the apply set it
    assert state["is-ssdp"] == 1 and state["is-low-latency"] == 0  # the calls after it were still sent
    assert result.rolled_back is False
    assert [n["path"] for n in result.not_restored] == ["device.name"]
    assert "refused" in result.not_restored[0]["reason"]
    data = json.loads(json.dumps(result.to_dict()))
    assert data["rollback"]["not_restored"][0]["path"] == "device.name"
    assert data["rollback"]["refused"][0]["call"]["method"] == "set-name"
    assert _report(result) == 1
    err = capsys.readouterr().err
    assert "Rollback incomplete" in err and "device.name:" in err and "set-name" in err


def test_rollback_leaves_alone_what_another_client_changed_during_the_apply(emulator_factory):
    emu = emulator_factory()
    with Client(emu.url, cloud_url=emu.cloud_url) as dev, Client(emu.url, cloud_url=emu.cloud_url) as other:
        dev.call("set-first-over", FIRST)
        snap = model.read_snapshot(dev)
        calls = [Call("set-name", {"name": "After"}, "device.name"),
                 Call("add-server", {"type": "0", "name": "X", "url": "rtmp://x.example.net/live", "key": "k",
                                     "net-mode": "1"}, "live.servers['X'] is new"),
                 BAD]

        def on_event(kind, **info):
            if kind == "call" and info["n"] == 3:     # someone else, between our second and third call
                other.call("set-name", {"name": "Theirs"})
                other.call("set-ssdp", {"is-ssdp": "0"})
        result = run(calls, dev, snap, {}, on_event=on_event, settle=1.0)
    state = emu.backend.settings
    assert state["name"] == "Theirs" and state["is-ssdp"] == 0      # their changes stay
    assert [s["name"] for s in state["stream-server"]] == []        # ours is undone
    assert [n["path"] for n in result.not_restored] == ["device.name"]
    assert "someone else" in result.not_restored[0]["reason"]
    assert [c.method for c in result.rollback_calls] == ["del-server"]


def test_rollback_never_touches_sections_the_apply_did_not_change(emulator_factory):
    emu = emulator_factory()
    with Client(emu.url, cloud_url=emu.cloud_url) as dev:
        dev.call("set-first-over", FIRST)
        snap = model.read_snapshot(dev)
        # Changed on the device after the snapshot: not this apply's change, whatever the snapshot says.
        dev.call("set-low-latency-live", {"is-low-latency": "1"})
        result = run([Call("set-ssdp", {"is-ssdp": "0"}, "device.ssdp"), BAD], dev, snap, {}, settle=1.0)
    assert result.rolled_back, result.rollback_error
    assert [c.method for c in result.rollback_calls] == ["set-ssdp"]
    assert emu.backend.settings["is-low-latency"] == 1 and emu.backend.settings["is-ssdp"] == 1


def test_second_of_two_concurrent_applies_is_refused_as_stale(emulator_factory):
    emu = emulator_factory()
    with Client(emu.url, cloud_url=emu.cloud_url) as first, Client(emu.url, cloud_url=emu.cloud_url) as second:
        first.call("set-first-over", FIRST)
        plan_a = make_plan({"device": {"name": "A"}}, first)
        plan_b = make_plan({"device": {"name": "B", "ssdp": False}}, second)
        assert apply_plan(plan_a, first, {"device": {"name": "A"}}, settle=1.0).ok
        with pytest.raises(PlanError, match="stale"):
            apply_plan(plan_b, second, {"device": {"name": "B", "ssdp": False}}, settle=1.0)
    assert emu.backend.settings["name"] == "A" and emu.backend.settings["is-ssdp"] == 1


def test_rolling_back_a_later_apply_restores_nothing_of_the_earlier_one(emulator_factory):
    emu = emulator_factory()
    with Client(emu.url, cloud_url=emu.cloud_url) as first, Client(emu.url, cloud_url=emu.cloud_url) as second:
        first.call("set-first-over", FIRST)
        wanted_a = load_data({"device": {"name": "A"}, "live": {"servers": [
            {"name": "SA", "type": "rtmp", "url": "rtmp://a.example.net/x", "key": "k"}]}})
        assert apply_plan(make_plan(wanted_a, first), first, wanted_a, settle=1.0).ok
        snap = model.read_snapshot(second)
        result = run([Call("set-ssdp", {"is-ssdp": "0"}, "device.ssdp"), BAD], second, snap, {}, settle=1.0)
    assert result.rolled_back, result.rollback_error
    state = emu.backend.settings
    assert state["name"] == "A" and [s["name"] for s in state["stream-server"]] == ["SA"]
    assert state["is-ssdp"] == 1


def test_apply_with_write_lag_and_a_refusal_ends_where_it_started(emulator_factory):
    emu = emulator_factory()
    with Client(emu.url, cloud_url=emu.cloud_url) as dev:
        dev.call("set-first-over", FIRST)
        snap = model.read_snapshot(dev)
        before = model.from_device(snap)
        emu.faults.write_lag_s = 1.0
        calls = [Call("set-ssdp", {"is-ssdp": "0"}, "device.ssdp"),
                 Call("add-server", {"type": "0", "name": "X", "url": "rtmp://x.example.net/live", "key": "k",
                                     "net-mode": "1"}, "live.servers['X'] is new"), BAD]
        result = run(calls, dev, snap, {}, settle=4.0)
    assert result.rolled_back, result.rollback_error
    assert [c.method for c in result.rollback_calls] == ["del-server", "set-ssdp"]
    assert _true_state(emu) == before


def test_rollback_puts_back_only_the_fields_of_a_server_this_apply_changed(emulator_factory):
    emu = emulator_factory()
    with Client(emu.url, cloud_url=emu.cloud_url) as dev, Client(emu.url, cloud_url=emu.cloud_url) as other:
        dev.call("set-first-over", FIRST)
        dev.call("add-server", {"type": "0", "name": "Main", "url": "rtmp://old.example.net/live", "key": "k1",
                                "net-mode": "1"})
        snap = model.read_snapshot(dev)
        wanted = load_data({"live": {"servers": [{"name": "Main", "type": "rtmp", "url": "rtmp://new.example.net/live",
                                                  "key": "k1"}]}})
        calls = make_plan(wanted, snap).calls

        def on_event(kind, **info):
            if kind == "call" and info["n"] == len(calls) + 1:     # someone else changes the key meanwhile
                sid = emu.backend.settings["stream-server"][0]["id"]
                other.call("set-server", {"id": str(sid), "type": "0", "name": "Main",
                                          "url": "rtmp://new.example.net/live", "key": "theirs", "net-mode": "1"})
        result = run(calls + [BAD], dev, snap, {}, on_event=on_event, settle=1.0)
    assert result.rolled_back, result.rollback_error
    [server] = emu.backend.settings["stream-server"]
    assert server["url"] == "rtmp://old.example.net/live" and server["key"] == "theirs"


def test_rollback_names_an_applied_call_it_cannot_work_out_instead_of_skipping_it(emulator_factory):
    emu = emulator_factory()
    with Client(emu.url, cloud_url=emu.cloud_url) as dev:
        dev.call("set-first-over", FIRST)
        snap = model.read_snapshot(dev)
        # The copy of the device refuses a name this long; this device took it (as a laxer firmware might).
        odd = Call("set-name", {"name": "x" * 33}, "device.name")
        real_call = dev.call

        def lax(method, params=None, **kwargs):
            if method == "set-name" and params == odd.params:
                return {"result": 0}
            return real_call(method, params, **kwargs)
        dev.call = dev.write = lax
        result = run([Call("set-ssdp", {"is-ssdp": "0"}, "device.ssdp"), odd, BAD], dev, snap, {}, settle=1.0)
    assert result.rolled_back is False
    assert [n["path"] for n in result.not_restored] == ["set-name (device.name)"]
    assert "not put back" in result.not_restored[0]["reason"]
    assert emu.backend.settings["is-ssdp"] == 1
