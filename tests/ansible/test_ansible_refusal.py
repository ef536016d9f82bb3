"""A call the device refuses in the middle of a playbook's apply: one clear failure, the device rolled back.

The plan is sound when it is made; while it runs, another operator enables two
live servers on the device's web page, so enabling ours breaks the device's
two-enabled-servers limit (-29 errChannelsLimited). Only the device can know that.
"""
import json
from pathlib import Path

from ansible_harness import BIN, ansible_env, install_collection, run
from interference import others_enable_two_servers

from usconf.client import Client
from usconf.emulator import running
from usconf.model import gather

HERE = Path(__file__).resolve().parent
KEY = "RefusedKey-5c21-not-for-output"
PASSWORD = "RefusedPw-77e0-not-for-output"
CONFIG = {"device": {"name": "Halfway"},
          "live": {"servers": [{"name": "Main", "type": "rtmp", "url": "rtmp://main.example.net/live", "key": KEY,
                                "enabled": True}]},
          "users": [{"name": "ops", "password": PASSWORD}]}


def test_refused_call_fails_the_task_with_the_device_reason_and_rolls_back(tmp_path):
    install_collection(tmp_path)
    saved = tmp_path / "results.json"
    with running(count=1) as group:
        device = group.devices[0]
        with Client(device.url, cloud_port=device.cloud_port) as client:
            client.call("set-first-over", {"name": "Before", "enable-passwd": "0", "timezone": "UTC",
                                           "is-auto": "1", "time": ""})
            before = gather(client)
        interfered = others_enable_two_servers(device, "add-server")
        inventory = {"all": {"hosts": {"encoder": {"encoder_url": device.url, "config": CONFIG,
                                                   "encoder_cloud_port": device.cloud_port}}}}
        (tmp_path / "inventory.json").write_text(json.dumps(inventory))
        proc = run([BIN / "ansible-playbook", "-i", tmp_path / "inventory.json", "-vvv",
                    HERE / "playbooks" / "refused.yml"],
                   ansible_env(tmp_path, ANSIBLE_CALLBACK_PLUGINS=HERE / "callback_plugins",
                               ANSIBLE_CALLBACKS_ENABLED="save_results", USCONF_TEST_RESULTS=saved))
        with Client(device.url, cloud_port=device.cloud_port) as client:
            after = gather(client)
        sent = [r["method"] for r in device.requests]
    assert interfered, "the playbook never reached add-server"
    assert proc.returncode == 2, proc.stdout[-4000:] + proc.stderr[-2000:]     # 2: a task failed
    task = json.loads(saved.read_text())["encoder"]["Apply a configuration"]
    assert task["failed"] is True
    msg = task["msg"]
    assert "\n" not in msg and "Traceback" not in proc.stdout
    assert msg.startswith('the device refused enable-server id=<live.servers["Main"]> is-use=1 with -29 errChannelsLimited ')
    assert msg.endswith("; the 3 applied call(s) were rolled back")
    # What the task changed is rolled back (no new server, user or name); the two servers the other
    # operator added meanwhile are not the task's to undo, so they stay.
    others = [s for s in after["live"]["servers"] if s["name"] in ("Web A", "Web B")]
    assert len(others) == 2
    after["live"]["servers"] = [s for s in after["live"]["servers"] if s not in others]
    assert after == before
    assert task["changed"] is False      # every applied call was undone
    assert "del-server" in sent and "del-user" in sent
    for secret in (KEY, PASSWORD):
        assert secret not in proc.stdout + proc.stderr + saved.read_text()


def _others_rename(device, when, name):
    """Before `device` handles `when`, another operator renames it (after the task set its own name)."""
    process = device.process

    def interfering(method, params, *rest):
        if method == when:
            with device.lock:
                device.backend.handle("set-name", {"name": name}, None, None, None)
        return process(method, params, *rest)
    device.process = interfering


def test_failed_task_reports_changed_when_applied_calls_stay_on_the_device(tmp_path):
    install_collection(tmp_path)
    saved = tmp_path / "results.json"
    with running(count=1) as group:
        device = group.devices[0]
        with Client(device.url, cloud_port=device.cloud_port) as client:
            client.call("set-first-over", {"name": "Before", "enable-passwd": "0", "timezone": "UTC",
                                           "is-auto": "1", "time": ""})
        others_enable_two_servers(device, "add-server")
        _others_rename(device, "enable-server", "Theirs")
        inventory = {"all": {"hosts": {"encoder": {"encoder_url": device.url, "config": CONFIG,
                                                   "encoder_cloud_port": device.cloud_port}}}}
        (tmp_path / "inventory.json").write_text(json.dumps(inventory))
        proc = run([BIN / "ansible-playbook", "-i", tmp_path / "inventory.json",
                    HERE / "playbooks" / "refused.yml"],
                   ansible_env(tmp_path, ANSIBLE_CALLBACK_PLUGINS=HERE / "callback_plugins",
                               ANSIBLE_CALLBACKS_ENABLED="save_results", USCONF_TEST_RESULTS=saved))
        name = device.backend.settings["name"]
    assert proc.returncode == 2, proc.stdout[-4000:] + proc.stderr[-2000:]
    task = json.loads(saved.read_text())["encoder"]["Apply a configuration"]
    assert task["failed"] is True
    # The other operator's name is not the task's to undo, so the device is left changed: the task says so.
    assert name == "Theirs"
    assert task["changed"] is True
    assert "device.name" in task["msg"] and "someone else" in task["msg"]
