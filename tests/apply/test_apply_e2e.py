"""End to end against emulated devices: each example applies, verifies and then plans clean.

The studio example registers cloud slot 0 with 10.0.1.32 without an invitation
code: the registration waits for the cloud's approval, and later plans see the
slot as registered.
"""
from pathlib import Path

import pytest

from usconf.apply.run import apply_plan
from usconf.client import Client, RetryPolicy
from usconf.emulator import Faults
from usconf.language.load import load
from usconf.plan.make import make_plan

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
ENV = {"YT_KEY": "yt-key-e2e", "BACKUP_KEY": "backup-key-e2e", "OPS_PASSWORD": "ops-pw-e2e",
       "FTP_PASSWORD": "ftp-pw-e2e", "RTMP_KEY": "rtmp-key-e2e", "LECTURE_STREAM_KEY": "lecture-key",
       "LECTURE_OPS_PASSWORD": "lecture-ops-pw"}
WRITES_EXCLUDED = ("get-", "login", "logout", "ping", "cloud-status")



def examples():
    out = [(name, {}) for name in ("studio.yaml", "minimal.yaml", "rtsp.yaml")]
    for room in sorted((EXAMPLES / "lecture-hall" / "rooms").glob("*.yaml")):
        # The rooms' own addresses are off this machine: a loopback one keeps the test local.
        out.append((f"lecture-hall/room.yaml@{room.stem}", {"vars_files": [str(room)],
                                                             "vars": {"address": "127.0.0.1", "gateway": "127.0.0.254"}}))
    return out


def load_example(name, extra):
    path = EXAMPLES / name.split("@")[0]
    return load(path, env=ENV, vars=extra.get("vars"), vars_files=extra.get("vars_files", ()))


def writes(emu):
    return [r for r in emu.requests if not str(r["method"]).startswith(WRITES_EXCLUDED)
            and r["method"] not in ("login", "logout", "ping", "cloud-status")]


def converge(emu, desired, settle=10.0):
    with Client(emu.url, cloud_url=emu.cloud_url, retries=RetryPolicy(attempts=6, backoff=0.05, settle=3.0)) as dev:
        plan = make_plan(desired, dev)
        result = apply_plan(plan, dev, desired, settle=settle)
        again = make_plan(desired, dev)
    return plan, result, again


@pytest.mark.parametrize("name,extra", examples(), ids=[e[0] for e in examples()])
def test_example_applies_verifies_and_replans_clean(emulator_factory, profile, name, extra):
    # Both profiles: the strict one refuses what the strictest reading of the reference refuses.
    emu = emulator_factory(strict=profile == "strict")
    desired = load_example(name, extra)
    plan, result, again = converge(emu, desired)
    assert plan.calls, "a factory-new device always needs something"
    assert result.ok, (result.error, result.failed, [c.path for c in result.ignored])
    assert [c.method for c in result.applied] == [c.method for c in plan.calls]
    assert again.empty, [c.describe() for c in again.calls]
    # Idempotent: a second apply sends no write at all.
    before = len(writes(emu))
    with Client(emu.url, cloud_url=emu.cloud_url) as dev:
        second = apply_plan(again, dev, desired)
    assert second.ok and not second.applied
    assert len(writes(emu)) == before


FAULTS = {
    "string_results": Faults(string_results=True),
    "write_lag": Faults(write_lag_s=2.0),
    "expire_after": Faults(expire_after=5),
    "busy": Faults(busy_rate=0.2, seed=7),
}


@pytest.mark.slow
@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_studio_converges_under_faults(emulator_factory, fault):
    emu = emulator_factory(faults=FAULTS[fault])
    desired = load_example("studio.yaml", {})
    plan, result, again = converge(emu, desired)
    assert result.ok, (result.error, result.failed, [c.path for c in result.ignored])
    assert again.empty, [c.describe() for c in again.calls]
    names = [s["name"] for s in emu.backend.settings["stream-server"]]
    assert sorted(names) == ["Backup RTMP", "YouTube Main"]
