"""Rolling apply: a device killed mid-run fails alone; the others are applied and verified."""
import json
import threading
import time

from test_fleet_cli import ORDER

from usconf.client import Client
from usconf.emulator.faults import Faults
from usconf.model import gather

WRITES = ("set-", "add-", "enable-", "del-")


def kill_after_first_write(device, stop):
    """Take `device` off the network right after the first write reaches it (listeners closed)."""
    def watch():
        while not stop.is_set():
            if any(str(r["method"]).startswith(WRITES) for r in list(device.requests)):
                device.hub.remove(device.server)
                device.hub.remove(device.cloud_server)
                device.drop_connections()
                return
            time.sleep(0.002)
    thread = threading.Thread(target=watch, daemon=True)
    thread.start()
    return thread


def gathered(device):
    with Client(device.url, cloud_port=device.cloud_port) as client:
        return gather(client)


def test_a_device_killed_mid_apply_fails_alone(usconf, fleet):
    path, group = fleet
    victim = group.devices[2]                      # studio-c
    victim.faults = Faults(latency_ms=40)          # slow enough that it dies between its writes
    stop = threading.Event()
    watcher = kill_after_first_write(victim, stop)
    try:
        res = usconf("apply", "-i", path, "--yes", "--json", "--settle", "1", "--parallel", "5")
    finally:
        stop.set()
        watcher.join(2)
    assert res.code == 1, res
    assert res.err.splitlines()[-1].startswith(f"FAILED studio-c (studios) at {victim.url}: unreachable: ")
    rows = {r["device"]: r for r in map(json.loads, res.out.splitlines())}
    assert list(rows) == ORDER
    assert any(r["method"].startswith(WRITES) for r in victim.requests)       # it died mid-run, not before
    for name, device in zip(ORDER, group.devices):
        if name == "studio-c":
            continue
        assert rows[name]["status"] == "changes"
        assert rows[name]["apply"]["verified"] is True and rows[name]["apply"]["ok"] is True
    assert rows["studio-c"]["status"] == "unreachable" and rows["studio-c"]["apply"]["ok"] is False
    states = {name: gathered(d) for name, d in zip(ORDER, group.devices) if name != "studio-c"}
    assert states["studio-a"]["device"]["name"] == "ACME studio-a"
    assert states["studio-a"]["video"]["main"]["bitrate"] == 8192
    assert states["studio-b"]["video"]["main"]["bitrate"] == 2048
    assert states["hall-1"]["device"]["name"] == "Hall 101 of halls"
    assert states["hall-2"]["device"]["name"] == "Hall 0 of halls"
    after = usconf("drift", "-i", path, "--limit", "!studio-c")
    assert after.code == 0, after                  # the others stay verified on a fresh read


def test_serial_batches_stop_after_max_failures(usconf, fleet):
    path, group = fleet
    for device in group.devices[:2]:               # studio-a and studio-b do not answer
        device.hub.remove(device.server)
    res = usconf("apply", "-i", path, "--yes", "--serial", "2", "--max-failures", "2", "--json")
    assert res.code == 1
    rows = [json.loads(line) for line in res.out.splitlines()]
    assert [r["status"] for r in rows] == ["unreachable", "unreachable", "skipped", "skipped", "skipped"]
    assert "not started: 2 device(s) failed (--max-failures 2)" in rows[2]["error"]
    assert gathered(group.devices[2])["device"]["name"].startswith("Ultra Stream")      # untouched
    failed = [line for line in res.err.splitlines() if line.startswith("FAILED")]
    assert [line.split()[1] for line in failed] == ORDER


def test_serial_batches_go_on_without_max_failures(usconf, fleet):
    path, group = fleet
    group.devices[0].hub.remove(group.devices[0].server)
    res = usconf("apply", "-i", path, "--yes", "--serial", "2", "--json")
    assert res.code == 1
    assert [json.loads(line)["status"] for line in res.out.splitlines()] == ["unreachable"] + ["changes"] * 4
