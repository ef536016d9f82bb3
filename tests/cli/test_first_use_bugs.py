"""What a new user runs into first: each test is named after what the user sees."""
import hashlib
import json

import pytest
from click.testing import CliRunner

from usconf.cli import _register, cli, main

_register()

FIRST = {"name": "Before", "enable-passwd": "0", "timezone": "UTC", "is-auto": "1", "time": ""}


def md5(text):
    return hashlib.md5(text.encode()).hexdigest()


def run(*args):
    result = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)
    return result.exit_code, result.output


@pytest.fixture
def device(emulator_factory, monkeypatch):
    emu = emulator_factory()
    emu.backend.handle("set-first-over", FIRST)
    monkeypatch.setenv("USCONF_DEVICE", emu.url)
    return emu


def run_main(capsys, *args):
    """usconf as the console script runs it (errors printed by main); (exit code, stderr)."""
    with pytest.raises(SystemExit) as stop:
        main([str(a) for a in args])
    return stop.value.code, capsys.readouterr().err


def one_error_line(err):
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), err
    assert "Traceback" not in err and "Internal error" not in err
    return lines[0]


def opts(emu):
    return ["--cloud-port", emu.cloud_port]


def write(tmp_path, text, name="box.yaml"):
    path = tmp_path / name
    path.write_text(text)
    return path


def plan_then_apply(emu, path):
    code, out = run("plan", path, *opts(emu))
    assert code == 0, out
    applied = run("apply", path, *opts(emu), "--yes")
    return out, applied


def test_changing_the_timezone_shows_in_plan_and_is_applied(device, tmp_path):
    path = write(tmp_path, "usconf: 1\ndevice:\n  time:\n    timezone: Europe/Paris\n    auto: false\n")
    out, (code, applied) = plan_then_apply(device, path)
    assert '~ device.time.timezone: "UTC" -> "Europe/Paris"' in out
    assert "~ device.time.auto: true -> false" in out
    assert "follow_input" not in out
    assert code == 0, applied
    assert device.backend.settings["date-time"] == {"timezone": "Europe/Paris", "is-auto": 0}
    assert "No changes" in run("plan", path, *opts(device))[1]


def test_first_upload_server_added_disabled_stays_disabled(device, tmp_path):
    path = write(tmp_path, """usconf: 1
uploads:
  servers:
    - type: ftp
      url: ftp.example.net
      port: 21
      dir: /x
      username: enc
      password: "{{ env.FTP_PW }}"
      enabled: false
""")
    import os
    os.environ["FTP_PW"] = "ftp-secret-1"
    try:
        out, (code, applied) = plan_then_apply(device, path)
    finally:
        del os.environ["FTP_PW"]
    assert "send-file-enable-server" in out and "is-use=0" in out
    assert code == 0, applied
    assert [s["is-use"] for s in device.backend.settings["send-file-cloud"]] == [0]


def test_removing_the_image_shown_without_naming_another_falls_back_to_the_first(device, tmp_path):
    from tests.emulator.helpers import jpeg
    (tmp_path / "logo.jpg").write_bytes(jpeg(320, 180))
    shown = write(tmp_path, "usconf: 1\nvideo:\n  no_signal:\n    show: logo\n    images:\n"
                            "      - name: logo\n        file: logo.jpg\n", "shown.yaml")
    assert plan_then_apply(device, shown)[1][0] == 0
    gone = write(tmp_path, "usconf: 1\nvideo:\n  no_signal:\n    images: []\n", "gone.yaml")
    out, (code, applied) = plan_then_apply(device, gone)
    assert "a usconf bug" not in out
    assert code == 0, applied
    files = device.backend.settings["nosignal-files"]
    assert [f["file-path"] for f in files if f["is-use"]] == ["/no-signal/default0.jpg"]
    assert "No changes" in run("plan", gone, *opts(device))[1]


def test_pairing_password_can_be_removed_given_the_current_one(device, tmp_path, capsys):
    device.backend.handle("set-app-passwd", {"is-pass": "1", "new-pass": md5("old-pair-1")})
    path = write(tmp_path, "usconf: 1\ndevice:\n  app:\n    pairing_password: null\n")
    code, err = run_main(capsys, "plan", path, *opts(device))
    assert code == 1
    assert "needs the current one: give it as device.app.current_pairing_password" in one_error_line(err)
    path = write(tmp_path, "usconf: 1\ndevice:\n  app:\n    pairing_password: null\n"
                           "    current_pairing_password: old-pair-1\n")
    out, (code, applied) = plan_then_apply(device, path)
    assert code == 0, applied
    assert device.backend.settings["passwd"] == 0
    assert "old-pair-1" not in out + applied


