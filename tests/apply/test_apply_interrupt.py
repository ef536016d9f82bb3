"""Ctrl-C in the middle of an apply: the run stops and the device goes back to where it was."""
import usconf.apply.run as apply_mod
from usconf import model
from usconf.apply.run import run
from usconf.client import Client
from usconf.plan.records import Call


def test_ctrl_c_mid_apply_rolls_back_to_the_snapshot(emulator, monkeypatch):
    real_send = apply_mod.send
    sent = []

    def send(client, call, **kwargs):
        sent.append(call.method)
        if len(sent) == 3:                  # the user presses Ctrl-C while the third call is on its way
            raise KeyboardInterrupt
        return real_send(client, call, **kwargs)

    with Client(emulator.url, cloud_url=emulator.cloud_url) as dev:
        dev.call("set-first-over", {"name": "Before", "enable-passwd": "0", "timezone": "UTC", "is-auto": "1",
                                    "time": ""})
        snap = model.read_snapshot(dev)
        calls = [Call("set-name", {"name": "After"}, "device.name"),
                 Call("add-server", {"type": "0", "name": "X", "url": "rtmp://x.example.net/live", "key": "k",
                                     "net-mode": "1"}, "live.servers['X'] is new"),
                 Call("set-ssdp", {"is-ssdp": "0"}, "interrupted here"),
                 Call("set-low-latency-live", {"is-low-latency": "1"}, "never sent")]
        monkeypatch.setattr(apply_mod, "send", send)
        result = run(calls, dev, snap, {"device": {"name": "After"}}, settle=2.0)
        after = model.read_snapshot(dev)
    assert [c.method for c in result.applied] == ["set-name", "add-server"]
    assert result.failed.method == "set-ssdp" and "interrupted" in result.error
    assert not result.ok and result.rolled_back, result.rollback_error
    assert model.from_device(after) == model.from_device(snap)
