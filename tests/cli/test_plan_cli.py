"""usconf plan / apply as a user runs them: text, JSON, exit codes, saved plans, secrets, refusals."""
import json

import pytest
from click.testing import CliRunner
from interference import others_enable_two_servers

from usconf.cli import _register, cli

_register()

CONFIG = """usconf: 1
device:
  name: CLI Box
video:
  main:
    bitrate: 2M
live:
  servers:
    - name: Main
      type: rtmp
      url: rtmp://a.example.net/live
      key: "{{ env.CLI_KEY }}"
      enabled: true
"""
KEY = "cli-stream-key-4711"


@pytest.fixture
def setup(emulator_factory, tmp_path, monkeypatch):
    emu = emulator_factory()
    path = tmp_path / "box.yaml"
    path.write_text(CONFIG)
    monkeypatch.setenv("CLI_KEY", KEY)
    monkeypatch.setenv("USCONF_DEVICE", emu.url)
    monkeypatch.delenv("NO_COLOR", raising=False)
    return emu, path, ["--cloud-port", str(emu.cloud_port)]


def run(*args):
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.output


def test_plan_text_then_apply_then_no_changes(setup):
    emu, path, opts = setup
    code, out = run("plan", str(path), *opts, "--detailed-exitcode")
    assert code == 2
    assert "~ device.name:" in out and '-> "CLI Box"' in out
    assert "~ video.main.bitrate: 4M -> 2M" in out
    assert "# video.main.bitrate 4M -> 2M\n" in out          # a call's reason in the file's terms
    assert '+ live.servers["Main"]' in out
    assert '# live.servers["Main"] is new\n' in out
    assert "Plan: 1 to add, 3 to change, 0 to delete (" in out     # device.first_boot is one of them
    assert "\033[" not in out                  # not a terminal: no colour
    assert KEY not in out
    code, out = run("apply", str(path), *opts, "--yes")
    assert code == 0, out
    assert "Apply complete" in out
    code, out = run("plan", str(path), *opts, "--detailed-exitcode")
    assert code == 0
    assert "No changes. The device matches the configuration." in out


def test_apply_without_terminal_refuses_without_yes(setup):
    emu, path, opts = setup
    result = CliRunner().invoke(cli, ["apply", str(path), *opts], input="")
    assert result.exit_code != 0
    assert "--yes" in str(result.exception)
    assert emu.backend.settings["name"] != "CLI Box"


def test_json_plan_is_versioned_and_masks_secrets(setup):
    emu, path, opts = setup
    code, out = run("plan", str(path), *opts, "--json")
    assert code == 0
    data = json.loads(out)
    assert data["format_version"] == 1
    assert data["device"]["serial"] and data["device"]["url"] == emu.url
    assert data["summary"]["add"] == 1 and data["summary"]["calls"] == len(data["calls"])
    add = [c for c in data["calls"] if c["method"] == "add-server"][0]
    assert add["params"]["key"] == "(sensitive)"
    assert KEY not in out


def test_saved_plan_holds_no_secret_and_applies(setup, tmp_path):
    emu, path, opts = setup
    saved = tmp_path / "box.plan"
    code, _ = run("plan", str(path), *opts, "--out", str(saved))
    assert code == 0
    text = saved.read_text()
    assert KEY not in text
    data = json.loads(text)
    assert len(data["source"]["sha256"]) == 64 and len(data["fingerprint"]) == 64
    code, out = run("apply", str(saved), *opts, "--yes")
    assert code == 0, out
    assert emu.backend.settings["stream-server"][0]["key"] == KEY


def test_saved_plan_is_stale_when_the_device_changed(setup, tmp_path):
    emu, path, opts = setup
    saved = tmp_path / "box.plan"
    run("plan", str(path), *opts, "--out", str(saved))
    emu.backend.handle("add-server", {"type": "0", "name": "Sneaky", "url": "rtmp://s.example.net/x", "key": "s",
                                      "net-mode": "1"}, None, None, None)
    result = CliRunner().invoke(cli, ["apply", str(saved), *opts, "--yes"])
    assert result.exit_code == 1
    assert "plan is stale: live.servers changed on the device" in str(result.exception or result.output)
    assert [s["name"] for s in emu.backend.settings["stream-server"]] == ["Sneaky"]


def test_saved_plan_is_stale_when_the_source_changed(setup, tmp_path):
    emu, path, opts = setup
    saved = tmp_path / "box.plan"
    run("plan", str(path), *opts, "--out", str(saved))
    path.write_text(CONFIG.replace("CLI Box", "Other Box"))
    result = CliRunner().invoke(cli, ["apply", str(saved), *opts, "--yes"])
    assert result.exit_code == 1
    assert "changed since the plan was made" in str(result.exception or result.output)


def test_unreachable_goal_is_one_clear_line(setup, tmp_path):
    emu, path, opts = setup
    emu.backend.handle("set-rec-control", {"usb-option": "1", "sd-option": "1", "mime-type": "0",
                                           "root-folder": "REC", "file-prefix": "VID", "file-name-mode": "0",
                                           "time-unit": "120"}, None, None, None)
    path.write_text("usconf: 1\nvideo:\n  main:\n    bitrate: 8M\n")
    from usconf.cli import main
    with pytest.raises(SystemExit) as exit_:
        main(["plan", str(path), *opts])
    assert exit_.value.code == 1


def test_target_limits_the_plan(setup):
    emu, path, opts = setup
    code, out = run("plan", str(path), *opts, "--target", "device.name")
    assert "device.name" in out
    assert "live.servers" not in out and "set-video" not in out
    assert "(1 call)" in out


