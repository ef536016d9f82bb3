"""examples/ansible: the three-encoder inventory and playbook, run against `usconf emulator --count 3`."""
import shutil
import subprocess
import time

import pytest
import yaml
from ansible_harness import BIN, REPO, ansible_env, install_collection, run

from usconf.client import Client
from usconf.model import gather

EXAMPLE = REPO / "examples" / "ansible"
SECRETS = {"OPS_PASSWORD": "Ops-3c1f-never-shown", "STUDIO_A_YT_KEY": "Yt-88aa-never-shown",
           "STUDIO_A_BACKUP_KEY": "Bk-19e0-never-shown", "STUDIO_B_TWITCH_KEY": "Tw-5d2c-never-shown"}


@pytest.fixture
def three_encoders():
    """`usconf emulator --count 3 --port 0` as a user starts it; the (URL, cloud port) pairs it prints."""
    proc = subprocess.Popen([BIN / "usconf", "emulator", "--count", "3", "--port", "0"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        urls = []
        deadline = time.monotonic() + 30
        while len(urls) < 3 and time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line:
                break
            if line.startswith("ready "):
                _, url, cloud = line.split()
                urls.append((url, int(cloud.rsplit(":", 1)[1])))
        assert len(urls) == 3, proc.stderr.read() if proc.poll() is not None else "emulator not ready"
        yield urls
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_example_playbook_configures_three_encoders(tmp_path, three_encoders):
    install_collection(tmp_path)
    example = tmp_path / "example"
    shutil.copytree(EXAMPLE, example)
    hosts_file = example / "inventory" / "hosts.yml"
    inventory = yaml.safe_load(hosts_file.read_text())
    names = list(inventory["encoders"]["hosts"])
    for name, (url, cloud_port) in zip(names, three_encoders):
        inventory["encoders"]["hosts"][name].update(encoder_url=url, encoder_cloud_port=cloud_port)
    hosts_file.write_text(yaml.safe_dump(inventory))
    env = ansible_env(tmp_path, **SECRETS)

    started = time.monotonic()
    first = run([BIN / "ansible-playbook", "-i", example / "inventory", example / "site.yml", "--diff"], env,
                cwd=example)
    elapsed = time.monotonic() - started
    print(f"three-encoder example playbook: {elapsed:.1f}s")
    assert first.returncode == 0, first.stdout[-6000:] + first.stderr[-3000:]
    for name in names:
        assert f"{name}" in first.stdout and "changed=1" in first.stdout.split(f"\n{name} ")[-1].split("\n")[0]

    states = {}
    for name, (url, cloud_port) in zip(names, three_encoders):
        with Client(url, cloud_port=cloud_port) as client:
            states[name] = gather(client)
    a, b, hall = (states[n] for n in ("studio-a", "studio-b", "lecture-hall"))
    assert a["device"]["name"] == "Studio A Encoder"
    assert [s["name"] for s in a["live"]["servers"]] == ["YouTube Main", "Backup RTMP"]
    assert [s["name"] for s in b["live"]["servers"]] == ["Twitch"]
    assert hall["live"]["servers"] == [] and hall["recording"]["sd"] == "loop"
    for state in states.values():
        assert state["video"]["main"]["bitrate"] == 8 * 1024 and state["video"]["main"]["fps"] == 50
        assert [u["name"] for u in state["users"]] == ["Admin", "ops"]

    again = run([BIN / "ansible-playbook", "-i", example / "inventory", example / "site.yml"], env, cwd=example)
    assert again.returncode == 0, again.stdout[-6000:]
    recap = again.stdout[again.stdout.index("PLAY RECAP"):]
    assert recap.count("changed=0") == 3, recap

    for text in (first.stdout, first.stderr, again.stdout, again.stderr):
        for secret in SECRETS.values():
            assert secret not in text
