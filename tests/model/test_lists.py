"""Keyed lists: device items and YAML items meet by key; to_device merges onto the snapshot."""
from tests.model import samples
from usconf import model
from usconf.secrets import Secret


def test_live_servers_from_the_device_show_what_each_type_has_with_secrets_masked():
    servers = model.from_device(samples.configured())["live"]["servers"]
    assert servers == [
        {"name": "YouTube Main", "type": "youtube", "key": Secret("yt-key-1"), "enabled": True, "network": "ethernet",
         "auth": None},
        {"name": "Backup RTMP", "type": "rtmp", "url": "rtmp://backup.example.net/live", "key": Secret("bk-key"),
         "enabled": False, "network": "wifi", "auth": {"username": "enc", "password": Secret("rtmp-pass")},
         "token": Secret("tok-9"), "event_data": "ev1"},
        {"name": "Room RTSP", "type": "rtsp", "enabled": False, "network": "ethernet", "port": 8554,
         "main": "room", "sub": None, "audio": False},
    ]
    assert "yt-key-1" not in repr(servers) and "rtmp-pass" not in repr(servers)


def test_yaml_servers_compare_equal_to_the_device_ones():
    doc = {"live": {"servers": [
        {"name": "YouTube Main", "type": "youtube", "key": Secret("yt-key-1"), "enabled": True, "network": "ethernet",
         "auth": None},
        {"name": "Room RTSP", "type": "rtsp", "enabled": False, "network": "ethernet", "port": 8554,
         "main": "room", "sub": None, "audio": False},
    ]}}
    actual = model.from_device(samples.configured())["live"]["servers"]
    assert model.from_yaml(doc)["live"]["servers"] == [actual[0], actual[2]]


def test_a_present_list_is_authoritative_and_matched_items_keep_their_ids():
    snap = samples.configured()
    desired = {"live": {"servers": [
        {"name": "Room RTSP", "main": None, "sub": "lowres"},
        {"name": "New RTMP", "type": "rtmp", "url": "rtmp://n.example/live", "key": Secret("new-key")},
        {"name": "YouTube Main", "enabled": False},
    ]}}
    servers = model.to_device(desired, snap).settings["stream-server"]
    # The device's order for what stays, new items last; Backup RTMP is gone.
    assert [(s["id"], s["name"]) for s in servers] == [(0, "YouTube Main"), (5, "Room RTSP"), (None, "New RTMP")]
    youtube, rtsp, new = servers
    assert youtube["is-use"] == 0 and youtube["key"] == Secret("yt-key-1")      # unmanaged field kept
    assert (rtsp["is-main"], rtsp["is-sub"], rtsp["sub-stream-name"], rtsp["port"]) == (0, 1, "lowres", 8554)
    assert new == {"id": None, "type": 0, "name": "New RTMP", "url": "rtmp://n.example/live",
                   "key": Secret("new-key"), "is-auth": 0, "user": "", "passwd": Secret(""), "is-use": 0,
                   "token": Secret(""), "event-data": "", "net-mode": 1}


def test_an_absent_list_is_unmanaged():
    snap = samples.configured()
    state = model.to_device({"live": {"low_latency": True}}, snap)
    assert [s["id"] for s in state.settings["stream-server"]] == [0, 3, 5]
    assert state.settings["is-low-latency"] == 1


def test_users_keep_admin_drop_the_unnamed_and_carry_password_hints():
    snap = samples.configured()
    snap.users.append({"id": "old", "type": 2})
    desired = {"users": [{"name": "ops", "password": Secret("p1"), "update_password": "always"},
                         {"name": "new", "password": Secret("p2")}]}
    users = model.to_device(model.from_yaml(desired), snap).users
    assert users == [
        {"id": "Admin", "type": 1},
        {"id": "ops", "type": 2, "_password": Secret("p1"), "_update_password": "always"},
        {"id": "new", "type": 2, "_new": True, "_password": Secret("p2"), "_update_password": "on_create"},
    ]


def test_users_from_the_device_are_names_only_because_passwords_are_write_only():
    assert model.from_device(samples.configured())["users"] == [{"name": "Admin"}, {"name": "ops"}]


def test_no_signal_images_keep_the_defaults_and_new_ones_are_uploads():
    snap = samples.configured()
    desired = {"video": {"no_signal": {"enabled": True, "show": "slate",
                                       "images": [{"name": "slate", "file": "/tmp/slate.jpg"}]}}}
    state = model.to_device(model.from_yaml(desired), snap)
    files = state.settings["nosignal-files"]
    assert [(f["id"], f["file-path"], f["is-use"]) for f in files] == [
        (0, "/no-signal/default0.jpg", 0), (1, "/no-signal/default1.jpg", 0), (None, "/no-signal/slate.jpg", 1)]
    assert files[2]["_file"] == "/tmp/slate.jpg" and files[2]["is-edit"] == 1
    assert state.nosignal_uploads == [{"id": None, "name": "slate", "_file": "/tmp/slate.jpg"}]


def test_an_image_named_by_its_file_only_is_named_after_the_file():
    canonical = model.from_yaml({"video": {"no_signal": {"images": [{"file": "art/logo.jpg", "name": None}]}}})
    assert canonical["video"]["no_signal"]["images"] == [{"name": "logo", "file": "art/logo.jpg"}]