def test_pairing_password_can_be_changed_given_the_current_one(device, tmp_path):
    device.backend.handle("set-app-passwd", {"is-pass": "1", "new-pass": md5("old-pair-1")})
    path = write(tmp_path, "usconf: 1\ndevice:\n  app:\n    pairing_password: new-pair-2\n"
                           "    update_password: always\n    current_pairing_password: old-pair-1\n")
    out, (code, applied) = plan_then_apply(device, path)
    assert code == 0, applied
    assert device.backend.app_md5 == md5("new-pair-2")
    for secret in ("old-pair-1", "new-pair-2", md5("old-pair-1"), md5("new-pair-2")):
        assert secret not in out + applied


def test_call_ping_does_not_log_in(device, monkeypatch, tmp_path):
    pw = tmp_path / "pw"
    pw.write_text("not-the-password\n")
    code, out = run("call", "ping", *opts(device), "--password-file", pw)
    assert code == 0, out
    assert json.loads(out)["result"] == 0
    assert [r["method"] for r in device.requests] == ["ping"]


def _answer_with(device, method, change):
    """The device answers `method` with `change(body)` applied: a firmware that answers oddly."""
    unit = device.devices[0]
    process = unit.process

    def odd(name, params, *rest):
        answer = process(name, params, *rest)
        if name == method and answer.body is not None:
            change(answer.body)
        return answer
    unit.process = odd


@pytest.mark.parametrize("change, words", [
    (lambda body: body.__setitem__("main-stream", 5), "'main-stream' is a number, expected a mapping"),
    (lambda body: body.__setitem__("stream-server", ["x"]), "'stream-server[0]' is text, expected a mapping"),
    (lambda body: body["main-stream"].pop("cx"), "'cx' is missing"),
    (lambda body: body["video-color"].__setitem__("brightness", "bright"), "a value is of the wrong kind"),
], ids=["group-a-number", "server-not-a-mapping", "field-missing", "field-wrong-kind"])
def test_malformed_device_answer_is_one_clear_line(device, tmp_path, capsys, change, words):
    _answer_with(device, "get-settings", change)
    path = write(tmp_path, "usconf: 1\ndevice:\n  name: Odd\n")
    code, err = run_main(capsys, "plan", path, *opts(device))
    assert code == 1
    line = one_error_line(err)
    assert "malformed" in line and words in line


def test_device_answer_that_is_not_json_is_one_clear_line(device, tmp_path, capsys):
    unit = device.devices[0]
    process = unit.process

    def garbled(name, params, *rest):
        answer = process(name, params, *rest)
        if name == "get-settings":
            answer = type(answer)(raw=(b"\x00garbled{", "application/json", None))
        return answer
    unit.process = garbled
    code, err = run_main(capsys, "plan", write(tmp_path, "usconf: 1\ndevice:\n  name: Odd\n"), *opts(device))
    assert code == 1 and "not JSON" in one_error_line(err)


def test_showing_an_image_the_device_does_not_hold_is_one_clear_line(device, tmp_path, capsys, monkeypatch):
    """Without `images` the file does not say what the device holds: `show: slate` on a device
    with only its built-in images is refused by plan (and validate --device), not planned into
    a state the calls cannot reach."""
    path = write(tmp_path, "usconf: 1\nvideo:\n  no_signal:\n    show: slate\n")
    words = ("video.no_signal.show: 'slate' is not an image on the device (it holds default0, default1); "
             "list it under video.no_signal.images with its file")
    code, err = run_main(capsys, "plan", path, *opts(device))
    assert code == 1
    assert one_error_line(err) == f"Error: {words}"
    with pytest.raises(SystemExit) as stop:
        main(["validate", str(path), "--device", device.url])
    printed = capsys.readouterr()
    assert stop.value.code == 1, printed
    assert printed.out.splitlines() == [f"{path}:4:11: {words}"], printed
    # offline the device's images are unknown, so the file is valid there
    monkeypatch.delenv("USCONF_DEVICE")
    assert run("validate", path) == (0, f"{path}: valid\n")


def test_showing_a_built_in_image_without_listing_images_is_planned(device, tmp_path):
    path = write(tmp_path, "usconf: 1\nvideo:\n  no_signal:\n    show: default0\n")
    out, (code, applied) = plan_then_apply(device, path)
    assert "video.no_signal.show \"default1\" -> \"default0\"" in out and code == 0, applied
    assert "No changes" in run("plan", path, *opts(device))[1]
