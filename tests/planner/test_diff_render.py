"""Diff and rendering: what a user reads in a plan."""
import io

from usconf.output import text as render
from usconf.plan.diff import diff
from usconf.plan.records import Call, Change, Plan
from usconf.secrets import Secret

ACTUAL = {
    "device": {"name": "Old", "ssdp": True},
    "video": {"main": {"bitrate": 4096, "gop": 1}, "sub": {"bitrate": 1024}},
    "live": {"servers": [{"name": "A", "key": Secret("ka"), "enabled": True},
                         {"name": "Gone", "key": Secret("kg"), "enabled": False}]},
    "users": [{"name": "Admin"}, {"name": "old"}, {"name": "ops"}],
}
DESIRED = {
    "video": {"main": {"bitrate": 8192, "gop": 2}},
    "live": {"servers": [{"name": "A", "key": Secret("ka-new"), "enabled": True},
                         {"name": "Backup RTMP", "key": Secret("kb"), "enabled": True}]},
    "users": [{"name": "ops", "password": Secret("pw"), "update_password": "on_create"}],
}


def lines(changes):
    return [render.change_line(c) for c in changes]


def test_one_line_per_change_in_human_units_and_document_order():
    assert lines(diff(ACTUAL, DESIRED)) == [
        "~ video.main.bitrate: 4M -> 8M",
        "~ video.main.gop: 1s -> 2s",
        '- live.servers["Gone"]',
        '~ live.servers["A"].key: (sensitive)',
        '+ live.servers["Backup RTMP"]',
        '- users["old"]',
    ]


def test_unmanaged_sections_and_fields_produce_nothing():
    assert diff(ACTUAL, {"device": {"name": "Old"}}) == []
    assert diff(ACTUAL, {}) == []


def test_write_only_password_of_an_existing_user_shows_only_with_always():
    keep = {"users": [{"name": "Admin"}, {"name": "ops", "password": Secret("x")}]}
    assert diff(ACTUAL, keep) == [Change('users["old"]', "delete", {"name": "old"}, None, False)]
    always = {"users": [{"name": "Admin"}, {"name": "old"},
                        {"name": "ops", "password": Secret("x"), "update_password": "always"}]}
    assert lines(diff(ACTUAL, always)) == ['+ users["ops"].password: (sensitive)']


def test_human_values():
    assert render.human("video.sub.bitrate", 1536) == "1.5M"
    assert render.human("audio.bitrate", 128) == "128k"
    assert render.human("video.main.bitrate_window", 10) == "10s"
    assert render.human("device.ssdp", False) == "false"
    assert render.human("live.servers[].key", Secret("k")) == "(sensitive)"


def _plan():
    return Plan(changes=[Change("video.main.bitrate", "update", 4096, 8192)],
                calls=[Call("set-video", {"stream": "0", "kbps": "8192"}, "video.main.bitrate 4096 -> 8192"),
                       Call("add-server", {"name": "B", "key": Secret("top-secret")}, "new")],
                device={"serial": "X1", "model": "Ultra Stream HDMI", "firmware": "1.2", "url": "http://127.0.0.1:1"})


def test_text_plan_numbers_calls_with_reasons_and_masks_secrets():
    out = render.text(_plan())
    assert "  1. set-video stream=0 kbps=8192\n     # video.main.bitrate 4096 -> 8192\n" in out
    assert "add-server name=B key=(sensitive)" in out
    assert "top-secret" not in out and "top-secret" not in _plan().to_json()
    assert out.rstrip().endswith("Plan: 0 to add, 1 to change, 0 to delete (2 calls).")
    assert render.text(Plan()).strip() == "No changes. The device matches the configuration."


class Tty(io.StringIO):
    def isatty(self):
        return True


def test_colour_only_on_a_terminal_and_never_with_no_color(monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert render.use_color(Tty()) and not render.use_color(io.StringIO())
    monkeypatch.setenv("NO_COLOR", "1")
    assert not render.use_color(Tty())
    assert "\033[33m~ video.main.bitrate" in render.text(_plan(), color=True)


def test_saved_plan_round_trips_without_secrets(tmp_path):
    path = tmp_path / "p.json"
    _plan().save(path)
    back = Plan.load(path)
    assert [c.method for c in back.calls] == ["set-video", "add-server"]
    assert back.calls[1].params["key"] == "(sensitive)"
    assert back.summary() == {"add": 0, "change": 1, "delete": 0, "calls": 2}


def test_a_call_reason_reads_like_its_change_line():
    fps = Change("video.main.fps", "update", 60.0, 59.94)
    assert render.change_line(fps) == "~ video.main.fps: 60 -> 59.94"
    assert render.reason_text(fps) == "video.main.fps 60 -> 59.94"
    assert render.reason_text(Change('live.servers["A"].key', "update", Secret("a"), Secret("b"), True)) == \
        'live.servers["A"].key (sensitive)'
    assert render.reason_text(Change('live.servers["B"]', "add", None, {"name": "B"})) == 'live.servers["B"] is new'
    assert render.reason_text(Change("edid.data", "update", "A" * 200, "B" * 200)) == "edid.data changes"
