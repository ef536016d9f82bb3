"""--state: configuration survives a restart; the file is replaced whole, never half-written."""
import json
import os

from tests.emulator.helpers import Api, edid_bytes, jpeg, logged_in, md5, rtmp


def test_configuration_survives_a_restart(emulator_factory, tmp_path):
    path = str(tmp_path / "state.json")
    with_state = dict(state_file=path)
    first = emulator_factory(**with_state)
    api = logged_in(first)
    api.result("set-first-over", name="Kept", **{"enable-passwd": "0"})
    api.result("add-server", **rtmp("yt"))
    api.result("add-user", id="ops", **{"pass": md5("pw")})
    api.post("add-nosignal-file", files={"f": ("slate.jpg", jpeg(32, 32))})
    api.post("import-edid", files={"f": ("e.bin", edid_bytes())})
    settings, edid = api.call("get-settings"), api.call("get-edid-config")
    serial = api.call("get-info")["product"]["sn"]
    first.stop()

    second = emulator_factory(**with_state)
    assert Api(second.url).login("ops", "pw") == 0
    api = logged_in(second)
    assert api.call("get-settings") == settings
    assert api.call("get-edid-config") == edid
    assert api.call("get-info")["product"]["sn"] == serial
    assert not api.call("ping")["cur-status"] & 0x01


def test_state_file_is_written_atomically_and_only_on_success(emulator_factory, tmp_path):
    path = tmp_path / "state.json"
    emu = emulator_factory(state_file=str(path))
    api = logged_in(emu)
    assert not path.exists()                       # nothing written until something changes
    api.result("set-name", name="One")
    assert json.loads(path.read_text())["settings"]["name"] == "One"
    mtime = os.stat(path).st_mtime_ns
    api.result("set-name", name=" bad")            # refused: no write
    assert os.stat(path).st_mtime_ns == mtime
    assert [p.name for p in tmp_path.iterdir()] == ["state.json"]     # no temp files left behind


def test_each_device_of_a_count_run_has_its_own_file(emulator_factory, tmp_path):
    path = tmp_path / "state.json"
    emu = emulator_factory(count=2, state_file=str(path))
    for i, device in enumerate(emu.devices):
        logged_in(device).result("set-name", name=f"Device {i}")
    assert json.loads(path.read_text())["settings"]["name"] == "Device 0"
    assert json.loads((tmp_path / "state-1.json").read_text())["settings"]["name"] == "Device 1"
