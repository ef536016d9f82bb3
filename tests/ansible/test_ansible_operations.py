"""ultrastream_command and ultrastream_firmware in a real ansible-playbook run against emulated encoders.

Each change runs twice and the second run reports changed: false; check mode
reports the change and sends nothing.
"""
import json
from pathlib import Path

import pytest
from ansible_harness import BIN, ansible_env, install_collection, run

from usconf.client import Client
from usconf.emulator import running
from usconf.emulator.firmware import make_mwf

HERE = Path(__file__).resolve().parent
KEY = "OpsKey-6a1f-not-for-output"
FAST = {"format": 0.3, "stream-test": 0.3, "update": 0.4, "shutdown": 0.2, "reboot": 0.5, "live-connect": 0.1}


@pytest.fixture(scope="module")
def played(tmp_path_factory):
    root = tmp_path_factory.mktemp("ansible-ops")
    install_collection(root)
    saved = root / "results.json"
    firmware = root / "US-1.5.123.mwf"
    firmware.write_bytes(make_mwf("hdmi", "1.5.123", 200_000))
    with running(count=2, timings=FAST, firmware="1.4.98") as group:
        ops, fw = group.devices
        with Client(ops.url, cloud_port=ops.cloud_port) as client:
            client.call("add-server", {"type": 0, "name": "Main", "url": "rtmp://main.example.net/live", "key": KEY})
            client.call("enable-server", id=0, is_use=1)
            client.call("add-server", {"type": 0, "name": "Dead", "url": "rtmp://gone.invalid/live", "key": KEY})
        hosts = {"operations": {"part": "operations", "encoder_url": ops.url, "encoder_cloud_port": ops.cloud_port},
                 "firmware": {"part": "firmware", "encoder_url": fw.url, "encoder_cloud_port": fw.cloud_port,
                              "target_version": "1.5.123", "firmware_file": str(firmware)}}
        (root / "inventory.json").write_text(json.dumps({"all": {"hosts": hosts}}))
        proc = run([BIN / "ansible-playbook", "-i", root / "inventory.json", "-vvv", "--forks", "2",
                    HERE / "playbooks" / "operations.yml"],
                   ansible_env(root, ANSIBLE_CALLBACK_PLUGINS=HERE / "callback_plugins",
                               ANSIBLE_CALLBACKS_ENABLED="save_results", USCONF_TEST_RESULTS=saved))
        asked = {name: [r["method"] for r in device.requests] for name, device in (("operations", ops),
                                                                                   ("firmware", fw))}
        booted = ops.backend.booted, ops.backend.clock()
        version = fw.backend.info["product"]["firmware-ver-s"]
    assert proc.returncode == 0, proc.stdout[-8000:] + proc.stderr[-4000:]
    return {"proc": proc, "results": json.loads(saved.read_text()), "asked": asked, "version": version,
            "booted": booted}


@pytest.mark.parametrize("command", ["live_start", "live_stop", "rec_start", "rec_stop"])
def test_first_run_changes_second_does_not(played, command):
    res = played["results"]["operations"]
    assert res[command]["changed"] is True
    assert res[f"{command} again"]["changed"] is False


def test_check_mode_reports_the_change_and_sends_nothing(played):
    res = played["results"]["operations"]
    assert res["live_start in check mode"]["changed"] is True
    assert res["reboot in check mode"]["changed"] is True
    asked = played["asked"]["operations"]
    assert asked.count("start-live") == 1 and asked.count("reboot") == 1


def test_refusals_fail_with_their_cause(played):
    res = played["results"]["operations"]
    refused = res["format while recording"]
    assert refused["failed"] is True and "the device is recording" in refused["msg"]
    dead = res["test_live of a server that cannot be reached"]
    assert dead["failed"] is True and "(errNetwork -21): the test of Dead failed" in dead["msg"]


def test_format_test_and_reboot(played):
    res = played["results"]["operations"]
    assert res["format"]["changed"] is True
    assert res["test_live"]["changed"] is False and res["test_live"]["passed"] is True
    assert res["reboot"]["changed"] is True and res["reboot"]["seconds"] >= 0
    assert "start-format-sd" in played["asked"]["operations"]


def test_firmware_installs_once(played):
    res = played["results"]["firmware"]
    assert res["firmware in check mode"]["changed"] is True
    assert res["firmware"]["changed"] is True and res["firmware"]["to"] == "1.5.123"
    assert res["firmware again"]["changed"] is False
    assert played["asked"]["firmware"].count("update") == 1 and played["version"] == "1.5.123"
    missing = res["firmware without a file for another version"]
    assert missing["failed"] is True and "give file" in missing["msg"]


def test_no_secret_in_the_output(played):
    proc = played["proc"]
    assert KEY not in proc.stdout + proc.stderr
