"""A saved plan names its source, vars files and uploads relative to itself: `usconf apply PLAN` works from
any directory, and a plan moved together with its sources keeps working."""
import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from usconf.cli import _register, cli

_register()

IMAGE = Path(__file__).parent.parent / "fixtures" / "plans" / "slate.jpg"
CONFIG = """usconf: 1
device:
  name: '{{ vars.site }} Box'
video:
  no_signal:
    images:
      - {name: default0}
      - {name: default1}
      - {name: slate, file: images/slate.jpg}
"""


def _project(root):
    (root / "conf" / "images").mkdir(parents=True)
    (root / "conf" / "box.yaml").write_text(CONFIG)
    (root / "conf" / "site.yaml").write_text("site: Berlin\n")
    shutil.copy(IMAGE, root / "conf" / "images" / "slate.jpg")
    (root / "conf" / "plans").mkdir()


def _invoke(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def _plan_in(root, monkeypatch, emulator):
    """Plan from `root` with paths as a user types them there."""
    monkeypatch.chdir(root)
    planned = _invoke("plan", "conf/box.yaml", "--vars-file", "conf/site.yaml", "--device", emulator.url,
                      "--cloud-port", emulator.cloud_port, "--out", "conf/plans/box.plan")
    assert planned.exit_code == 0, planned.output


def test_apply_a_saved_plan_from_another_directory(tmp_path, monkeypatch, emulator):
    _project(tmp_path / "repo")
    _plan_in(tmp_path / "repo", monkeypatch, emulator)
    saved = json.loads((tmp_path / "repo" / "conf" / "plans" / "box.plan").read_text())
    assert saved["source"]["path"] == "../box.yaml"
    assert [f["path"] for f in saved["source"]["vars_files"]] == ["../site.yaml"]
    assert [c["upload"] for c in saved["calls"] if "upload" in c] == ["../images/slate.jpg"]
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    applied = _invoke("apply", "../repo/conf/plans/box.plan", "--device", emulator.url,
                      "--cloud-port", emulator.cloud_port, "--yes")
    assert applied.exit_code == 0, applied.output
    assert emulator.backend.settings["name"] == "Berlin Box"
    assert "slate" in [Path(f["file-path"]).stem for f in emulator.backend.settings["nosignal-files"]]


def test_a_plan_moved_with_its_sources_keeps_working(tmp_path, monkeypatch, emulator):
    _project(tmp_path / "repo")
    _plan_in(tmp_path / "repo", monkeypatch, emulator)
    shutil.move(str(tmp_path / "repo" / "conf"), str(tmp_path / "moved"))
    monkeypatch.chdir(tmp_path / "moved" / "plans")
    applied = _invoke("apply", "box.plan", "--device", emulator.url, "--cloud-port", emulator.cloud_port, "--yes")
    assert applied.exit_code == 0, applied.output
    assert emulator.backend.settings["name"] == "Berlin Box"


def test_a_stale_source_is_named_where_it_is(tmp_path, monkeypatch, emulator):
    _project(tmp_path / "repo")
    _plan_in(tmp_path / "repo", monkeypatch, emulator)
    (tmp_path / "repo" / "conf" / "site.yaml").write_text("site: Paris\n")
    monkeypatch.chdir(tmp_path)
    applied = _invoke("apply", "repo/conf/plans/box.plan", "--device", emulator.url,
                      "--cloud-port", emulator.cloud_port, "--yes")
    assert applied.exit_code == 1
    message = str(applied.exception or applied.output)
    assert "plan is stale:" in message and "site.yaml changed since the plan was made" in message
    assert "Paris" not in emulator.backend.settings["name"]
