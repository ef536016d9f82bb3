"""`usconf reboot --wait` and `usconf reset --yes --wait`: back only once the device has restarted."""
import json

from tests.ops.conftest import session
from usconf.emulator.faults import Faults


def test_reboot_wait_returns_after_the_device_is_back(device, usconf):
    emu = device()
    booted = emu.backend.booted
    code, out, err, asked = usconf(emu, "reboot", "--wait", "--interval", "0.05")
    assert code == 0 and "answered again" in out and "(not live, not recording)" in out
    assert emu.backend.booted > booted                  # it did restart ...
    assert emu.backend.reachable()                      # ... and is up now
    assert "waiting for the device" in err              # progress, on stderr
    assert asked[-2:] == ["get-status", "logout"]
    assert "login" in asked[asked.index("reboot"):]     # the old session died with the restart


def test_reboot_without_wait_returns_at_once(device, usconf):
    emu = device()
    code, out, _, _ = usconf(emu, "reboot", "--json")
    assert code == 0 and json.loads(out) == {"action": "reboot", "changed": True}


def test_reset_needs_yes(device, usconf):
    emu = device()
    code, _, err, asked = usconf(emu, "reset")
    assert code == 1 and "--yes" in err and "reset-all-settings" not in asked


def test_reset_wait_restores_the_factory_settings(device, usconf):
    emu = device()
    with session(emu) as dev:
        dev.set_name("Configured")
    code, out, _, _ = usconf(emu, "reset", "--yes", "--wait", "--interval", "0.05")
    assert code == 0 and "reset to factory settings" in out
    assert emu.backend.settings["name"].startswith("Ultra Stream ")


def test_wait_gives_up_after_its_timeout(device, usconf):
    emu = device(timings={"shutdown": 0.1, "reboot": 30.0})
    code, _, err, _ = usconf(emu, "reboot", "--wait", "--wait-timeout", "0.5", "--interval", "0.05")
    assert code == 1 and "did not answer again within 0.5s" in err


def test_status_bits_while_rebooting_and_resetting(device):
    from usconf.spec import status as bits
    emu = device(timings={"shutdown": 5.0, "reboot": 0.1})
    with session(emu) as dev:
        dev.call("reboot")
        mask = dev.ping()["cur-status"]
    assert mask & bits.REBOOT and not mask & bits.RESET


def test_disk_faults_show_in_get_status(device):
    emu = device(faults=Faults(usb="missing", sd="full"))
    with session(emu) as dev:
        status = dev.get_status()
    assert status["usb"]["disk-status"] == 0 and status["usb"]["total-size"] == 0
    assert status["sd"]["disk-status"] == 3 and status["sd"]["free-size"] == 0
    assert not status["cur-status"] & 0x10          # statusDiskReady: no disk can take a recording
