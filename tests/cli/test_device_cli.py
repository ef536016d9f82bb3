"""`usconf call / status / info` as a user runs them: output, exit codes, one-line errors."""
import json
import os
import socket
import subprocess
import sys

import pytest

from usconf.cli import main
from usconf.client import Client


@pytest.fixture(autouse=True)
def clean_env(monkeypatch):
    for name in ("USCONF_DEVICE", "USCONF_USERNAME", "USCONF_PASSWORD"):
        monkeypatch.delenv(name, raising=False)


def run(capsys, *args):
    with pytest.raises(SystemExit) as done:
        main(list(args))
    out = capsys.readouterr()
    return done.value.code, out.out, out.err


def closed_url():
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    return f"http://127.0.0.1:{port}"


def video(settings, kbps):
    s = settings["main-stream"]
    return {"stream": 0, "is-auto": 0, "cx": s["cx"], "cy": s["cy"], "duration": s["duration"], "kbps": kbps,
            "gop": s["gop"], "fourcc": s["fourcc"], "profile": s["profile"], "cbrstat": s["cbrstat"],
            "fullrange": s["fullrange"], "codec": s["codec"]}


def test_info_json_is_the_devices_get_info(emulator, capsys):
    code, out, err = run(capsys, "info", "--json", "--device", emulator.url)
    assert (code, err) == (0, "")
    info = json.loads(out)
    assert info["product"]["sn"] == emulator.backend.serial
    assert info["codec-cap"]["resolutions"][-1] == {"w": 1920, "h": 1080}


def test_info_summary_lists_identity_and_ranges(emulator, capsys):
    code, out, _ = run(capsys, "info", "--device", emulator.url)
    lines = out.splitlines()
    assert code == 0
    assert f"Serial          {emulator.backend.serial}" in lines
    assert any(line.startswith("Frame rates") and "59.94 FPS" in line for line in lines)
    assert any(line.startswith("Gain mic") and "dB" in line for line in lines)
    assert any(line.startswith("SD recording") and "Loop recording" in line for line in lines)


def test_status_summary_of_an_idle_device(emulator, capsys, monkeypatch):
    monkeypatch.setenv("USCONF_DEVICE", emulator.url)
    code, out, _ = run(capsys, "status")
    lines = out.splitlines()
    assert code == 0
    assert "Recording       stopped, retInit (27)" in lines
    assert "Live            stopped" in lines
    assert any(line.startswith("USB             DiskValid,") and "free of" in line for line in lines)
    assert "Network         eth 127.0.0.1" in lines
    assert any(line.startswith("Flags") and "statusDiskReady" in line for line in lines)


def added_server(dev, **params):
    """Add a live server and give its id, as the device numbers it."""
    dev.add_server(params)
    return next(s["id"] for s in dev.get_settings()["stream-server"] if s["name"] == params["name"])


def test_status_names_each_live_server(emulator, capsys):
    with Client(emulator.url) as dev:
        first = added_server(dev, type=0, name="Alpha", url="rtmp://127.0.0.1/a", key="k1")
        second = added_server(dev, type=0, name="Beta", url="rtmp://127.0.0.1/b", key="k2")
        dev.enable_server(first)
        dev.enable_server(second)
        dev.call("start-live")
    code, out, _ = run(capsys, "status", "--device", emulator.url)
    lines = out.splitlines()
    assert code == 0
    assert any(line.startswith("Live            streaming for") for line in lines)
    assert [line.split()[0] for line in lines if line.startswith("  ")] == ["Alpha", "Beta"]


def test_status_json(emulator, capsys):
    code, out, _ = run(capsys, "status", "--json", "--device", emulator.url)
    assert code == 0 and isinstance(json.loads(out)["cur-status"], int)


def test_call_set_name_then_get_settings(emulator, capsys):
    code, out, _ = run(capsys, "call", "set-name", "name=Stage Left", "--device", emulator.url)
    assert (code, json.loads(out)) == (0, {"result": 0})
    code, out, _ = run(capsys, "call", "get-settings", "--device", emulator.url)
    assert code == 0 and json.loads(out)["name"] == "Stage Left"


def test_call_masks_secrets_in_the_answer(emulator, capsys):
    run(capsys, "call", "add-server", "type=0", "name=A", "url=rtmp://127.0.0.1/x", "key=sk-live-5521",
        "--device", emulator.url)
    code, out, _ = run(capsys, "call", "get-settings", "--device", emulator.url)
    assert code == 0 and "sk-live-5521" not in out
    assert json.loads(out)["stream-server"][0]["key"] == "(sensitive)"


def test_call_error_code_is_one_line_with_the_reference_words(emulator, capsys):
    with Client(emulator.url) as dev:
        first = added_server(dev, type=0, name="A", url="rtmp://127.0.0.1/a", key="k1")
        second = added_server(dev, type=0, name="B", url="rtmp://127.0.0.1/b", key="k2")
        dev.enable_server(first)
        dev.call("set-video", video(dev.get_settings(), 8192))
    code, out, err = run(capsys, "call", "enable-server", f"id={second}", "is-use=1", "--device", emulator.url)
    assert (code, out) == (1, "")
    assert err == ("error: -30 err8MLimited: When the bitrate is above 4 Mbps, the streamer can stream "
                   "to 1 server only.\n")


