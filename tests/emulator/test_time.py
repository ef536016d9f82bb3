"""State over time, driven by a clock the test holds: nothing here sleeps."""
import pytest

from tests.emulator.helpers import FakeClock, ftp, rtmp
from usconf.emulator import Backend
from usconf.emulator.firmware import make_mwf
from usconf.spec import status as bits


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def device(clock):
    return Backend(clock=clock)


def status(device):
    return device.handle("get-status")


def test_recording_sets_the_bit_runs_and_leaves_a_file(device, clock):
    assert status(device)["rec-status"]["result"] == 27
    assert device.handle("start-rec")["result"] == 0
    assert device.handle("start-rec")["result"] == 1
    clock.advance(30)
    st = status(device)
    assert st["cur-status"] & bits.RECORD and st["rec-status"]["run-ms"] == 30000
    assert device.handle("stop-rec")["result"] == 0
    st = status(device)
    assert not st["cur-status"] & bits.RECORD and st["rec-status"]["result"] == 0
    files = device.handle("get-media-files", {"disk-type": "1"})["media-files"]
    assert [f["name"] for f in files] == ["VID_1.mp4"] and files[0]["duration"] == 30
    assert device.handle("clear-rec")["result"] == 0
    assert status(device)["rec-status"]["result"] == 27


def test_live_needs_an_enabled_server_then_connects(device, clock):
    assert device.handle("start-live")["result"] == 29
    device.handle("add-server", rtmp("a"))
    device.handle("enable-server", {"id": "0", "is-use": "1"})
    assert device.handle("start-live")["result"] == 0
    assert status(device)["live-status"]["result"] == 23
    clock.advance(device.timings["live-connect"])
    st = status(device)
    assert st["live-status"]["result"] == 22 and st["cur-status"] & bits.LIVING
    device.handle("stop-live")
    assert status(device)["live-status"]["result"] == 0
    device.handle("clear-live")
    assert status(device)["live-status"]["result"] == 27


@pytest.mark.parametrize("start, clear, bit", [("start-format-usb", "clear-format-usb", bits.FORMAT_DISK),
                                              ("start-format-sd", "clear-format-sd", bits.FORMAT_SD)])
def test_format_rises_then_succeeds_then_clears(device, clock, start, clear, bit):
    assert device.handle(start)["result"] == 0
    assert device.handle(start)["result"] == 1
    clock.advance(device.timings["format"] / 2)
    st = status(device)
    assert st["format-status"] == {"percent": 50, "result": 2, "client-id": ""} and st["cur-status"] & bit
    assert device.handle(clear)["result"] == -9
    clock.advance(device.timings["format"])
    st = status(device)
    assert st["format-status"]["result"] == 0 and st["format-status"]["percent"] == 100
    assert not st["cur-status"] & bit
    assert device.handle(clear)["result"] == 0
    assert status(device)["format-status"]["result"] == 27


def test_format_and_speed_test_are_refused_while_recording(device):
    device.handle("start-rec")
    assert device.handle("start-format-usb")["result"] == -9
    assert device.handle("start-test-usb")["result"] == -9


def test_usb_speed_test_progress_cancel_and_clear(device, clock):
    assert device.handle("start-test-usb")["result"] == 0
    clock.advance(device.timings["disk-test"] / 4)
    st = status(device)
    assert st["disk-test"]["percent"] == 25 and st["disk-test"]["result"] == 2 and st["cur-status"] & bits.DISK_TEST
    assert device.handle("stop-test-usb")["result"] == 0
    assert status(device)["disk-test"]["result"] == 5
    device.handle("clear-test-usb")
    assert status(device)["disk-test"]["result"] == 27


def test_stream_test_lasts_twenty_seconds(device, clock):
    params = {k: v for k, v in rtmp("t").items() if k != "name"}
    assert device.handle("start-test-server", params)["result"] == 0
    assert device.handle("start-test-server", params)["result"] == 1
    clock.advance(19.9)
    assert status(device)["living-test"]["result"] == 2
    clock.advance(0.1)
    assert status(device)["living-test"]["result"] == 0
    device.handle("clear-test-server")
    assert status(device)["living-test"]["result"] == 27


def test_upload_test_only_for_ftp(device, clock):
    assert device.handle("send-file-start-test-server", {"type": "1", "account-id": "x"})["result"] == -10
    assert device.handle("send-file-start-test-server", ftp())["result"] == 0
    assert status(device)["cur-status"] & bits.SEND_TEST
    clock.advance(device.timings["send-test"])
    assert status(device)["send-file-test"]["result"] == 0


