"""A saved plan made with --vars-file / --var is applied with the same variables."""
import json

from click.testing import CliRunner

from usconf.cli import _register, cli

_register()

CONFIG = "usconf: 1\ndevice:\n  name: '{{ vars.site }} {{ vars.room }}'\n"


def _files(tmp_path):
    conf = tmp_path / "box.yaml"
    conf.write_text(CONFIG)
    varsfile = tmp_path / "site.yaml"
    varsfile.write_text("site: Berlin\nroom: Hall\n")
    return conf, varsfile


def _invoke(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def test_vars_file_is_recorded_and_reused_on_apply(tmp_path, emulator):
    conf, varsfile = _files(tmp_path)
    saved = tmp_path / "box.plan"
    planned = _invoke("plan", conf, "--vars-file", varsfile, "--device", emulator.url, "--out", saved)
    assert planned.exit_code == 0, planned.output
    source = json.loads(saved.read_text())["source"]
    assert [f["path"] for f in source["vars_files"]] == ["site.yaml"]       # relative to the plan
    assert len(source["vars_files"][0]["sha256"]) == 64
    applied = _invoke("apply", saved, "--device", emulator.url, "--yes")
    assert applied.exit_code == 0, applied.output
    assert emulator.backend.settings["name"] == "Berlin Hall"


def test_a_changed_vars_file_makes_the_plan_stale(tmp_path, emulator):
    conf, varsfile = _files(tmp_path)
    saved = tmp_path / "box.plan"
    assert _invoke("plan", conf, "--vars-file", varsfile, "--device", emulator.url, "--out", saved).exit_code == 0
    varsfile.write_text("site: Paris\nroom: Hall\n")
    applied = _invoke("apply", saved, "--device", emulator.url, "--yes")
    assert applied.exit_code == 1
    assert f"plan is stale: {varsfile} changed since the plan was made" in str(applied.exception or applied.output)
    assert "Paris" not in emulator.backend.settings["name"]


def test_var_values_are_not_saved_and_must_be_given_again(tmp_path, emulator):
    conf, varsfile = _files(tmp_path)
    saved = tmp_path / "box.plan"
    planned = _invoke("plan", conf, "--vars-file", varsfile, "--var", "room=Studio7",
                      "--device", emulator.url, "--out", saved)
    assert planned.exit_code == 0, planned.output
    text = saved.read_text()
    source = json.loads(text)["source"]
    assert source["vars"] == ["room"]
    assert "Studio7" not in json.dumps(source)
    missing = _invoke("apply", saved, "--device", emulator.url, "--yes")
    assert missing.exit_code == 1
    message = str(missing.exception or missing.output)
    assert "--var room" in message and "give them again" in message
    assert "Traceback" not in missing.output
    applied = _invoke("apply", saved, "--device", emulator.url, "--yes", "--var", "room=Studio7")
    assert applied.exit_code == 0, applied.output
    assert emulator.backend.settings["name"] == "Berlin Studio7"
