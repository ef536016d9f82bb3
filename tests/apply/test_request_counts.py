"""What plan and apply ask the device, counted in the emulator's request log.

A plan reads each endpoint once. An apply made from that plan adds one
freshness read (get-settings), the plan's calls, and the reads that show the
calls' effects; nothing is read twice for nothing. One keep-alive connection
per API carries it all.
"""
import os
from collections import Counter
from pathlib import Path

import pytest

from usconf.apply.run import apply_plan, reads_for
from usconf.client import Client
from usconf.language.load import load
from usconf.plan.make import make_plan
from usconf.plan.records import Plan

ROOT = Path(__file__).resolve().parents[2]
PLAN_READS = ["get-info", "get-status", "get-settings", "get-users", "get-edid-config", "cloud-status"]
READ_OF_PART = {"status": "get-status", "settings": "get-settings", "users": "get-users",
                "edid": "get-edid-config", "cloud": "cloud-status"}


@pytest.fixture
def studio(monkeypatch):
    for name in ("YT_KEY", "BACKUP_KEY", "OPS_PASSWORD", "FTP_PASSWORD"):
        monkeypatch.setenv(name, f"test-{name.lower()}")
    return load(ROOT / "examples" / "studio.yaml")


def methods(emu, since=0):
    return [r["method"] for r in list(emu.requests)[since:]]


def connections(client):
    """TCP connections the client opened, per host:port."""
    return client._transport.connections_opened()


def test_a_plan_reads_each_endpoint_once(emulator, studio):
    with Client(emulator.url, cloud_url=emulator.cloud_url) as dev:
        make_plan(studio, dev)
    sent = methods(emulator)
    assert sent == ["login"] + PLAN_READS + ["logout"]


def test_apply_is_plan_reads_one_freshness_read_the_calls_and_the_verify_reads(emulator, studio):
    with Client(emulator.url, cloud_url=emulator.cloud_url) as dev:
        plan = make_plan(studio, dev)
        start = len(emulator.requests)
        result = apply_plan(plan, dev, studio, settle=5.0)
        sent = methods(emulator, start)
        opened = connections(dev)
    assert result.ok, (result.error, result.ignored)
    verify = [READ_OF_PART[p] for p in ("status", "settings", "users", "edid", "cloud") if p in reads_for(plan.calls)]
    writes = [c.method for c in plan.calls]
    targeted_after_a_move = sent.count("get-settings") - 2     # beyond the freshness and the verify read
    assert sent[0] == "get-settings"                            # the freshness check: one request
    assert [m for m in sent[1:] if m not in PLAN_READS] == writes
    assert sorted(m for m in sent if m in PLAN_READS) == sorted(["get-settings"] * (1 + targeted_after_a_move)
                                                                + verify)
    assert "get-info" not in sent                               # the plan's read stands for it
    # a read between calls happens only to look up an id after an add or delete moved them
    assert targeted_after_a_move <= sum(1 for c in plan.calls if c.target is not None)
    assert len(sent) == 1 + len(plan.calls) + len(verify) + targeted_after_a_move
    assert set(opened.values()) == {1}, opened                 # one keep-alive connection per API


def test_no_change_apply_reads_only_to_check_and_verify(emulator, studio):
    with Client(emulator.url, cloud_url=emulator.cloud_url) as dev:
        apply_plan(make_plan(studio, dev), dev, studio, settle=5.0)
        plan = make_plan(studio, dev)
        start = len(emulator.requests)
        result = apply_plan(plan, dev, studio, settle=5.0)
        sent = methods(emulator, start)
    assert plan.calls == [] and result.ok
    assert sent == ["get-settings", "get-settings"]            # freshness, then the verify read


def test_a_plan_without_its_read_is_checked_against_a_whole_read(emulator, studio, tmp_path):
    with Client(emulator.url, cloud_url=emulator.cloud_url) as dev:
        made = make_plan(studio, dev)
        made.save(tmp_path / "box.plan")
        assert Plan.load(tmp_path / "box.plan").snapshot is None      # the read is never saved
        made.snapshot = None                                           # as a plan from elsewhere
        start = len(emulator.requests)
        result = apply_plan(made, dev, studio, settle=5.0)
        sent = methods(emulator, start)
    assert result.ok
    assert sent[:len(PLAN_READS)] == PLAN_READS                 # no read of its own to trust: read everything


def test_a_stale_plan_is_refused_by_the_one_freshness_read(emulator, studio):
    with Client(emulator.url, cloud_url=emulator.cloud_url) as dev:
        plan = make_plan(studio, dev)
        dev.call("set-name", {"name": "Changed meanwhile"})
        start = len(emulator.requests)
        with pytest.raises(Exception, match="stale"):
            apply_plan(plan, dev, studio)
        assert methods(emulator, start) == ["get-settings"]


def test_the_cli_apply_reads_each_endpoint_once_before_sending(emulator, studio, tmp_path):
    from click.testing import CliRunner

    from usconf.cli import _register, cli
    _register()
    env = {k: os.environ[k] for k in ("YT_KEY", "BACKUP_KEY", "OPS_PASSWORD", "FTP_PASSWORD")}
    out = CliRunner().invoke(cli, ["apply", str(ROOT / "examples" / "studio.yaml"), "--yes", "--device", emulator.url,
                                   "--cloud-port", str(emulator.cloud_port)], env=env)
    assert out.exit_code == 0, out.output
    sent = methods(emulator)
    first_write = next(i for i, m in enumerate(sent) if m not in PLAN_READS + ["login"])
    before = Counter(sent[:first_write])
    assert before == Counter({"login": 1, "get-settings": 2, **{m: 1 for m in PLAN_READS if m != "get-settings"}})
