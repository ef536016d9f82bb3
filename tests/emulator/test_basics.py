"""A client's first minutes with a device: log in, read everything, change a setting."""
from tests.emulator.helpers import Api, logged_in, md5
from usconf.spec import status


def test_ping_answers_without_login_and_shows_first_boot(emulator):
    answer = Api(emulator.url).call("ping")
    assert answer["result"] == 0
    assert answer["cur-status"] & status.FIRST


def test_everything_but_ping_and_login_needs_a_session(emulator):
    api = Api(emulator.url)
    for method in ("get-info", "get-status", "get-settings", "get-users", "set-name", "no-such-method"):
        assert api.result(method, name="x") == -17, method


def test_login_sets_sid_cookie_and_opens_reads(emulator):
    api = Api(emulator.url)
    assert api.login() == 0
    assert api.http.cookies.get("sid")
    info = api.call("get-info")
    assert info["result"] == 0 and info["product"]["module-name"] == "Ultra Stream HDMI"
    settings = api.call("get-settings")
    assert settings["name"] == f"Ultra Stream {info['product']['sn']}"
    assert settings["stream-server"] == [] and settings["send-file-cloud"] == []
    assert [f["file-path"] for f in settings["nosignal-files"]] == ["/no-signal/default0.jpg",
                                                                    "/no-signal/default1.jpg"]
    assert api.call("get-users")["users"] == [{"id": "Admin", "type": 1}]


def test_get_status_has_every_documented_part(emulator):
    answer = logged_in(emulator).call("get-status")
    for key in ("cur-status", "last-rec-status", "cur-time", "box-name", "lock-user", "rec-status", "live-status",
                "upgrade-status", "format-status", "disk-test", "living-test", "check-upgrade", "send-file",
                "send-file-test", "input-signal", "usb", "sd", "wifi", "eth", "mobile", "upgrade", "downgrade",
                "sysstat"):
        assert key in answer, key


def test_wrong_password_is_refused(emulator):
    api = Api(emulator.url)
    assert api.result("login", id="Admin", **{"pass": md5("nope")}) == -1
    assert api.result("get-settings") == -17


def test_set_name_shows_in_settings_and_bad_name_changes_nothing(emulator):
    api = logged_in(emulator)
    assert api.result("set-name", name="Studio A") == 0
    assert api.result("set-name", name=" Studio B") == -28
    assert api.call("get-settings")["name"] == "Studio A"
    assert api.call("get-status")["box-name"] == "Studio A"
