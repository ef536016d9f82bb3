"""The magewell.ultrastream.usconf inventory plugin: the GitOps template's fleet.yaml read by Ansible."""
import json
import re
import shutil
from pathlib import Path

import pytest
from ansible_harness import BIN, REPO, ansible_env, install_collection, run

from usconf.client import Client
from usconf.emulator import running
from usconf.model import gather

HERE = Path(__file__).resolve().parent
GITOPS = REPO / "examples" / "gitops"
KEY = "plugin-stream-key-0815"
NAMES = ["studio-a", "studio-b", "hall-101", "hall-204", "lobby"]


@pytest.fixture(scope="module")
def fleet(tmp_path_factory):
    """The template copied, fleet.yaml pointed at emulated encoders, the collection installed."""
    root = tmp_path_factory.mktemp("usconf-inventory")
    install_collection(root)
    repo = root / "gitops"
    shutil.copytree(GITOPS, repo)
    text = (repo / "fleet.yaml").read_text()
    urls = re.findall(r"url: (http://10\.[0-9.]+)", text)
    with running(count=len(urls)) as group:
        for url, device in zip(urls, group.devices):
            text = text.replace(f"url: {url}", f'url: "{device.url}", cloud_port: {device.cloud_port}', 1)
        (repo / "fleet.yaml").write_text(text)
        env = ansible_env(root, ANSIBLE_INVENTORY_ENABLED="magewell.ultrastream.usconf",
                          USCONF_PASSWORD="Admin", STUDIO_STREAM_KEY=KEY)
        yield repo, group, env


def test_ansible_inventory_lists_hosts_groups_and_variables_and_reports_a_bad_file(fleet):
    repo, group, env = fleet
    bad = repo / "bad.yaml"
    bad.write_text("usconf: 1\ndevices:\n  a: {url: http://10.0.0.1, file: configs/lobby.yaml, colour: red}\n")
    # one run for both sources: Ansible reads the good one and warns about the other
    listed = run([BIN / "ansible-inventory", "-i", repo / "fleet.yaml", "-i", bad, "--list"], env, cwd=repo)
    assert listed.returncode == 0, listed.stderr
    assert f"{bad}:3:55: devices.a.colour: unknown field 'colour'" in listed.stderr
    data = json.loads(listed.stdout)
    assert data["studios"]["hosts"] == ["studio-a", "studio-b"]
    assert data["halls"]["hosts"] == ["hall-101", "hall-204"]
    assert data["ungrouped"]["hosts"] == ["lobby"]
    hv = data["_meta"]["hostvars"]
    assert hv["studio-a"]["usconf_url"] == group.devices[0].url
    assert hv["studio-a"]["usconf_cloud_port"] == group.devices[0].cloud_port
    assert hv["studio-b"]["usconf_file"] == str(repo / "configs" / "studio-b.yaml")
    assert hv["hall-204"]["usconf_vars"] == {"org": "ACME", "bitrate": "3M", "timezone": "Europe/Berlin",
                                             "segment_minutes": 30, "room": "204"}
    assert hv["hall-101"]["usconf_vars"]["bitrate"] == "4M"
    assert hv["lobby"]["usconf_target"] == {"name": "lobby", "group": None}
    # the password is a lookup, read when a task runs; no secret is in the listing
    assert hv["lobby"]["usconf_password"] == "{{ lookup('ansible.builtin.env', 'USCONF_PASSWORD') }}"
    assert KEY not in listed.stdout


def test_a_plugin_configuration_file_names_the_same_inventory(fleet):
    repo, _, env = fleet
    (repo / "usconf.yml").write_text("plugin: magewell.ultrastream.usconf\ninventory: fleet.yaml\n")
    env = dict(env, ANSIBLE_INVENTORY_ENABLED="magewell.ultrastream.usconf")
    graph = run([BIN / "ansible-inventory", "-i", repo / "usconf.yml", "--graph"], env, cwd=repo)
    assert graph.returncode == 0, graph.stderr
    assert sorted(re.findall(r"--([a-z0-9-]+)$", graph.stdout, re.MULTILINE)) == sorted(NAMES)
    assert "@studios:" in graph.stdout and "@halls:" in graph.stdout


def test_a_playbook_applies_each_host_file_with_its_own_variables(fleet):
    repo, group, env = fleet
    played = run([BIN / "ansible-playbook", "-i", repo / "fleet.yaml", "--forks", "5",
                  HERE / "playbooks" / "usconf_inventory.yml"], env, cwd=repo)
    assert played.returncode == 0, played.stdout[-4000:] + played.stderr[-2000:]
    assert KEY not in played.stdout + played.stderr
    names = {}
    for name, device in zip(NAMES, group.devices):
        with Client(device.url, cloud_port=device.cloud_port) as client:
            names[name] = gather(client)
    assert names["studio-a"]["device"]["name"] == "ACME Studio A"
    assert names["studio-a"]["video"]["main"]["bitrate"] == 8192
    assert names["hall-204"]["device"]["name"] == "Hall 204"
    assert names["hall-204"]["video"]["main"]["bitrate"] == 3072
    assert names["lobby"]["device"]["name"] == "ACME Lobby"