def test_call_cloud(emulator, capsys):
    port = emulator.cloud_url.rsplit(":", 1)[1].split("/")[0]
    code, out, _ = run(capsys, "call", "cloud-status", "version=1", "--cloud", "--cloud-port", port,
                       "--device", emulator.url)
    assert code == 0 and len(json.loads(out)["status"]) == 2


def test_call_upload(emulator, capsys, tmp_path):
    edid = bytearray(b"\x00\xff\xff\xff\xff\xff\xff\x00" + bytes(120))
    edid[127] = (-sum(edid[:127])) % 256
    path = tmp_path / "panel.bin"
    path.write_bytes(bytes(edid))
    code, out, _ = run(capsys, "call", "import-edid", "--upload", str(path), "--device", emulator.url)
    assert (code, json.loads(out)["result"]) == (0, 0)


def test_unreachable_device_is_exit_1_and_one_line(capsys):
    url = closed_url()
    code, out, err = run(capsys, "status", "--device", url, "--timeout", "2")
    assert (code, out) == (1, "")
    assert err == f"Error: cannot reach {url}: connection refused\n"


def test_wrong_password_from_file(emulator, capsys, tmp_path):
    secret = tmp_path / "pw"
    secret.write_text("wrong-one\n")
    code, _, err = run(capsys, "info", "--device", emulator.url, "--password-file", str(secret))
    assert code == 1
    assert err == f"Error: wrong username or password for {emulator.url}\n"
    assert "wrong-one" not in err


def test_password_from_environment(emulator_factory, capsys, monkeypatch):
    emu = emulator_factory(password="Str0ng-pw")
    monkeypatch.setenv("USCONF_PASSWORD", "Str0ng-pw")
    code, _, _ = run(capsys, "info", "--json", "--device", emu.url)
    assert code == 0


def test_no_device_given(capsys):
    code, _, err = run(capsys, "status")
    assert (code, err) == (1, "Error: no device given: use --device URL or set USCONF_DEVICE\n")


def test_malformed_parameter(emulator, capsys):
    code, _, err = run(capsys, "call", "set-name", "Stage", "--device", emulator.url)
    assert (code, err) == (1, "Error: bad parameter 'Stage': expected key=value\n")


def test_console_entry_point_end_to_end(emulator):
    env = dict(os.environ, USCONF_DEVICE=emulator.url)
    env.pop("USCONF_PASSWORD", None)
    done = subprocess.run([sys.executable, "-m", "usconf", "status"], env=env, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Device ")
    unreachable = subprocess.run([sys.executable, "-m", "usconf", "info", "--device", closed_url()],
                                 capture_output=True, text=True, timeout=60)
    assert unreachable.returncode == 1
    assert len(unreachable.stderr.splitlines()) == 1 and "Traceback" not in unreachable.stderr


def test_missing_password_file(emulator, capsys, tmp_path):
    missing = tmp_path / "nope"
    code, _, err = run(capsys, "info", "--device", emulator.url, "--password-file", str(missing))
    assert (code, err) == (1, f"Error: cannot read password file {missing}: No such file or directory\n")


def test_username_from_environment(emulator, capsys, monkeypatch, tmp_path):
    with Client(emulator.url) as dev:
        dev.add_user("ops", "ops-pass")
    secret = tmp_path / "pw"
    secret.write_text("ops-pass")
    monkeypatch.setenv("USCONF_USERNAME", "ops")
    code, out, _ = run(capsys, "call", "get-users", "--device", emulator.url, "--password-file", str(secret))
    assert code == 0 and "ops" in [u["id"] for u in json.loads(out)["users"]]
    monkeypatch.setenv("USCONF_USERNAME", "ghost")
    code, _, err = run(capsys, "info", "--device", emulator.url, "--password-file", str(secret))
    assert code == 1 and err.startswith("Error: wrong username or password")


def test_call_export_saves_the_downloaded_file(emulator, capsys, tmp_path):
    target = tmp_path / "current.bin"
    code, out, _ = run(capsys, "call", "export-edid", "file-name=current.bin", "--output", str(target),
                       "--device", emulator.url)
    assert code == 0
    saved = json.loads(out)["saved"]
    assert saved == {"path": str(target), "bytes": target.stat().st_size}
    assert target.read_bytes()[:8] == b"\x00\xff\xff\xff\xff\xff\xff\x00"


def test_call_add_server_after_a_lost_answer_leaves_one_server(emulator_factory, capsys):
    from usconf.emulator import Faults
    emu = emulator_factory(faults=Faults(drop_at=2, drop_mode="after"))   # login, then the add-server
    code, out, err = run(capsys, "call", "add-server", "type=0", "name=Solo", "url=rtmp://127.0.0.1/x",
                         "key=k-1", "--device", emu.url)
    assert code == 0, err
    with Client(emu.url) as dev:
        names = [s["name"] for s in dev.get_settings()["stream-server"]]
    assert names.count("Solo") == 1
    assert [r["method"] for r in emu.requests].count("add-server") == 1
