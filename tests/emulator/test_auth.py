"""Authentication as the device does it: MD5 login, sid cookie, users, bounded sessions."""
from tests.emulator.helpers import Api, logged_in, md5
from usconf.emulator.backend import MAX_SESSIONS


def test_login_needs_the_lowercase_md5_of_the_password(emulator):
    api = Api(emulator.url)
    assert api.result("login", id="Admin", **{"pass": "Admin"}) == -1
    assert api.result("login", id="Admin", **{"pass": md5("Admin").upper()}) == -1
    assert api.result("login", id="Admin", **{"pass": md5("Admin")}) == 0


def test_unknown_user_answers_like_a_wrong_password(emulator):
    assert Api(emulator.url).result("login", id="nobody", **{"pass": md5("Admin")}) == -1


def test_factory_password_is_configurable(emulator_factory):
    emu = emulator_factory(password="s3cret")
    assert Api(emu.url).login("Admin", "Admin") == -1
    assert Api(emu.url).login("Admin", "s3cret") == 0


def test_logout_ends_the_session(emulator):
    api = logged_in(emulator)
    assert api.result("logout") == 0
    assert api.result("get-settings") == -17


def test_added_user_logs_in_and_is_listed(emulator):
    admin = logged_in(emulator)
    assert admin.result("add-user", id="ops", **{"pass": md5("ops-pw")}) == 0
    assert admin.call("get-users")["users"] == [{"id": "Admin", "type": 1}, {"id": "ops", "type": 2}]
    assert admin.result("add-user", id="ops", **{"pass": md5("x")}) == -27
    assert admin.result("add-user", id="bad/name", **{"pass": md5("x")}) == -28
    assert logged_in(emulator, "ops", "ops-pw").result("get-settings") == 0


def test_set_password_changes_what_login_accepts(emulator):
    admin = logged_in(emulator)
    admin.result("add-user", id="ops", **{"pass": md5("one")})
    assert admin.result("set-password", id="ops", **{"pass": md5("two")}) == 0
    assert Api(emulator.url).login("ops", "one") == -1
    assert Api(emulator.url).login("ops", "two") == 0
    assert admin.result("set-password", id="ghost", **{"pass": md5("x")}) == -25


def test_ch_password_needs_the_old_one_and_changes_the_callers_own(emulator):
    admin = logged_in(emulator)
    assert admin.result("ch-password", **{"pass": md5("wrong"), "new-pass": md5("new")}) == -1
    assert admin.result("ch-password", **{"pass": md5("Admin"), "new-pass": md5("new")}) == 0
    assert Api(emulator.url).login("Admin", "Admin") == -1
    assert Api(emulator.url).login("Admin", "new") == 0


def test_admin_cannot_be_deleted_and_unknown_users_are_reported(emulator):
    admin = logged_in(emulator)
    assert admin.result("del-user", id="Admin") == -26
    assert admin.result("del-user", id="ghost") == -25
    admin.result("add-user", id="ops", **{"pass": md5("pw")})
    ops = logged_in(emulator, "ops", "pw")
    assert admin.result("del-user", id="ops") == 0
    assert ops.result("get-settings") == -17        # a deleted user's sessions end with it
    assert Api(emulator.url).login("ops", "pw") == -1


def test_sessions_are_bounded_and_the_oldest_is_evicted(emulator):
    clients = [logged_in(emulator) for _ in range(MAX_SESSIONS + 1)]
    assert clients[0].result("get-settings") == -17
    assert all(c.result("get-settings") == 0 for c in clients[1:])


def test_cloud_api_needs_the_same_session(emulator):
    anonymous = Api(emulator.url, emulator.cloud_url)
    assert anonymous.cloud("cloud-status", version="1")["result"] == -17
    api = logged_in(emulator)
    status = api.cloud("cloud-status", version="1")
    assert status["result"] == 0 and status["device_id"] == api.call("get-info")["product"]["sn"]


def test_cloud_registration_shows_in_status_without_the_code(emulator):
    api = logged_in(emulator)
    assert api.cloud("cloud-reg-ex", id="0", **{"cloud-code": "1234", "cloud-ip-addr": "10.0.1.32",
                                                 "cloud-http-port": "80", "cloud-enable-https": "0",
                                                 "cloud-https-port": "443"})["result"] == 0
    slot = api.cloud("cloud-status", version="1")["status"][0]
    assert slot["is-cloud-set"] == 1 and slot["cloud-ip-addr"] == "10.0.1.32" and slot["cloud-code"] == ""
    assert api.cloud("cloud-reg-ex", id="0", **{"cloud-code": "12", "cloud-ip-addr": "10.0.1.32"})["result"] == -10
    assert api.cloud("cloud-unreg-ex", id="0")["result"] == 0
    assert api.cloud("cloud-status", version="1")["status"][0]["is-cloud-set"] == 0
    # usapi and cloud-api do not answer each other's methods
    assert api.result("cloud-status", version="1") == -10


def test_cloud_registration_without_a_code_waits_for_the_clouds_approval(emulator):
    api = logged_in(emulator)
    assert api.cloud("cloud-reg-ex", id="1", **{"cloud-ip-addr": "10.0.1.32"})["result"] == 0
    slot = api.cloud("cloud-status", version="1")["status"][1]
    assert slot["is-cloud-set"] == 1 and slot["cloud-reg-status"] == 103      # retWaiting
    assert api.cloud("cloud-reg-ex", id="0", **{"cloud-code": "1234", "cloud-ip-addr": "10.0.1.33"})["result"] == 0
    assert api.cloud("cloud-status", version="1")["status"][0]["cloud-reg-status"] == 101   # retAccepted
