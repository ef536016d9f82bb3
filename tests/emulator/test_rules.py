"""Every documented limit answers its documented code and leaves the device unchanged."""
import pytest

from tests.emulator.helpers import FakeClock, ftp, jpeg, logged_in, platform, rtmp, rtsp, video
from usconf.emulator import Backend

REC = {"usb-option": "1", "sd-option": "1", "mime-type": "0", "root-folder": "REC_Folder", "file-prefix": "VID"}
LONG = "x" * 33

# (case, calls that set the scene, refused call, expected code)
CASES = [
    ("name charset", [], ("set-name", {"name": "a/b"}), -28),
    ("name length", [], ("set-name", {"name": LONG}), -28),
    ("name edge space", [], ("set-name", {"name": "a "}), -28),
    ("server name charset", [], ("add-server", rtmp("bad|name")), -28),
    ("17th live server", [("add-server", rtmp(f"s{i}", key=f"k{i}")) for i in range(16)],
     ("add-server", rtmp("s16", key="k16")), -10),
    ("same RTMP url and key", [("add-server", rtmp("a"))], ("add-server", rtmp("b")), -27),
    ("same Twitch key", [("add-server", platform(1, "a", "tk"))], ("add-server", platform(1, "b", "tk")), -27),
    ("same RTSP port", [("add-server", rtsp("a"))], ("add-server", rtsp("b")), -27),
    ("same server name", [("add-server", rtmp("a", key="1"))], ("add-server", rtmp("a", key="2")), -27),
    ("set-server onto another's key",
     [("add-server", rtmp("a", key="1")), ("add-server", rtmp("b", key="2"))],
     ("set-server", dict(rtmp("b", key="1"), id="1")), -27),
    ("third enabled server",
     [("add-server", rtmp(n, key=n)) for n in "abc"] + [("enable-server", {"id": str(i), "is-use": "1"}) for i in (0, 1)],
     ("enable-server", {"id": "2", "is-use": "1"}), -29),
    ("second server over 4 Mbps",
     [("set-video", video(kbps=8192)), ("add-server", rtmp("a", key="a")), ("add-server", rtmp("b", key="b")),
      ("enable-server", {"id": "0", "is-use": "1"})],
     ("enable-server", {"id": "1", "is-use": "1"}), -30),
    ("set-video over 4 Mbps with two enabled",
     [("add-server", rtmp("a", key="a")), ("add-server", rtmp("b", key="b")),
      ("enable-server", {"id": "0", "is-use": "1"}), ("enable-server", {"id": "1", "is-use": "1"})],
     ("set-video", video(kbps=8192)), -30),
    ("set-stream moves live to an 8 Mbps stream",
     [("set-stream", {"rec": "0", "live": "1", "mws": "1"}), ("set-video", video(kbps=8192)),
      ("add-server", rtmp("a", key="a")), ("add-server", rtmp("b", key="b")),
      ("enable-server", {"id": "0", "is-use": "1"}), ("enable-server", {"id": "1", "is-use": "1"})],
     ("set-stream", {"rec": "0", "live": "0", "mws": "1"}), -30),
    ("Facebook with another",
     [("add-server", platform(3, "fb", "f")), ("add-server", rtmp("a")), ("enable-server", {"id": "1", "is-use": "1"})],
     ("enable-server", {"id": "0", "is-use": "1"}), -31),
    ("live with HEVC",
     [("set-video", video(codec=1, profile=0)), ("add-server", rtmp("a"))],
     ("enable-server", {"id": "0", "is-use": "1"}), -32),
    ("HEVC while a server is enabled",
     [("add-server", rtmp("a")), ("enable-server", {"id": "0", "is-use": "1"})],
     ("set-video", video(codec=1, profile=0)), -32),
    ("segment over 4 GB", [("set-video", video(kbps=8192))],
     ("set-rec-control", dict(REC, **{"time-unit": "120"})), -33),
    ("bitrate makes segment over 4 GB", [("set-rec-control", dict(REC, **{"time-unit": "120"}))],
     ("set-video", video(kbps=8192)), -33),
    ("RTSP with another",
     [("add-server", rtsp("r")), ("add-server", rtmp("a")), ("enable-server", {"id": "1", "is-use": "1"})],
     ("enable-server", {"id": "0", "is-use": "1"}), -41),
    ("RTSP over 4 Mbps", [("set-video", video(kbps=8192)), ("add-server", rtsp("r"))],
     ("enable-server", {"id": "0", "is-use": "1"}), -42),
    ("kbps outside get-info", [], ("set-video", video(kbps=5000)), -10),
    ("resolution outside get-info", [], ("set-video", video(cx=1000)), -10),
    ("missing parameter", [], ("set-video", {k: v for k, v in video().items() if k != "gop"}), -10),
    ("non-numeric parameter", [], ("set-video", video(kbps="fast")), -10),
    ("sub stream cannot be HEVC", [], ("set-video", video(stream=1, codec=1, profile=0)), -10),
    ("gain outside range", [], ("set-volume", {"is-mic": "1", "mic-gain": "60", "is-spi": "1", "spi-gain": "0",
                                               "is-phone": "1", "phone-gain": "0"}), -10),
    ("hue outside range", [], ("set-video-color", {"contrast": "100", "brightness": "0", "saturation": "100",
                                                   "hue": "91"}), -10),
    ("sync offset outside range", [], ("set-sync-offset", {"audio-sync-offset": "201"}), -10),
    ("unknown time zone", [], ("set-date-time", {"timezone": "Mars/Olympus", "is-auto": "1"}), -10),
    ("folder with three levels", [], ("set-rec-control", dict(REC, **{"root-folder": "a/b/c", "time-unit": "5"})), -28),
    ("static ip that is not one", [], ("set-net", {"type": "1", "is-dhcp": "0", "ip": "300.1.1.1",
                                                   "mask": "255.0.0.0", "router": "10.0.0.1"}), -10),
    ("9th upload server", [("send-file-add-server", ftp(url=f"h{i}")) for i in range(8)],
     ("send-file-add-server", ftp(url="h8")), -10),
    ("upload server port 0", [], ("send-file-add-server", ftp(port="0")), -10),
    ("upload server encryption 3", [], ("send-file-add-server", ftp(encryption="3")), -10),
    ("upload server net-mode 5", [], ("send-file-add-server", ftp(**{"net-mode": "5"})), -10),
    ("ftp server without url", [], ("send-file-add-server", ftp(url="")), -10),
    ("drive without account id", [], ("send-file-add-server", {"type": "2", "user-name": "u"}), -10),
    ("unknown server id", [], ("enable-server", {"id": "7", "is-use": "1"}), -14),
    ("unknown method", [], ("set-hologram", {"level": "3"}), -10),
]


