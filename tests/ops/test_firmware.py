"""Firmware: the commands, and `device.firmware` applied end to end, failures included."""
import json

import pytest

from usconf.emulator.faults import Faults
from usconf.emulator.firmware import make_mwf


@pytest.fixture
def mwf(tmp_path):
    def make(version, model="hdmi", size=300_000):
        path = tmp_path / f"US-{version}.mwf"
        path.write_bytes(make_mwf(model, version, size))
        return path
    return make


def config(tmp_path, version, file=None, extra=""):
    fw = f"\n    file: {file.name}" if file else ""
    path = tmp_path / "box.yaml"
    path.write_text(f'device:\n  name: Studio A\n  firmware:\n    version: "{version}"{fw}\n{extra}')
    return path


def running(emu):
    return emu.backend.info["product"]["firmware-ver-s"]


def test_upload_then_update_wait_verifies_the_new_version(device, usconf, mwf):
    emu = device(firmware="1.4.98")
    code, out, err, _ = usconf(emu, "firmware", "upload", str(mwf("1.5.123")))
    assert code == 0 and "uploaded firmware 1.5.123" in out
    assert "uploading: 100%" in err
    code, out, err, _ = usconf(emu, "firmware", "update", "--wait", "--interval", "0.05", "--json")
    assert code == 0 and running(emu) == "1.5.123"
    result = json.loads(out)
    assert (result["from"], result["to"]) == ("1.4.98", "1.5.123")
    assert "installing" in err


def test_plan_shows_the_firmware_step_first(device, usconf, mwf, tmp_path):
    emu = device(firmware="1.4.98")
    path = config(tmp_path, "1.5.123", mwf("1.5.123", size=2_500_000))
    _, out, _, _ = usconf(emu, "plan", str(path))
    changes = [line for line in out.splitlines() if line.startswith(("~", "+", "-"))]
    assert changes[0] == "~ firmware 1.4.98 -> 1.5.123 (upload 2.5 MB, reboot)"
    assert any("device.name" in line for line in changes[1:])


def test_apply_installs_the_firmware_then_the_rest_on_it(device, usconf, mwf, tmp_path):
    emu = device(firmware="1.4.98")
    path = config(tmp_path, "1.5.123", mwf("1.5.123"))
    code, out, err, asked = usconf(emu, "apply", str(path), "--yes")
    assert code == 0, err
    assert running(emu) == "1.5.123" and emu.backend.settings["name"] == "Studio A"
    assert "uploading: 100%" in err and "firmware 1.5.123 runs; planning the rest on it" in out
    # the rest was read and planned again after the restart, then sent
    restart = asked.index("update")
    assert "get-settings" in asked[restart:] and asked.index("set-first-over") > restart
    code, out, _, _ = usconf(emu, "plan", str(path))
    assert "No changes" in out                      # runs that version now: nothing to do


def test_a_version_without_a_file_is_a_plan_error(device, usconf, tmp_path):
    emu = device(firmware="1.4.98")
    code, _, err, _ = usconf(emu, "plan", str(config(tmp_path, "1.5.123")))
    assert code == 1 and "give the .mwf file of 1.5.123" in err


def test_a_bad_file_is_refused_and_the_old_version_stays(device, usconf, mwf, tmp_path):
    emu = device(firmware="1.4.98", faults=Faults(firmware="bad-file"))
    code, _, err, _ = usconf(emu, "apply", str(config(tmp_path, "1.5.123", mwf("1.5.123"))), "--yes")
    assert code == 1 and "upload-update-file refused (errFile -15)" in err
    assert running(emu) == "1.4.98"


def test_a_file_of_another_version_is_refused_before_installing(device, usconf, mwf, tmp_path):
    emu = device(firmware="1.4.98")
    wrong = mwf("1.5.100")
    path = config(tmp_path, "1.5.123", wrong)
    code, _, err, asked = usconf(emu, "apply", str(path), "--yes")
    assert code == 1 and "holds firmware 1.5.100, not 1.5.123" in err and "update" not in asked


def test_a_firmware_plan_is_refused_while_the_device_records(device, usconf, mwf, tmp_path):
    emu = device(firmware="1.4.98", startup_rec=True)
    code, _, err, asked = usconf(emu, "apply", str(config(tmp_path, "1.5.123", mwf("1.5.123"))), "--yes")
    assert code == 1 and "on air (RECORDING" in err and "--allow-interrupt" in err
    assert "upload-update-file" not in asked and running(emu) == "1.4.98"