def run_split(*args):
    """(exit code, stdout, stderr) kept apart, as a pipe into a JSON reader sees them."""
    try:
        runner = CliRunner(mix_stderr=False)        # click < 8.2 mixes them unless told
    except TypeError:
        runner = CliRunner()
    result = runner.invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def _apply_json(out):
    data = json.loads(out)                      # one JSON document on stdout, nothing else
    assert data["format_version"] == 1 and data["plan"]["format_version"] == 1
    assert set(data) == {"format_version", "plan", "ok", "changed", "applied", "failed", "error", "verified",
                         "ignored", "rollback"}
    return data


def test_apply_json_reports_the_calls_and_verification(setup):
    emu, path, opts = setup
    code, out, err = run_split("apply", str(path), *opts, "--yes", "--json")
    assert code == 0, err
    data = _apply_json(out)
    assert data["ok"] and data["changed"] and data["verified"]
    assert [c["method"] for c in data["applied"]] == [c["method"] for c in data["plan"]["calls"]]
    assert data["failed"] is None and data["rollback"] is None and data["ignored"] == []
    assert KEY not in out
    code, out, _ = run_split("apply", str(path), *opts, "--yes", "--json")
    data = _apply_json(out)
    assert code == 0 and data["ok"] and not data["changed"] and data["applied"] == [] and data["plan"]["calls"] == []


def test_apply_json_reports_a_refused_call_and_the_rollback(setup):
    emu, path, opts = setup
    before = json.loads(json.dumps(emu.backend.settings))
    others_enable_two_servers(emu.devices[0], "add-server")
    code, out, err = run_split("apply", str(path), *opts, "--yes", "--json")
    assert code == 1
    assert "errChannelsLimited" in err and "Rolled back" in err
    data = _apply_json(out)
    assert not data["ok"] and not data["verified"]
    failed = data["failed"]
    assert failed["call"]["method"] == "enable-server"
    assert (failed["code"], failed["name"]) == (-29, "errChannelsLimited")
    assert failed["index"] == len(data["applied"]) + 1 and "add-server" in [c["method"] for c in data["applied"]]
    assert data["rollback"]["ok"] is True and data["rollback"]["error"] is None
    assert [c["method"] for c in data["rollback"]["calls"]][:1] == ["del-server"]
    assert KEY not in out + err
    assert emu.backend.settings["name"] == before["name"]
    # Ours is gone; the two the other operator added meanwhile are not this apply's to undo.
    assert [s["name"] for s in emu.backend.settings["stream-server"]] == ["Web A", "Web B"]
    assert data["rollback"]["not_restored"] == []


def test_a_factory_new_device_shows_and_counts_its_first_boot(emulator_factory, tmp_path, monkeypatch):
    emu = emulator_factory()
    path = tmp_path / "empty.yaml"
    path.write_text("usconf: 1\n")
    monkeypatch.setenv("USCONF_DEVICE", emu.url)
    opts = ["--cloud-port", str(emu.cloud_port)]
    code, out = run("plan", str(path), *opts, "--detailed-exitcode")
    assert code == 2, out
    assert '~ device.first_boot: "pending" -> "done"' in out
    assert "set-first-over" in out and '# device.first_boot "pending" -> "done"\n' in out
    assert "Plan: 0 to add, 1 to change, 0 to delete (1 call)." in out
    code, out = run("plan", str(path), *opts, "--json")
    assert json.loads(out)["summary"] == {"add": 0, "change": 1, "delete": 0, "calls": 1}
    code, out = run("apply", str(path), *opts, "--yes")
    assert code == 0, out
    code, out = run("plan", str(path), *opts, "--detailed-exitcode")
    assert code == 0 and out.endswith("\nNo changes. The device matches the configuration.\n")


def _digests(secret):
    """Every common digest of a secret, as hex and as base64, that would let a guess be tested."""
    import base64
    import hashlib
    out = []
    for name in ("sha256", "md5", "sha1"):
        raw = hashlib.new(name, secret.encode()).digest()
        out += [raw.hex(), base64.b64encode(raw).decode()]
    return out


def test_saved_plan_gives_no_way_to_test_a_guessed_secret(setup, tmp_path):
    emu, path, opts = setup
    path.write_text(CONFIG + "network:\n  access_point:\n    password: \"{{ env.CLI_KEY }}\"\n")
    assert run("apply", str(path), *opts, "--yes")[0] == 0
    first, second = tmp_path / "first.plan", tmp_path / "second.plan"
    assert run("plan", str(path), *opts, "--out", str(first))[0] == 0
    emu.backend.settings["softap"]["softap-passwd"] = "guess-me-1"
    assert run("plan", str(path), *opts, "--out", str(second))[0] == 0
    for saved in (first, second):
        text = saved.read_text()
        for secret in (KEY, "guess-me-1"):
            assert secret not in text
            assert not [d for d in _digests(secret) if d in text]
    one, two = json.loads(first.read_text()), json.loads(second.read_text())
    # only the secret differs on the device: nothing in the file depends on its value
    assert one["sections"] == two["sections"] and one["fingerprint"] == two["fingerprint"]


def test_saved_plan_is_refused_when_a_stream_key_changed_on_the_device(setup, tmp_path):
    emu, path, opts = setup
    assert run("apply", str(path), *opts, "--yes")[0] == 0
    saved = tmp_path / "box.plan"
    assert run("plan", str(path), *opts, "--out", str(saved))[0] == 0
    emu.backend.settings["stream-server"][0]["key"] = "changed-behind-our-back"
    result = CliRunner().invoke(cli, ["apply", str(saved), *opts, "--yes"])
    assert result.exit_code == 1
    assert "plan is stale" in str(result.exception or result.output)
    assert emu.backend.settings["stream-server"][0]["key"] == "changed-behind-our-back"
