"""Backend.from_snapshot: a device rebuilt from what a client read behaves like the one it read."""
import threading
import time
from types import SimpleNamespace

import pytest

from tests.emulator.helpers import logged_in, rtmp, video
from usconf.emulator import Backend


def read(api):
    return SimpleNamespace(info=api.call("get-info"), status=api.call("get-status"),
                           settings=api.call("get-settings"), users=api.call("get-users"),
                           edid=api.call("get-edid-config"), cloud=api.cloud("cloud-status", version="1"))


def test_snapshot_of_a_configured_device_reads_back_the_same(emulator):
    api = logged_in(emulator)
    api.result("set-first-over", name="Studio", **{"enable-passwd": "0"})
    for name in "ab":
        api.result("add-server", **rtmp(name, key=name))
        api.result("enable-server", id="0" if name == "a" else "1", **{"is-use": "1"})
    api.result("add-user", id="ops", **{"pass": "0" * 32})
    snapshot = read(api)
    backend = Backend.from_snapshot(snapshot)
    for method, raw in (("get-settings", snapshot.settings), ("get-users", snapshot.users),
                        ("get-edid-config", snapshot.edid), ("get-info", snapshot.info)):
        assert backend.handle(method) == raw, method
    assert not backend.handle("ping")["cur-status"] & 0x01
    # the rules hold on the rebuilt device: two servers enabled, so 8 Mbps is refused
    assert backend.handle("set-video", video(kbps=8192))["result"] == -30
    # and the snapshot the planner holds is never changed by simulating on it
    backend.handle("set-name", {"name": "Changed"})
    assert snapshot.settings["name"] == "Studio"


def test_snapshot_simulation_never_sleeps_or_starts_threads(emulator, monkeypatch):
    snapshot = read(logged_in(emulator))
    threads = set(threading.enumerate())
    monkeypatch.setattr(time, "sleep", lambda s: pytest.fail("the backend slept"))
    for _ in range(100):
        backend = Backend.from_snapshot(snapshot)
        backend.handle("set-name", {"name": "x"})
        backend.handle("reboot")
    assert set(threading.enumerate()) - threads == set()


def test_sdi_snapshot_without_edid_refuses_edid_methods(emulator_factory):
    api = logged_in(emulator_factory(model="sdi"))
    snapshot = read(api)
    snapshot.edid = None
    backend = Backend.from_snapshot(snapshot)
    assert backend.model == "sdi"
    assert backend.handle("set-edid-config", {"smart-edid": "1", "keep-last": "0", "add-audio": "1",
                                              "limit-pixel-clock": "1"})["result"] == -4


def test_nobody_can_log_in_to_a_snapshot_copy():
    snapshot = SimpleNamespace(info=None, status=None, settings=Backend().handle("get-settings"),
                               users={"result": 0, "users": [{"id": "Admin", "type": 1}]}, edid=None, cloud=None)
    backend = Backend.from_snapshot(snapshot)
    assert backend.handle("login", {"id": "Admin", "pass": "e3afed0047b08059d0fada10f400c1e5"})["result"] == -1


def test_hdmi_snapshot_without_edid_keeps_the_default_one():
    snapshot = SimpleNamespace(info=Backend().handle("get-info"), status=None, settings=Backend().handle("get-settings"),
                               users=None, edid=None, cloud=None)
    backend = Backend.from_snapshot(snapshot)
    assert backend.handle("set-default-edid")["result"] == 0
    assert backend.handle("get-edid-config")["smart-edid"] == 1
