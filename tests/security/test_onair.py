"""On-air safety: plan shows a live or recording device's state and marks what would interrupt it;
apply refuses such a plan unless the interruption is allowed, and lets safe changes through."""
import json

import pytest

from usconf import states
from usconf.client import Client
from usconf.errors import OnAirError
from usconf.language.load import load_text
from usconf.plan import onair
from usconf.plan.make import make_plan

BITRATE = "usconf: 1\ndevice: {name: Studio}\nvideo:\n  main: {bitrate: 3M}\n"
NAME_ONLY = "usconf: 1\ndevice: {name: Studio}\n"


def _recording(emulator):
    with Client(emulator.url) as dev:
        assert dev.call("start-rec")["result"] == 0


def _live(emulator, servers=("Main",)):
    with Client(emulator.url) as dev:
        for name in servers:
            added = dev.call("add-server", {"type": "0", "name": name, "url": "rtmp://live.example.net/a",
                                            "key": f"{name}-key", "net-mode": "1"})
            dev.call("enable-server", {"id": str(added["id"]), "is-use": "1"})
        assert dev.call("start-live")["result"] == 0


def _write(tmp_path, text):
    conf = tmp_path / "c.yaml"
    conf.write_text(text)
    return conf


def test_plan_shows_the_air_state_and_marks_what_would_interrupt_it(emulator, tmp_path, cli):
    _live(emulator, ("Main", "Backup"))
    _recording(emulator)
    conf = _write(tmp_path, BITRATE)
    code, out, err = cli("plan", conf, "--device", emulator.url)
    assert code == 0, err
    lines = out.splitlines()
    assert lines[1] == "ON AIR: LIVE to 2 servers, RECORDING to usb and sd"
    assert "~ video.main.bitrate: 4M -> 3M   (! on air)" in lines
    assert '~ device.name: "Ultra Stream ' in out and "Studio\"   (! on air)" not in out
    marked = [line.strip() for line in lines if line.strip().startswith("! on air:")]
    assert marked == ["! on air: re-encodes the video: interrupts LIVE to 2 servers, RECORDING to usb and sd"]

    code, out, _ = cli("plan", conf, "--device", emulator.url, "--json")
    air = json.loads(out)["on_air"]
    assert (air["state"], air["live"], air["servers"], air["recording"]) == \
        ("LIVE to 2 servers, RECORDING to usb and sd", True, 2, True)
    assert [m["index"] for m in air["calls"]] == [2] and air["changes"][0]["path"] == "video.main.bitrate"

    code, out, _ = cli("plan", conf, "--device", emulator.url, "--markdown")
    assert "**ON AIR: LIVE to 2 servers, RECORDING to usb and sd**" in out
    assert "**on air: re-encodes the video" in out


def test_an_idle_device_shows_no_air_state(emulator, tmp_path, cli):
    code, out, _ = cli("plan", _write(tmp_path, BITRATE), "--device", emulator.url, "--json")
    assert code == 0 and "on_air" not in json.loads(out)


def test_apply_refuses_a_plan_that_would_interrupt_a_live_stream(emulator, tmp_path, cli):
    _live(emulator)
    code, _out, err = cli("apply", _write(tmp_path, BITRATE), "--yes", "--device", emulator.url)
    assert code == 1
    assert err.startswith("Error: refusing to apply: the device is on air (LIVE to 1 server) and 1 call would "
                          "interrupt it or be refused: call 2 set-video (re-encodes the video: interrupts LIVE to "
                          "1 server).")
    assert "--allow-interrupt" in err
    sent = [r["method"] for r in emulator.requests]
    assert "set-video" not in sent and "set-first-over" not in sent
    assert emulator.backend.settings["main-stream"]["kbps"] == 4096


def test_allow_interrupt_applies_it(emulator, tmp_path, cli):
    _live(emulator)
    code, _out, err = cli("apply", _write(tmp_path, BITRATE), "--yes", "--allow-interrupt", "--device", emulator.url)
    assert code == 0, err
    assert emulator.backend.settings["main-stream"]["kbps"] == 3072


def test_safe_changes_go_through_on_air(emulator, tmp_path, cli):
    _live(emulator)
    _recording(emulator)
    code, _out, err = cli("apply", _write(tmp_path, NAME_ONLY), "--yes", "--device", emulator.url)
    assert code == 0, err
    assert emulator.backend.settings["name"] == "Studio"


@pytest.mark.parametrize("text, why", [
    (('usconf: 1\nlive:\n  servers:\n    - {name: Main, type: rtmp, url: "rtmp://other.example.net/a", '
      'key: "Main-key", enabled: true}\n'), "changes a live server in use: interrupts LIVE to 1 server"),
    ("usconf: 1\nnetwork:\n  ethernet: {dhcp: false, address: 127.0.0.9, netmask: 255.0.0.0, gateway: 127.0.0.1}\n",
     "the network changes under the stream: interrupts LIVE to 1 server"),
], ids=["enabled-server", "network"])
def test_live_server_and_network_changes_are_blocked_while_live(emulator, text, why):
    _live(emulator)
    desired = load_text(text, name="c.yaml", env={})
    with Client(emulator.url) as dev:
        plan = make_plan(desired, dev)
        assert [m["why"] for m in plan.on_air["calls"]][-1] == why
        with pytest.raises(OnAirError):
            states.converge("merged", desired, dev)


def test_recording_settings_are_planned_and_marked_as_refused_while_recording(emulator, tmp_path, cli):
    _recording(emulator)
    conf = _write(tmp_path, "usconf: 1\nrecording: {segment_minutes: 10}\n")
    code, out, err = cli("plan", conf, "--device", emulator.url)
    assert code == 0, err
    assert "~ recording.segment_minutes: 5 -> 10   (! on air)" in out.splitlines()
    assert "! on air: recording settings cannot change while recording: the device refuses it" in out
    code, _out, err = cli("apply", conf, "--yes", "--device", emulator.url)
    assert code == 1 and "call 2 set-rec-control (recording settings cannot change while recording" in err
    assert emulator.backend.settings["rec-control"]["time-unit"] == 5


def test_a_name_change_is_safe_on_air(emulator):
    from usconf.model import read_snapshot
    from usconf.plan.records import Call
    _recording(emulator)
    with Client(emulator.url) as dev:
        snap = read_snapshot(dev)
    assert onair.effect(Call("set-name", {"name": "x"}, "device.name"), snap) is None


def test_ansible_state_refuses_on_air_unless_allowed(emulator):
    _live(emulator)
    desired = load_text(BITRATE, name="c.yaml", env={})
    with Client(emulator.url) as dev:
        with pytest.raises(OnAirError) as info:
            states.converge("merged", desired, dev)
        assert "LIVE to 1 server" in str(info.value)
        outcome = states.converge("merged", desired, dev, allow_interrupt=True)
    assert outcome.changed and emulator.backend.settings["main-stream"]["kbps"] == 3072


# --- why recording or live would not start ---------------------------------------------------------

def test_a_recording_refusal_names_its_cause(emulator, cli):
    emulator.backend.settings["rec-control"].update({"usb-option": 0, "sd-option": 0})
    code, _out, err = cli("call", "start-rec", "--device", emulator.url)
    assert code == 1
    assert "cannot start: no disk: recording to USB and SD is off" in err


def test_call_start_live_without_a_server_says_why(emulator, cli):
    code, _out, err = cli("call", "start-live", "--device", emulator.url)
    assert code == 1
    assert "cannot start: no server enabled (enable one under live.servers)" in err