def test_firmware_update_progresses_installs_and_reboots(device, clock):
    device.handle("upload-update-file", {}, files={"f": ("fw.mwf", make_mwf("hdmi", "1.6.200"))})
    assert device.handle("update", {"mode": "upload"})["result"] == 0
    clock.advance(device.timings["update"] / 2)
    st = status(device)
    assert st["upgrade-status"]["result"] == 2 and st["upgrade-status"]["percent"] == 50
    assert st["upgrade-status"]["mode"] == "upload" and st["cur-status"] & bits.UPGRADE
    clock.advance(device.timings["update"] / 2)
    assert status(device)["cur-status"] & bits.REBOOT        # installed: shutting down to restart
    clock.advance(device.timings["shutdown"])
    assert not device.reachable()
    clock.advance(device.timings["reboot"])
    assert device.reachable() and not status(device)["cur-status"] & bits.REBOOT
    assert device.handle("get-info")["product"]["firmware-ver-s"] == "1.6.200"


def test_online_check_finds_a_release_and_online_update_installs_it(device, clock):
    assert device.handle("update", {"mode": "online"})["result"] == -14
    assert device.handle("online-update-check")["result"] == 0
    assert status(device)["check-upgrade"]["result"] == 2
    clock.advance(device.timings["check-update"])
    st = status(device)
    assert st["check-upgrade"]["result"] == 0 and st["upgrade"]["ver"] == "1.5.123"
    assert device.handle("update", {"mode": "online"})["result"] == 0
    clock.advance(1)
    assert device.handle("cancel-download")["result"] == 0
    assert status(device)["upgrade-status"]["result"] == 5
    assert device.handle("clear-upgrade")["result"] == 0
    assert status(device)["upgrade-status"]["result"] == 27


def test_reboot_ends_sessions_and_device_comes_back(device, clock):
    sid = device.handle("login", {"id": "Admin", "pass": "e3afed0047b08059d0fada10f400c1e5"})["_sid"]
    assert device.session_user(sid) == "Admin"
    assert device.handle("reboot")["result"] == 0
    assert device.session_user(sid) is None
    assert device.reachable() and status(device)["cur-status"] & bits.REBOOT
    clock.advance(device.timings["shutdown"])
    assert not device.reachable()
    clock.advance(device.timings["reboot"])
    assert device.reachable() and not status(device)["cur-status"] & bits.REBOOT


def test_reset_all_settings_restores_factory_state(device, clock):
    device.handle("set-first-over", {"name": "Configured", "enable-passwd": "0"})
    device.handle("add-server", rtmp("a"))
    device.handle("add-user", {"id": "ops", "pass": "0" * 32})
    assert device.handle("reset-all-settings")["result"] == 0
    assert status(device)["cur-status"] & bits.RESET and not status(device)["cur-status"] & bits.REBOOT
    clock.advance(device.timings["shutdown"] + device.timings["reboot"])
    assert not status(device)["cur-status"] & bits.RESET
    fresh = Backend(clock=clock)
    assert device.settings == fresh.settings
    assert list(device.users) == ["Admin"]
    assert status(device)["cur-status"] & bits.FIRST


def test_first_boot_ends_with_set_first_over(device):
    assert status(device)["cur-status"] & bits.FIRST
    answer = device.handle("set-first-over", {"name": "Studio", "enable-passwd": "1", "passwd": "a" * 32,
                                              "timezone": "Europe/Berlin", "is-auto": "1", "time": ""})
    assert answer["result"] == 0
    st = status(device)
    assert not st["cur-status"] & bits.FIRST and st["cur-status"] & bits.PASSWD
    assert device.settings["date-time"] == {"timezone": "Europe/Berlin", "is-auto": 1}


def test_pairing_password_needs_the_old_one_to_change_or_disable(device):
    assert device.handle("set-app-passwd", {"is-pass": "1", "new-pass": "a" * 32})["result"] == 0
    assert device.handle("set-app-passwd", {"is-pass": "0", "pass": "b" * 32})["result"] == -1
    assert device.handle("set-app-passwd", {"is-pass": "0", "pass": "a" * 32})["result"] == 0
    assert not status(device)["cur-status"] & bits.PASSWD


def test_uploads_progress_only_with_an_enabled_server(device, clock):
    device.handle("start-rec")
    clock.advance(5)
    device.handle("stop-rec")
    assert device.handle("send-file-add", body=b'{"disk-type": 1, "media-files": ["VID_1.mp4"]}')["result"] == 0
    clock.advance(60)
    assert status(device)["send-file"]["total-count-ongoing"] == 1
    device.handle("send-file-add-server", ftp())
    clock.advance(device.timings["upload-file"])
    assert status(device)["send-file"]["total-count-done"] == 1