@pytest.mark.parametrize("scene, call, code", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_rule_refuses_with_its_code_and_changes_nothing(emulator, scene, call, code):
    api = logged_in(emulator)
    for method, params in scene:
        assert api.result(method, **params) == 0, (method, params)
    before = api.call("get-settings")
    assert api.result(call[0], **call[1]) == code
    assert api.call("get-settings") == before


def test_exactly_four_mbps_is_not_over_four_mbps(emulator):
    api = logged_in(emulator)
    for name in "ab":
        api.result("add-server", **rtmp(name, key=name))
    assert api.result("enable-server", id="0", **{"is-use": "1"}) == 0
    assert api.result("enable-server", id="1", **{"is-use": "1"}) == 0


def test_third_user_image_is_refused():
    backend = Backend()
    for name in ("a.jpg", "b.jpg"):
        assert backend.handle("add-nosignal-file", {}, files={"f": (name, jpeg(64, 48))})["result"] == 0
    before = backend.handle("get-settings")
    assert backend.handle("add-nosignal-file", {}, files={"f": ("c.jpg", jpeg(64, 48))})["result"] == -10
    assert backend.handle("get-settings") == before


def test_locked_live_cannot_be_stopped_until_unlocked():
    backend = Backend(clock=FakeClock())
    backend.handle("add-server", rtmp("a"))
    backend.handle("enable-server", {"id": "0", "is-use": "1"})
    assert backend.handle("start-live")["result"] == 0
    assert backend.handle("set-auto-live", {"is-auto-live": "1"})["result"] == 0
    assert backend.handle("stop-live")["result"] == -43
    assert backend.handle("ping")["cur-status"] & 0x04
    backend.handle("set-auto-live", {"is-auto-live": "0"})
    assert backend.handle("stop-live")["result"] == 0
    assert not backend.handle("ping")["cur-status"] & 0x04


def test_server_ids_are_stable_and_new_ones_follow_the_highest():
    backend = Backend()
    ids = [backend.handle("add-server", rtmp(n, key=n))["id"] for n in "abc"]
    assert ids == [0, 1, 2]
    backend.handle("del-server", {"id": "1"})
    assert backend.handle("add-server", rtmp("d", key="d"))["id"] == 3
    assert [s["id"] for s in backend.settings["stream-server"]] == [0, 2, 3]


def test_first_upload_server_is_enabled_and_enabling_another_disables_it():
    backend = Backend()
    backend.handle("send-file-add-server", ftp(url="one"))
    backend.handle("send-file-add-server", ftp(url="two"))
    assert [u["is-use"] for u in backend.settings["send-file-cloud"]] == [1, 0]
    assert backend.handle("send-file-enable-server", {"id": "1", "is-use": "1"})["result"] == 0
    assert [u["is-use"] for u in backend.settings["send-file-cloud"]] == [0, 1]
