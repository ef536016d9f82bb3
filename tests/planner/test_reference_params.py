"""Plans carry what the reference's example requests show, and converge on the strict emulator.

Each case is a failure a stricter device showed: set-rec-control without file-name-mode,
`video.sub.codec: h264` stopping the plan, `recording.file_prefix: null` never settling,
a YouTube server added with `url=` empty.
"""
import pytest

from usconf import model
from usconf.apply.run import apply_plan
from usconf.client import Client
from usconf.emulator import Backend
from usconf.errors import PlanError
from usconf.language.load import load_data
from usconf.plan.make import make_plan
from usconf.secrets import reveal
from usconf.spec import params as spec


def converge(emu, data):
    desired = load_data(dict(data, usconf=1))
    with Client(emu.url, cloud_url=emu.cloud_url, timeout=5) as client:
        plan = make_plan(desired, client)
        result = apply_plan(plan, client, desired, settle=3.0)
        again = make_plan(desired, client)
        settings = model.read_snapshot(client).settings
    assert result.ok, (result.error, result.failed)
    assert again.calls == [] and again.changes == [], [c.describe() for c in again.calls]
    return plan, settings


def sent(plan, method):
    return [{k: reveal(v) for k, v in call.params.items()} for call in plan.calls if call.method == method]


@pytest.fixture
def device(emulator_factory, profile):
    return emulator_factory(strict=profile == "strict")


def test_recording_settings_always_carry_file_name_mode(device):
    plan, settings = converge(device, {"recording": {"folder": "Studio/A", "file_prefix": "CAM"}})
    [call] = sent(plan, "set-rec-control")
    assert call["file-name-mode"] == "0" and call["file-prefix"] == "CAM"
    assert settings["rec-control"]["file-prefix"] == "CAM"


def test_files_named_by_time_settle_although_the_device_shows_no_file_name_mode(device):
    plan, settings = converge(device, {"recording": {"file_prefix": None}})
    [call] = sent(plan, "set-rec-control")
    assert call["file-name-mode"] == "1" and "file-prefix" not in call     # never sent empty
    assert settings["rec-control"]["file-prefix"] == "" and "file-name-mode" not in settings["rec-control"]
    # and back to a prefix
    plan, _ = converge(device, {"recording": {"file_prefix": "VID"}})
    assert [(c["file-name-mode"], c["file-prefix"]) for c in sent(plan, "set-rec-control")] == [("0", "VID")]


def test_recording_settings_leave_out_the_optional_ones_the_document_does_not_set(device):
    """mime-type and file-prefix are not in set-rec-control's example: sent only when the document sets them."""
    plan, settings = converge(device, {"recording": {"usb": "record", "segment_minutes": 30}})
    [call] = sent(plan, "set-rec-control")
    assert set(call) == {"usb-option", "sd-option", "root-folder", "file-name-mode", "time-unit"}
    assert (call["usb-option"], call["time-unit"]) == ("1", "30")
    assert settings["rec-control"]["mime-type"] == 0 and settings["rec-control"]["file-prefix"] == "VID"
    plan, settings = converge(device, {"recording": {"usb": "record", "container": "mov"}})
    [call] = sent(plan, "set-rec-control")
    assert call["mime-type"] == "1" and "file-prefix" not in call


def test_sub_stream_codec_h264_plans_and_settles(device):
    plan, settings = converge(device, {"video": {"sub": {"codec": "h264", "bitrate": "2M"}}})
    [call] = sent(plan, "set-video")
    assert call["stream"] == "1" and call["is-auto"] == "0" and call["codec"] == "0"
    assert "codec" not in settings["sub-stream"]


def test_youtube_server_is_added_without_an_empty_url(device):
    plan, _ = converge(device, {"live": {"servers": [{"name": "YT", "type": "youtube", "key": "yt-k"}]}})
    [call] = sent(plan, "add-server")
    assert "url" not in call and all(v != "" for v in call.values())


def test_every_planned_call_carries_its_example_parameters(device):
    plan, _ = converge(device, {
        "device": {"name": "Room 1", "time": {"timezone": "Europe/Berlin", "auto": True}},
        "video": {"main": {"bitrate": "8M"}, "sub": {"fps": 25}, "color": {"contrast": 120}},
        "audio": {"bitrate": "96k", "mic": {"gain_db": 3}},
        "recording": {"sd": "loop"},
        "live": {"servers": [{"name": "A", "type": "rtmp", "url": "rtmp://127.0.0.1/live", "key": "k1",
                              "enabled": True}]},
        "uploads": {"servers": [{"type": "ftp", "url": "127.0.0.1", "port": 21, "enabled": True}]},
        "network": {"wifi": {"dhcp": True}},
    })
    assert len(plan.calls) >= 8
    for call in plan.calls:
        params = {k: reveal(v) for k, v in call.params.items()}
        if call.target is not None:
            params["id"] = "0"
        assert spec.problems(call.method, params) == [], call.describe()


def test_a_new_user_without_a_password_is_one_clear_plan_error(emulator):
    with Client(emulator.url, cloud_url=emulator.cloud_url, timeout=5) as client, \
            pytest.raises(PlanError, match=r'users\["ops"\] is not on the device and has no password'):
        make_plan(load_data({"usconf": 1, "users": [{"name": "ops"}]}), client)


@pytest.mark.parametrize("method, params, why", [
    ("set-rec-control", {"usb-option": "1", "sd-option": "1", "root-folder": "R", "time-unit": "5"},
     "file-name-mode is missing"),
    ("add-server", {"type": "2", "name": "YT", "url": "", "key": "k"}, "url is empty"),
    ("add-server", {"type": "0", "name": "Bad/Name", "url": "rtmp://h/a", "key": "k"}, "outside"),
    ("set-stream", {"rec": "0", "live": "2", "mws": "1"}, "live '2' is not one of"),
    ("set-video", {"stream": "1", "cx": "1280", "cy": "720", "duration": "333333", "kbps": "1024", "gop": "1",
                   "profile": "2", "cbrstat": "60", "fullrange": "0", "fourcc": "0"}, "is-auto is missing"),
])
def test_strict_device_refuses_what_the_reference_does_not_show(method, params, why):
    assert any(why in p for p in spec.problems(method, params))
    assert Backend(strict=True).handle(method, params)["result"] == -10


def test_strict_device_takes_the_reference_examples_themselves():
    strict = Backend(strict=True)
    strict.handle("set-first-over", {"name": "Studio", "enable-passwd": "0"})
    assert strict.handle("set-rec-control", {"usb-option": "0", "sd-option": "2", "root-folder": "REC_Folder",
                                             "file-name-mode": "1", "time-unit": "5"})["result"] == 0
    assert strict.handle("set-date-time", {"timezone": "Asia/Shanghai", "is-auto": "1", "time": ""})["result"] == 0
    assert strict.handle("add-server", {"type": "2", "name": "YT", "key": "k"})["result"] == 0
