"""A call the device refuses stops the run; the applied calls are rolled back and verified."""
from usconf import model
from usconf.apply.run import run
from usconf.client import Client
from usconf.plan.records import Call


def test_refused_call_stops_and_rolls_back_to_the_snapshot(emulator_factory):
    emu = emulator_factory()
    with Client(emu.url, cloud_url=emu.cloud_url) as dev:
        dev.call("set-first-over", {"name": "Before", "enable-passwd": "0", "timezone": "UTC", "is-auto": "1",
                                    "time": ""})
        snap = model.read_snapshot(dev)
        calls = [Call("set-name", {"name": "After"}, "device.name"),
                 Call("add-server", {"type": "0", "name": "X", "url": "rtmp://x.example.net/live", "key": "k",
                                     "net-mode": "1"}, "live.servers['X'] is new"),
                 Call("set-name", {"name": " bad name "}, "a name the device refuses"),
                 Call("set-ssdp", {"is-ssdp": "0"}, "never sent")]
        result = run(calls, dev, snap, {"device": {"name": "After"}}, settle=2.0)
        after = model.read_snapshot(dev)
    assert [c.method for c in result.applied] == ["set-name", "add-server"]
    assert result.failed.method == "set-name" and "errString" in result.error
    assert result.rolled_back, result.rollback_error
    assert [c.method for c in result.rollback_calls] == ["del-server", "set-name"]
    assert model.from_device(after) == model.from_device(snap)
    assert not any(r["method"] == "set-ssdp" for r in emu.requests)


def test_no_rollback_leaves_the_applied_calls(emulator_factory):
    emu = emulator_factory()
    with Client(emu.url, cloud_url=emu.cloud_url) as dev:
        snap = model.read_snapshot(dev)
        calls = [Call("set-ssdp", {"is-ssdp": "0"}, "device.ssdp"),
                 Call("set-name", {"name": ""}, "refused")]
        result = run(calls, dev, snap, {}, rollback=False, settle=1.0)
    assert result.rolled_back is None and not result.ok
    assert emu.backend.settings["is-ssdp"] == 0
