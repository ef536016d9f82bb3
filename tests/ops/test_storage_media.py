"""`usconf storage`, `usconf media`, `usconf test`, `usconf edid`, `usconf wifi` against the emulator."""
import json

from tests.ops.conftest import add_live_server, session
from usconf.emulator.faults import Faults


def record(emu, usconf, seconds=0.0):
    assert usconf(emu, "rec", "start", "--interval", "0.05")[0] == 0
    assert usconf(emu, "rec", "stop", "--interval", "0.05")[0] == 0


def test_storage_status_reads_like_a_person_writes(device, usconf):
    emu = device(faults=Faults(usb="missing"))
    code, out, _, _ = usconf(emu, "storage", "status")
    assert code == 0
    assert "sd: DiskValid, 3.7 GB of 31.9 GB used, 25.0 GB free, 0 files" in out
    assert "usb: NotDisk" in out


def test_format_needs_yes_and_is_refused_while_recording(device, usconf):
    emu = device()
    code, _, err, asked = usconf(emu, "storage", "format", "--disk", "sd")
    assert code == 1 and "--yes" in err and "start-format-sd" not in asked
    usconf(emu, "rec", "start")
    code, _, err, asked = usconf(emu, "storage", "format", "--disk", "sd", "--yes")
    assert code == 1 and "the device is recording" in err and "start-format-sd" not in asked


def test_format_erases_the_recordings(device, usconf):
    emu = device()
    record(emu, usconf)
    assert json.loads(usconf(emu, "media", "list", "--json")[1])["count"] == 1
    code, out, _, asked = usconf(emu, "storage", "format", "--disk", "sd", "--yes", "--interval", "0.05")
    assert code == 0 and out.strip() == "sd formatted" and "clear-format-sd" in asked
    assert json.loads(usconf(emu, "media", "list", "--json")[1])["count"] == 0
    code, _, _, asked = usconf(emu, "storage", "format", "--disk", "usb", "--yes", "--interval", "0.05")
    assert code == 0 and "start-format-usb" in asked and "clear-format-usb" in asked


def test_format_of_a_missing_card_names_it(device, usconf):
    emu = device(faults=Faults(sd="missing"))
    code, _, err, _ = usconf(emu, "storage", "format", "--disk", "sd", "--yes")
    assert code == 1 and "no SD card is inserted" in err


def test_speed_test_of_a_slow_drive_fails_with_the_device_words(device, usconf):
    emu = device(faults=Faults(usb="slow"))
    code, _, err, asked = usconf(emu, "storage", "test", "--interval", "0.05")
    assert code == 1 and "retLowSpeed" in err and "clear-test-usb" in asked
    fast = device()
    code, out, _, _ = usconf(fast, "storage", "test", "--interval", "0.05")
    assert code == 0 and out.startswith("USB write 14.8 MB/s")
    assert usconf(fast, "storage", "test", "--stop")[3][-2] == "stop-test-usb"


def test_media_list_delete_and_the_upload_queue(device, usconf):
    emu = device()
    record(emu, usconf)
    listing = json.loads(usconf(emu, "media", "list", "--json")[1])
    name = listing["files"][0]["name"]
    assert listing["files"][0]["size"].endswith(("B", "kB", "MB"))
    code, out, _, _ = usconf(emu, "media", "upload", name)
    assert code == 0 and "1 waiting" in out and name in out        # no upload server enabled: it waits
    assert usconf(emu, "media", "upload", "--stop")[0] == 0
    assert usconf(emu, "media", "upload", "--start")[0] == 0
    assert usconf(emu, "media", "upload", "--remove", name)[1].startswith("0 waiting")
    assert usconf(emu, "media", "upload", name)[0] == 0
    assert usconf(emu, "media", "upload", "--clear")[1].startswith("0 waiting")
    code, _, err, _ = usconf(emu, "media", "delete", "--disk", "sd", "NOPE.mp4")
    assert code == 1 and "no such file on sd: NOPE.mp4" in err
    code, out, _, _ = usconf(emu, "media", "delete", "--disk", "sd", name)
    assert code == 0 and out.strip() == f"deleted {name}"
    assert json.loads(usconf(emu, "media", "list", "--json")[1])["count"] == 0


def test_server_tests_report_the_simulated_outcome(device, usconf):
    emu = device()
    with session(emu) as dev:
        add_live_server(dev, "good", key="secret-key-4242")
        add_live_server(dev, "dead", url="rtmp://nowhere.invalid/app", enabled=False)
        dev.call("send-file-add-server", {"type": 0, "url": "ftp.example.net", "port": 21, "login-type": 1,
                                          "user-name": "u", "passwd": "ftp-secret-77"})
    code, out, err, _ = usconf(emu, "test", "live", "good", "--interval", "0.05")
    assert code == 0 and out.startswith("good: passed") and "secret-key-4242" not in out + err
    code, _, err, _ = usconf(emu, "test", "live", "dead", "--interval", "0.05")
    assert code == 1 and "(errNetwork -21): the test of dead failed" in err
    code, out, _, asked = usconf(emu, "test", "upload", "ftp.example.net", "--interval", "0.05")
    assert code == 0 and "passed" in out and "clear-test-send-file" in asked
    code, _, err, _ = usconf(emu, "test", "live", "missing")
    assert code == 1 and "no live server named 'missing'" in err
    assert "stop-test-server" in usconf(emu, "test", "stop")[3]


def test_edid_export_import_and_loop_through(device, usconf, tmp_path):
    emu = device()
    target = tmp_path / "input.bin"
    code, out, _, _ = usconf(emu, "edid", "export", "--output", str(target))
    assert code == 0 and target.stat().st_size % 128 == 0
    code, _, _, asked = usconf(emu, "edid", "export", "--loop-through", "-o", str(tmp_path / "lt.bin"))
    assert code == 0 and "export-loop-through-edid" in asked
    code, out, _, asked = usconf(emu, "edid", "import", "--loop-through")
    assert code == 0 and "get-loop-through-edid" in asked and "already has this EDID" in out
    bad = tmp_path / "bad.bin"
    bad.write_bytes(b"\0" * 100)
    code, _, err, _ = usconf(emu, "edid", "import", str(bad))
    assert code == 1 and "import-edid refused (errFile -15)" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.bin", "input.bin", "lt.bin"]


def test_wifi_disconnect(device, usconf):
    code, _, _, asked = usconf(device(), "wifi", "disconnect")
    assert code == 0 and "disconn-wifi" in asked
