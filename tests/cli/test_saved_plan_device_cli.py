"""A saved plan applied to another unit is refused as such, not as a stale plan."""
from click.testing import CliRunner

from usconf.cli import _register, cli
from usconf.emulator import running

_register()


def test_plan_for_another_device_names_both_serials(tmp_path):
    path = tmp_path / "box.yaml"
    path.write_text("usconf: 1\ndevice:\n  name: Box A\n")
    saved = tmp_path / "box.plan"
    with running(count=2) as group:
        first, second = group.devices
        out = CliRunner().invoke(cli, ["plan", str(path), "--device", first.url, "--out", str(saved)])
        assert out.exit_code == 0, out.output
        result = CliRunner().invoke(cli, ["apply", str(saved), "--device", second.url, "--yes"])
        serials = [d.backend.serial for d in group.devices]
        names = [d.backend.settings["name"] for d in group.devices]
    assert result.exit_code == 1
    message = str(result.exception or result.output)
    assert f"plan was made for device {serials[0]}, not for this one ({serials[1]})" in message
    assert "Box A" not in names                # nothing was sent to either unit


def test_empty_target_is_refused_not_reported_as_no_changes(tmp_path, emulator):
    path = tmp_path / "box.yaml"
    path.write_text("usconf: 1\ndevice:\n  name: Box A\n")
    for target in ("", "."):
        result = CliRunner().invoke(cli, ["plan", str(path), "--device", emulator.url, "--target", target,
                                          "--detailed-exitcode"])
        assert result.exit_code == 1, result.output
        assert "No changes" not in result.output
        assert "names nothing" in str(result.exception or result.output)
