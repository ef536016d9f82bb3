"""Real ansible-playbook runs against emulated encoders: every state twice, check mode, diff, secrets.

ansible-playbook takes seconds to start, so one run exercises everything and the
assertions read the registered results it saves; each state has its own device.
"""
import json
import sys
import time
from pathlib import Path

import pytest
from ansible_harness import BIN, ansible_env, install_collection, run

from usconf import states as modes
from usconf.client import Client
from usconf.language.load import load_data
from usconf.model import gather

HERE = Path(__file__).resolve().parent
YT_KEY = "YtKey-7f3a9c-not-for-output"
BACKUP_KEY = "BkKey-0d51e2-not-for-output"
OPS_PASSWORD = "OpsPw-93b7-not-for-output"
FILE_KEY = "FileKey-41d0-not-for-output"
SECRETS = (YT_KEY, BACKUP_KEY, OPS_PASSWORD, FILE_KEY)
DESIRED_FILE = """\
usconf: 1
device:
  name: From A File
live:
  servers:
    - name: Relay
      type: rtmp
      url: rtmp://relay.example.net/live
      key: "{{ secret_file('stream.key') }}"
"""

YOUTUBE = {"name": "YouTube Main", "type": "youtube", "key": YT_KEY, "enabled": True}
BACKUP = {"name": "Backup RTMP", "type": "rtmp", "url": "rtmp://backup.example.net/live", "key": BACKUP_KEY,
          "enabled": False}
OPS = {"name": "ops", "password": OPS_PASSWORD}
BOTH = {"live": {"servers": [YOUTUBE, BACKUP]}, "users": [OPS]}

STATES = {
    "merged": {"setup": {"live": {"servers": [YOUTUBE]}},
               "config": {"device": {"name": "Merged A"}, "live": {"servers": [BACKUP]}, "users": [OPS]}},
    "replaced": {"setup": BOTH,
                 "config": {"device": {"name": "Replaced B"}, "live": {"servers": [YOUTUBE]}}},
    "overridden": {"setup": BOTH, "config": {"live": {"servers": [YOUTUBE]}}},
    "deleted": {"setup": BOTH, "config": {"users": [{"name": "ops"}], "live": {"servers": [{"name": "Backup RTMP"}]}}},
}
MISC_CONFIG = {"device": {"name": "Misc C"}, "live": {"servers": [YOUTUBE]}, "users": [OPS]}
OTHERS = {
    "gather": {"config": MISC_CONFIG},
    "offline": {"config": MISC_CONFIG, "running": {"device": {"name": "Misc C"}, "live": {"servers": [YOUTUBE]}}},
}


def _python_without_usconf(root):
    """A bare virtual environment: what a controller without usconf installed looks like."""
    bare = root / "bare-python"
    made = run([getattr(sys, "_base_executable", sys.executable), "-m", "venv", "--without-pip", bare], env={})
    assert made.returncode == 0, made.stderr
    python = bare / "bin" / "python"
    assert run([python, "-I", "-c", "import usconf"], env={}, cwd=root).returncode != 0
    return str(python)


@pytest.fixture(scope="module")
def played(tmp_path_factory):
    """One ansible-playbook run over six emulated encoders; its output and saved results."""
    from usconf.emulator import running
    root = tmp_path_factory.mktemp("ansible")
    install_collection(root)
    saved = root / "results.json"
    with running(count=len(STATES) + len(OTHERS)) as group:
        devices = dict(zip(list(STATES) + list(OTHERS), group.devices))
        for state, spec in STATES.items():
            with Client(devices[state].url, cloud_port=devices[state].cloud_port) as client:
                modes.converge("merged", load_data(spec["setup"]), client)
        hosts = {state: {"config": spec["config"], "state_under_test": state} for state, spec in STATES.items()}
        hosts.update((name, dict(spec)) for name, spec in OTHERS.items())
        (root / "studio.yaml").write_text(DESIRED_FILE)
        (root / "stream.key").write_text(FILE_KEY + "\n")
        hosts["offline"]["desired_file"] = str(root / "studio.yaml")
        for name, host in hosts.items():
            host.update(encoder_url=devices[name].url, encoder_cloud_port=devices[name].cloud_port)
        inventory = {"all": {"hosts": hosts, "vars": {"python_without_usconf": _python_without_usconf(root)}}}
        (root / "inventory.json").write_text(json.dumps(inventory))
        started = time.monotonic()
        proc = run([BIN / "ansible-playbook", "-i", root / "inventory.json", "--diff", "-vvv", "--forks", len(hosts),
                    HERE / "playbooks" / "states.yml"],
                   ansible_env(root, ANSIBLE_CALLBACK_PLUGINS=HERE / "callback_plugins",
                               ANSIBLE_CALLBACKS_ENABLED="save_results", USCONF_TEST_RESULTS=saved))
        elapsed = time.monotonic() - started
        (root / "stdout.txt").write_text(proc.stdout)
        assert proc.returncode == 0, proc.stdout[-8000:] + proc.stderr[-4000:]
        states = {}
        for name, device in devices.items():
            with Client(device.url, cloud_port=device.cloud_port) as client:
                states[name] = gather(client)
    results = json.loads(saved.read_text())
    print(f"states playbook: {elapsed:.1f}s")
    return {"proc": proc, "results": results, "devices": states, "saved": saved}


def servers(state):
    return [s["name"] for s in state["live"]["servers"]]


def users(state):
    return [u["name"] for u in state["users"]]