def test_upload_servers_match_by_identity_and_keep_their_ids():
    snap = samples.configured()
    desired = {"uploads": {"servers": [
        {"type": "dropbox", "account_id": "dbid:AABnr7", "enabled": True},
        {"type": "ftp", "url": "archive.example.net", "port": 22, "username": "encoder", "dir": "/encoders/a",
         "enabled": False},
        {"type": "google_drive", "account_id": "g-1", "access_token": Secret("ga"), "parents": "root"},
    ]}}
    servers = model.to_device(model.from_yaml(desired), snap).settings["send-file-cloud"]
    assert [(s["id"], s["type"], s["is-use"]) for s in servers] == [(0, 0, 0), (1, 2, 1), (None, 1, 0)]
    assert servers[0]["passwd"] == Secret("ftp-pass")          # unmanaged password kept
    assert servers[2]["access-token"] == Secret("ga") and servers[2]["parents"] == "root"
    assert servers[2]["net-mode"] == 1


def test_upload_servers_from_the_device():
    servers = model.from_device(samples.configured())["uploads"]["servers"]
    assert servers == [
        {"type": "ftp", "protocol": "sftp", "url": "archive.example.net", "port": 22, "dir": "/encoders/a",
         "encryption": "none", "login": "normal", "username": "encoder", "password": Secret("ftp-pass"),
         "mode": "passive", "enabled": True, "network": "ethernet"},
        {"type": "dropbox", "account_id": "dbid:AABnr7", "user_name": "qin qiu", "access_token": Secret("acc-1"),
         "refresh_token": Secret("ref-1"), "dir": "()", "enabled": False, "network": "wifi"},
    ]


def test_cloud_slots_are_the_registered_ones_and_the_code_is_a_hint():
    snap = samples.configured()
    assert model.from_device(snap)["cloud"] == [
        {"slot": 0, "address": "10.0.1.32", "http_port": 80, "https": False, "https_port": 443}]
    desired = {"cloud": [{"slot": 1, "address": "10.10.8.233", "https": True, "invitation_code": Secret("4711")}]}
    cloud = model.to_device(model.from_yaml(desired), snap).cloud
    assert [(c["id"], c["cloud-ip-addr"], c["cloud-enable-https"], c["is-cloud-set"]) for c in cloud] == \
        [(1, "10.10.8.233", 1, 1)]
    assert cloud[0]["_code"] == Secret("4711")


def test_cloud_unreachable_is_unknown_not_empty():
    snap = samples.configured()
    snap.cloud = None
    assert "cloud" not in model.from_device(snap)
    assert model.to_device({}, snap).cloud is None


def test_access_point_enabled_comes_from_the_status_bit():
    snap = samples.configured()
    assert model.from_device(snap)["network"]["access_point"] == {"enabled": True, "visible": True,
                                                                  "password": Secret("81214002")}
    assert model.to_device({"network": {"access_point": {"enabled": False}}}, snap).softap_enabled is False
    snap.status["cur-status"] &= ~0x40
    assert model.from_device(snap)["network"]["access_point"]["enabled"] is False


def test_pairing_password_null_and_set_compare_through_the_set_flag():
    snap = samples.configured()                  # passwd 1
    actual = model.from_device(snap)["device"]["app"]
    assert actual == {"allow_settings": True, "pairing_password_set": True}
    on = model.from_yaml({"device": {"app": {"pairing_password": Secret("1234")}}})["device"]["app"]
    off = model.from_yaml({"device": {"app": {"pairing_password": None}}})["device"]["app"]
    assert on["pairing_password_set"] == actual["pairing_password_set"]
    assert off["pairing_password_set"] != actual["pairing_password_set"]
    settings = model.to_device({"device": {"app": on}}, snap).settings
    assert settings["passwd"] == 1 and settings["_pairing_password"] == Secret("1234")
    assert model.to_device({"device": {"app": off}}, snap).settings["passwd"] == 0


def test_manual_time_is_a_hint_sent_only_with_auto_off():
    snap = samples.factory()
    doc = {"device": {"time": {"timezone": "UTC", "auto": False, "time": "2026-01-02 03:04:05"}}}
    group = model.to_device(model.from_yaml(doc), snap).settings["date-time"]
    assert group == {"timezone": "UTC", "is-auto": 0, "_time": "2026-01-02 03:04:05"}
    doc["device"]["time"]["auto"] = True
    assert "_time" not in model.to_device(model.from_yaml(doc), snap).settings["date-time"]


def test_edid_file_is_compared_by_content(tmp_path):
    import base64
    path = tmp_path / "monitor.bin"
    path.write_bytes(base64.b64decode(samples.EDID_B64))
    desired = model.from_yaml({"edid": {"file": str(path), "smart": False}})
    actual = model.from_device(samples.factory())["edid"]
    assert desired["edid"]["data"] == actual["data"]
    state = model.to_device(desired, samples.factory())
    assert state.edid["_file"] == str(path) and state.edid["smart-edid"] == 0


def test_edid_on_sdi_is_absent():
    snap = samples.factory()
    snap.edid = None
    assert "edid" not in model.from_device(snap)


def test_read_only_and_connection_stay_out_of_the_canonical_state():
    canonical = model.from_yaml({"usconf": 1, "connection": {"url": "http://127.0.0.1"}, "device": {"ssdp": True}})
    assert canonical == {"device": {"ssdp": True}}


def test_sensitive_and_write_only_paths():
    assert model.is_sensitive("live.servers['YouTube Main'].key")
    assert model.is_sensitive(("uploads", "servers", 0, "refresh_token"))
    assert not model.is_sensitive("live.servers[0].url")
    assert model.is_write_only("users[2].password") and model.is_write_only("cloud[0].invitation_code")
    assert not model.is_write_only("live.servers[0].key")