def test_a_device_busy_recording_refuses_the_update(device, usconf, mwf, tmp_path):
    emu = device(firmware="1.4.98", startup_rec=True)
    code, _, err, asked = usconf(emu, "apply", str(config(tmp_path, "1.5.123", mwf("1.5.123"))), "--yes",
                                 "--allow-interrupt")
    assert code == 1 and "update refused (errBusy -9): the device is recording" in err
    assert "update" not in asked and running(emu) == "1.4.98"


def test_a_power_cut_during_the_update_leaves_the_old_version(device, usconf, mwf, tmp_path):
    emu = device(firmware="1.4.98", faults=Faults(firmware="power-cut"))
    code, _, err, _ = usconf(emu, "apply", str(config(tmp_path, "1.5.123", mwf("1.5.123"))), "--yes")
    assert code == 1
    assert "the device runs 1.4.98 after the update, not 1.5.123" in err and "errSystem -18" in err
    assert running(emu) == "1.4.98" and emu.backend.settings["name"] != "Studio A"


def test_online_check_and_cancel_download(device, usconf):
    emu = device()
    code, out, _, _ = usconf(emu, "firmware", "check", "--interval", "0.05")
    assert code == 0 and "firmware 1.5.123 is available (running 1.5.122)" in out
    emu.backend.timings["update"] = 30.0
    assert usconf(emu, "firmware", "update", "--online")[0] == 0
    code, out, _, asked = usconf(emu, "firmware", "cancel-download")
    assert code == 0 and "cancel-download" in asked
    assert usconf(emu, "firmware", "clear")[0] == 0
    code, out, _, _ = usconf(emu, "firmware", "status", "--json")
    assert json.loads(out)["update"]["result"] == "retInit 27"


def test_validate_with_device_names_the_firmware_a_section_needs(device, usconf, tmp_path):
    emu = device(firmware="1.2.122")
    path = tmp_path / "old.yaml"
    path.write_text("recording:\n  sd: record\nlive:\n  locked: false\n")
    code, out, _, _ = usconf(emu, "validate", str(path))
    assert code == 1
    assert "recording.sd" in out or "recording" in out
    assert "needs firmware 1.3 or newer (set-rec-control was added in V1.3); the device runs firmware 1.2.122" in out
    assert "needs firmware 1.4 or newer (set-auto-live" in out


def test_a_firmware_goal_older_than_a_section_is_an_error(tmp_path, usconf, device):
    emu = device()
    path = config(tmp_path, "1.4.98", extra="video:\n  no_signal:\n    enabled: true\n")
    code, out, _, _ = usconf(emu, "validate", str(path))
    assert code == 1 and "needs firmware 1.5 or newer" in out and "device.firmware.version is 1.4.98" in out


def test_a_missing_firmware_file_is_a_validation_error(tmp_path, usconf, device):
    path = config(tmp_path, "1.5.123")
    path.write_text(path.read_text() + "    file: nowhere/US.mwf\n")
    code, out, _, _ = usconf(device(), "validate", str(path))
    assert code == 1 and "device.firmware.file: cannot read" in out and "no such file" in out


def test_device_text_is_printed_escaped(device, usconf):
    emu = device()
    emu.backend.info["product"]["module-name"] = "Evil\x1b[2J\nbox"
    code, out, _, _ = usconf(emu, "firmware", "status")
    assert code == 0 and "\x1b" not in out and "Evil\\x1b[2J\\nbox" in out


def test_ansible_states_install_the_firmware_once(device, mwf):
    from tests.ops.conftest import session
    from usconf import states
    from usconf.language.load import load_data

    emu = device(firmware="1.4.98")
    desired = load_data({"device": {"name": "Studio A", "firmware": {"version": "1.5.123",
                                                                     "file": str(mwf("1.5.123"))}}})
    with session(emu) as dev:
        checked = states.converge("merged", desired, dev, check=True)
        assert checked.changed and checked.commands[0].startswith("firmware 1.4.98 -> 1.5.123 (upload")
        assert running(emu) == "1.4.98"
        first = states.converge("merged", desired, dev)
    assert first.changed and running(emu) == "1.5.123" and emu.backend.settings["name"] == "Studio A"
    with session(emu) as dev:
        assert states.converge("merged", desired, dev).changed is False