@pytest.mark.parametrize("state", list(STATES))
def test_first_run_changes_second_changes_nothing(played, state):
    res = played["results"][state]
    assert res["First run"]["changed"] is True and res["First run"]["commands"]
    assert res["Second run"]["changed"] is False and res["Second run"]["commands"] == []
    assert res["Second run"]["before"] == res["Second run"]["after"] == res["First run"]["after"]


@pytest.mark.parametrize("state", list(STATES))
def test_check_mode_reports_the_change_and_sends_nothing(played, state):
    res = played["results"][state]
    # The check run came first: had it sent anything, the first run would plan differently.
    assert res["Check mode first"]["changed"] is True
    assert res["Check mode first"]["commands"] == res["First run"]["commands"]
    assert res["Check mode first"]["before"] == res["First run"]["before"]


def test_merged_adds_and_keeps_what_it_does_not_name(played):
    device = played["devices"]["merged"]
    assert device["device"]["name"] == "Merged A"
    assert servers(device) == ["YouTube Main", "Backup RTMP"]
    assert users(device) == ["Admin", "ops"]
    assert played["results"]["merged"]["First run"]["commands"] == [
        "set-name name=Merged A",
        "add-server type=0 name=Backup RTMP url=rtmp://backup.example.net/live key=(sensitive) is-auth=0 "
        "net-mode=1",
        "add-user id=ops pass=(sensitive)",
    ]


def test_replaced_makes_given_lists_exact_and_leaves_the_rest(played):
    device = played["devices"]["replaced"]
    assert device["device"]["name"] == "Replaced B"
    assert servers(device) == ["YouTube Main"]
    assert users(device) == ["Admin", "ops"]


def test_overridden_empties_lists_not_given_but_keeps_admin_and_default_images(played):
    device = played["devices"]["overridden"]
    assert servers(device) == ["YouTube Main"]
    assert users(device) == ["Admin"]
    assert [i["name"] for i in device["video"]["no_signal"]["images"]] == ["default0", "default1"]


def test_deleted_removes_only_the_named_items(played):
    device = played["devices"]["deleted"]
    assert servers(device) == ["YouTube Main"]
    assert users(device) == ["Admin"]
    assert played["results"]["deleted"]["First run"]["commands"] == ["del-server id=<live.servers[\"Backup RTMP\"]>", "del-user id=ops"]


def test_gathered_fed_back_with_replaced_changes_nothing(played):
    res = played["results"]["gather"]
    gathered = res["Gather"]["gathered"]
    assert res["Gather"]["changed"] is False
    assert gathered["device"]["name"] == "Misc C"
    assert "key" not in gathered["live"]["servers"][0]
    fed_back = res["Feed the gathered state back with replaced"]
    assert fed_back["changed"] is False and fed_back["commands"] == []


def test_rendered_needs_no_device(played):
    res = played["results"]["offline"]
    factory = res["Render offline against a factory-new encoder"]
    assert factory["changed"] is False
    assert factory["rendered"][0].startswith("set-first-over name=Misc C ")
    assert factory["rendered"][1:] == [
        # No empty parameters: a strict device refuses `url=` (the streaming services take no address).
        "add-server type=2 name=YouTube Main key=(sensitive) is-auth=0 net-mode=1",
        "add-user id=ops pass=(sensitive)",
        "enable-server id=<live.servers[\"YouTube Main\"]> is-use=1",
    ]
    from_file = res["Render a desired-state file, its secret from a file beside it"]["rendered"]
    assert from_file[0].startswith("set-first-over name=From A File ")
    assert from_file[1].startswith("add-server type=0 name=Relay url=rtmp://relay.example.net/live key=(sensitive) ")
    assert res["Render offline against a running configuration"]["rendered"] == ["add-user id=ops pass=(sensitive)"]


def test_info_facts(played):
    facts = played["results"]["gather"]["Facts, the device named by USCONF_DEVICE"]["ansible_facts"]["ultrastream"]
    assert facts["info"]["product"]["module-name"] == "Ultra Stream HDMI"
    assert "cur-status" in facts["status"]
    assert facts["settings"]["live"]["servers"][0]["key"] == "(sensitive)"
    assert facts["config"]["device"]["name"] == "Misc C"
    assert "pairing_password_set" in facts["settings"]["device"]["app"]
    assert "pairing_password_set" not in facts["config"]["device"]["app"]      # not a setting
    assert "key" not in facts["config"]["live"]["servers"][0]


def test_failures_are_one_clear_message(played):
    res = played["results"]["offline"]
    invalid = res["An invalid configuration"]
    assert invalid["failed"] is True and len(invalid["errors"]) == 2
    assert "video.main.bitrat" in invalid["msg"] and "did you mean 'bitrate'" in invalid["msg"]
    assert "streams.live" in invalid["msg"]
    assert "Traceback" not in json.dumps(invalid)
    assert res["Deleting the built-in user"]["msg"] == "users['Admin']: is built into the device and cannot be deleted"
    assert res["A Python without usconf"]["failed"] is True
    assert res["A Python without usconf"]["msg"] == (
        "this module needs the usconf Python package on the controller: pip install a usconf checkout (pip install PATH)")


def test_no_secret_in_any_output(played):
    proc = played["proc"]
    # The run had --diff and -vvv: the diff shows the change and the secrets as masks.
    assert "--- before\n+++ after" in proc.stdout
    assert '\n+        "name": "Merged A",' in proc.stdout
    assert '-                "key": "(sensitive)",\n-                "name": "Backup RTMP",' in proc.stdout
    for text in (proc.stdout, proc.stderr, played["saved"].read_text()):
        for secret in SECRETS:
            assert secret not in text
