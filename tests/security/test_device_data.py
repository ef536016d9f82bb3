"""The device is untrusted: it never chooses where a file is written, its strings cannot drive the
terminal or a pull request comment, and a malformed answer is one clear error."""
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from usconf import escape
from usconf.client import Client

ESC = "\x1b]0;pwned\x07\x1b[2J"


def _answer_with(device, method, change):
    """Make the emulated `device` answer `method` as change(answer) says (a device gone wrong)."""
    device = device.devices[0]
    process = device.process

    def altered(name, params, *rest):
        answer = process(name, params, *rest)
        if name == method and answer.body is not None:
            change(answer)
        return answer
    device.process = altered


# --- files are written where --output says, and only there ------------------------------------------

def test_export_edid_without_output_is_refused_and_writes_nothing(emulator, cli, tmp_path, monkeypatch):
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    _answer_with(emulator, "export-edid", lambda a: setattr(a, "raw", (a.raw[0], a.raw[1], "../escaped.bin"))
                 if a.raw else None)
    code, _out, err = cli("call", "export-edid", "file-name=x.bin", "--device", emulator.url)
    assert code == 1
    assert err == "Error: export-edid answers with a file: give --output PATH to say where to save it\n"
    assert list(tmp_path.rglob("*.bin")) == []


def test_export_edid_writes_only_where_output_says(emulator, cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    target = tmp_path / "mine.bin"
    code, out, err = cli("call", "export-edid", "file-name=../../theirs.bin", "--output", target,
                         "--device", emulator.url)
    assert code == 0, err
    assert [p.name for p in tmp_path.rglob("*.bin")] == ["mine.bin"]
    assert "filename" not in json.loads(out)


# --- device strings are escaped ------------------------------------------------------------------------

def test_escape_makes_every_control_character_visible():
    assert escape.text("a\x1b[31mb\x07c\x9bd\u202ee\nf") == "a\\x1b[31mb\\x07c\\x9bd\\u202ee\\x0af"
    assert escape.text("Studio A — Ünïcode") == "Studio A — Ünïcode"


def test_status_escapes_the_devices_name(emulator, cli):
    with Client(emulator.url) as dev:
        dev.call("set-first-over", {"name": "Plain", "enable-passwd": "0", "timezone": "UTC", "is-auto": "1",
                                    "time": ""})
    _answer_with(emulator, "get-status", lambda a: a.body.update({"box-name": f"Box{ESC}"}))
    code, out, err = cli("status", "--device", emulator.url)
    assert code == 0, err
    assert "\x1b" not in out and "\x07" not in out
    assert "Device          Box\\x1b]0;pwned\\x07\\x1b[2J" in out.splitlines()


def test_plan_escapes_device_strings(emulator, cli, tmp_path):
    _answer_with(emulator, "get-info",
                 lambda a: a.body["product"].update({"module-name": f"Ultra{ESC}", "sn": "<img src=x onerror=alert(1)>"}))
    with Client(emulator.url) as dev:
        dev.call("add-server", {"type": "0", "name": "Plain", "key": "k", "url": "rtmp://a.example.net/x",
                                "net-mode": "1"})
    # the device reports the server under a name no web page would have let in
    _answer_with(emulator, "get-settings", lambda a: a.body["stream-server"][0].update(
        {"name": "x` | [link](http://evil.example)\x1b[2J"}))
    conf = tmp_path / "c.yaml"
    conf.write_text("usconf: 1\nlive:\n  servers: []\n")
    code, out, err = cli("plan", conf, "--device", emulator.url)
    assert code == 0, err
    assert "\x1b" not in out and "\x07" not in out
    assert out.splitlines()[0].startswith("Device: Ultra\\x1b]0;pwned\\x07\\x1b[2J ")

    code, out, err = cli("plan", conf, "--device", emulator.url, "--markdown")
    assert code == 0, err
    assert out.splitlines()[0] == "### usconf plan: &lt;img src=x onerror=alert(1)&gt;"
    row = next(line for line in out.splitlines() if line.startswith("| 1 |"))
    # the server name cannot close the code span or add a cell: exactly three cells remain
    cells = [c for c in row.replace("\\|", "").split("|")[1:-1]]
    assert len(cells) == 3, row
    assert "\x1b" not in out


# --- malformed answers ----------------------------------------------------------------------------------

@pytest.mark.parametrize("change, message", [
    (lambda body: body.update({"main-stream": "oops"}), "'main-stream' is text, expected a mapping"),
    (lambda body: body["main-stream"].pop("kbps"), "'main-stream': 'kbps' is missing"),
    (lambda body: body.update({"stream-server": [5]}), "'stream-server[0]' is a number, expected a mapping"),
    (lambda body: body["rec-control"].update({"time-unit": None}),
     "a value is of the wrong kind: 'rec-control.time-unit' is null, expected a number"),
    (lambda body: body["eth"].update({"ip": ["10.0.0.5"]}),
     "a value is of the wrong kind: 'eth.ip' is a list, expected text"),
], ids=["group-as-string", "missing-field", "item-not-object", "null-number", "list-for-text"])
def test_a_malformed_answer_is_one_clear_line(emulator, cli, tmp_path, change, message):
    _answer_with(emulator, "get-settings", lambda a: change(a.body))
    conf = tmp_path / "c.yaml"
    conf.write_text("usconf: 1\ndevice: {name: Studio}\n")
    code, out, err = cli("plan", conf, "--device", emulator.url)
    assert (code, out) == (1, "")
    assert err == f"Error: {emulator.url}'s answer to get-settings is malformed: {message}\n"


def test_status_of_a_malformed_answer_does_not_crash(emulator, cli):
    _answer_with(emulator, "get-status", lambda a: a.body.update({"input-signal": {"cx": 1920, "frame-rate": "fast"},
                                                                  "rec-status": [1], "usb": "gone"}))
    code, _out, err = cli("status", "--device", emulator.url)
    assert code == 0, err
    assert "Internal error" not in err


def _escaped_the_long_way(value):
    # escape.text before its fast path: every string through the pattern, then every character's category
    import re
    import unicodedata

    value = re.sub(escape._UNSAFE, lambda m: (f"\\x{ord(m.group(0)):02x}" if ord(m.group(0)) < 0x100
                                              else f"\\u{ord(m.group(0)):04x}"), value)
    return "".join(f"\\u{ord(c):04x}" if unicodedata.category(c) == "Cf" else c for c in value)


@given(st.text(max_size=60) | st.text(alphabet=st.characters(categories=["Cc", "Cf", "Zl", "Zp", "Zs", "L"]),
                                      max_size=30))
def test_printable_text_is_left_as_it_is_and_the_rest_escaped_as_before(value):
    assert escape.text(value) == _escaped_the_long_way(value)
