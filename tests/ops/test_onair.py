"""`usconf rec` and `usconf live`: start and stop as an operator sees them, and every refusal's cause."""
import json

from tests.ops.conftest import add_live_server, session
from usconf.emulator import Faults
from usconf.spec import status as bits


def test_rec_start_waits_until_recording_then_stop_leaves_a_file(device, usconf):
    emu = device()
    code, out, _, asked = usconf(emu, "rec", "start", "--wait", "--interval", "0.05")
    assert (code, out.strip()) == (0, "recording started")
    assert emu.backend.cur_status() & bits.RECORD
    assert asked.count("get-status") >= 2          # it looked again after starting
    code, out, _, _ = usconf(emu, "rec", "stop", "--json")
    assert code == 0 and json.loads(out) == {"action": "rec stop", "changed": True, "recording": False}
    assert not emu.backend.cur_status() & bits.RECORD
    code, out, _, _ = usconf(emu, "media", "list")
    assert code == 0 and "VID_1.mp4" in out and "files" in out


def test_starting_twice_changes_nothing_the_second_time(device, usconf):
    emu = device()
    assert usconf(emu, "rec", "start")[0] == 0
    code, out, _, asked = usconf(emu, "rec", "start", "--json")
    assert code == 0 and json.loads(out)["changed"] is False
    assert "start-rec" not in asked
    code, out, _, _ = usconf(emu, "rec", "stop")
    code, out, _, asked = usconf(emu, "rec", "stop")
    assert (code, out.strip()) == (0, "not recording") and "stop-rec" not in asked


def test_rec_refused_with_no_disk_names_the_missing_disks(device, usconf):
    emu = device(faults=Faults(usb="missing", sd="missing"))
    code, out, err, _ = usconf(emu, "rec", "start")
    assert code == 1 and out == ""
    assert err.strip() == ("Error: start-rec refused (errDisk -5): no disk: USB drive missing, SD card missing")


def test_rec_refused_with_full_disks(device, usconf):
    emu = device(faults=Faults(usb="full", sd="full"))
    code, _, err, _ = usconf(emu, "rec", "start")
    assert code == 1 and "errNoSpace -16" in err and "USB drive full, SD card full" in err


def test_one_usable_disk_is_enough_to_record(device, usconf):
    emu = device(faults=Faults(usb="missing"))
    assert usconf(emu, "rec", "start", "--interval", "0.05")[0] == 0


def test_rec_refused_with_no_signal(device, usconf):
    emu = device(faults=Faults(no_signal=True))
    code, _, err, _ = usconf(emu, "rec", "start")
    assert code == 1 and err.strip() == "Error: start-rec refused (errNoSignal -35): no signal on the input"
    code, out, _, _ = usconf(emu, "signal")
    assert (code, out.strip()) == (0, "no signal")


def test_live_refused_without_an_enabled_server(device, usconf):
    emu = device()
    code, _, err, _ = usconf(emu, "live", "start")
    assert code == 1
    assert err.strip() == ("Error: start-live refused (retLivingNotset 29): no server enabled "
                           "(enable one under live.servers)")


def test_live_refused_with_no_signal(device, usconf):
    emu = device(faults=Faults(no_signal=True))
    with session(emu) as dev:
        add_live_server(dev, "main")
    code, _, err, _ = usconf(emu, "live", "start")
    assert code == 1 and "(errNoSignal -35): no signal on the input" in err


def test_live_start_and_stop_with_an_enabled_server(device, usconf):
    emu = device()
    with session(emu) as dev:
        add_live_server(dev, "main", key="do-not-print-me")
    code, out, _, _ = usconf(emu, "live", "start", "--interval", "0.05")
    assert code == 0 and out.startswith("streaming started")
    code, out, _, _ = usconf(emu, "live", "status", "--json")
    state = json.loads(out)
    assert state["live"] is True and state["servers"] == ["main"]
    code, out, _, _ = usconf(emu, "live", "start", "--json")
    assert json.loads(out)["changed"] is False
    assert usconf(emu, "live", "stop")[0] == 0
    assert not emu.backend.cur_status() & bits.LIVING
    assert usconf(emu, "live", "clear")[0] == 0


def test_auto_live_lock_is_named_when_stopping(device, usconf):
    emu = device()
    with session(emu) as dev:
        add_live_server(dev, "main")
        dev.call("set-auto-live", is_auto_live=1)
    assert usconf(emu, "live", "start")[0] == 0
    code, _, err, _ = usconf(emu, "live", "stop")
    assert code == 1 and "errLockLiving -43" in err and "auto-live" in err


def test_clear_while_recording_is_refused_with_a_reason(device, usconf):
    emu = device()
    usconf(emu, "rec", "start")
    code, _, err, _ = usconf(emu, "rec", "clear")
    assert code == 1 and "recording is running" in err
