"""The Ansible states as operations on canonical dicts: what each one asks the planner to reach."""
import pytest

from usconf import states as modes
from usconf.errors import ValidationError
from usconf.secrets import Secret

ACTUAL = {
    "device": {"name": "Studio A", "ssdp": True},
    "live": {
        "low_latency": False,
        "servers": [
            {"name": "YouTube Main", "type": "youtube", "key": Secret("yt"), "enabled": True},
            {"name": "Backup RTMP", "type": "rtmp", "url": "rtmp://b/live", "key": Secret("b"), "enabled": False},
        ],
    },
    "users": [{"name": "Admin"}, {"name": "ops"}],
    "cloud": [{"slot": 0, "address": "10.0.1.32", "http_port": 80}],
    "uploads": {"auto": False, "servers": [
        {"type": "ftp", "url": "a.example", "port": 21, "username": "enc", "dir": "/x", "enabled": True},
        {"type": "dropbox", "account_id": "42", "enabled": False},
    ]},
    "video": {"main": {"bitrate": 4096}, "no_signal": {"enabled": True, "images": [
        {"name": "default0"}, {"name": "default1"}, {"name": "logo"}]}},
}


def names(doc, *path):
    for part in path:
        doc = doc[part]
    return [item.get("name", item.get("slot", item.get("type"))) for item in doc]


def test_merged_keeps_items_it_does_not_name_and_fields_it_leaves_out():
    desired = {"live": {"servers": [{"name": "Backup RTMP", "enabled": True},
                                    {"name": "New", "type": "rtmp", "url": "rtmp://n/l"}]}}
    out = modes.combine("merged", desired, ACTUAL)
    assert names(out, "live", "servers") == ["YouTube Main", "Backup RTMP", "New"]
    backup = out["live"]["servers"][1]
    assert backup["enabled"] is True and backup["url"] == "rtmp://b/live" and backup["key"] == Secret("b")
    assert "low_latency" not in out["live"]          # unmanaged stays unmanaged
    assert "users" not in out


def test_merged_does_not_touch_its_input():
    desired = {"users": [{"name": "new"}]}
    modes.combine("merged", desired, ACTUAL)
    assert desired == {"users": [{"name": "new"}]}


def test_merged_matches_upload_servers_by_identity():
    desired = {"uploads": {"servers": [{"type": "dropbox", "account_id": "42", "enabled": True}]}}
    out = modes.combine("merged", desired, ACTUAL)
    servers = out["uploads"]["servers"]
    assert [(s["type"], s["enabled"]) for s in servers] == [("ftp", True), ("dropbox", True)]


def test_merged_ftp_server_without_port_or_dir_updates_the_one_on_the_device():
    actual = {"uploads": {"servers": [
        {"type": "ftp", "url": "a.example", "port": 21, "username": "enc", "dir": "", "enabled": False}]}}
    desired = {"uploads": {"servers": [{"type": "ftp", "url": "a.example", "username": "enc", "enabled": True}]}}
    servers = modes.combine("merged", desired, actual)["uploads"]["servers"]
    assert [(s["url"], s["port"], s["enabled"]) for s in servers] == [("a.example", 21, True)]


def test_replaced_is_the_configuration_as_given():
    desired = {"live": {"servers": [{"name": "New", "type": "rtmp"}]}, "device": {"name": "B"}}
    assert modes.combine("replaced", desired, ACTUAL) == desired


def test_overridden_empties_lists_left_out_but_keeps_built_ins():
    desired = {"live": {"servers": [{"name": "New", "type": "rtmp"}]}}
    out = modes.combine("overridden", desired, ACTUAL)
    assert names(out, "live", "servers") == ["New"]
    assert out["users"] == [{"name": "Admin"}]
    assert out["cloud"] == []
    assert out["uploads"] == {"servers": []}
    assert names(out, "video", "no_signal", "images") == ["default0", "default1"]
    assert "device" not in out and "main" not in out["video"]


def test_overridden_leaves_lists_alone_that_the_device_does_not_report():
    out = modes.combine("overridden", {}, {"device": {"name": "x"}})
    assert out == {}


def test_deleted_removes_only_the_listed_items():
    desired = {"live": {"servers": [{"name": "YouTube Main"}], "low_latency": True},
               "users": [{"name": "ops"}], "device": {"name": "ignored"},
               "uploads": {"servers": [{"type": "ftp", "url": "a.example", "port": 21,
                                        "username": "enc", "dir": "/x"}]}}
    out = modes.combine("deleted", desired, ACTUAL)
    assert out == {"live": {"servers": [ACTUAL["live"]["servers"][1]]},
                   "users": [{"name": "Admin"}],
                   "uploads": {"servers": [ACTUAL["uploads"]["servers"][1]]}}


def test_deleted_of_an_absent_item_changes_nothing():
    out = modes.combine("deleted", {"users": [{"name": "ghost"}]}, ACTUAL)
    assert out == {"users": ACTUAL["users"]}


def test_deleted_refuses_built_in_items_naming_them():
    with pytest.raises(ValidationError) as err:
        modes.combine("deleted", {"users": [{"name": "Admin"}],
                                  "video": {"no_signal": {"images": [{"name": "default1"}]}}}, ACTUAL)
    assert err.value.problems == [
        "users['Admin']: is built into the device and cannot be deleted",
        "video.no_signal.images['default1']: is built into the device and cannot be deleted",
    ]


def test_unknown_state_is_refused():
    with pytest.raises(ValueError, match="unknown state 'purged'"):
        modes.combine("purged", {}, ACTUAL)


def test_predict_overlays_desired_on_actual_with_lists_as_given():
    desired = {"device": {"name": "B"}, "live": {"servers": [{"name": "Backup RTMP", "enabled": True}]}}
    after = modes.predict(desired, ACTUAL)
    assert after["device"] == {"name": "B", "ssdp": True}
    assert after["live"]["low_latency"] is False
    assert after["live"]["servers"] == [dict(ACTUAL["live"]["servers"][1], enabled=True)]
    assert after["users"] == ACTUAL["users"]


def test_secret_values_are_found_in_loaded_configurations_and_nested_data():
    from usconf.language.load import load_data
    desired = load_data({"live": {"servers": [{"name": "A", "type": "rtmp", "url": "rtmp://a/l", "key": "k-1"}]},
                         "users": [{"name": "ops", "password": "p-2"}]})
    assert modes.secret_values(desired) == {"k-1", "p-2"}
    assert modes.secret_values({"a": [Secret("x"), {"b": Secret("y")}], "c": "plain"}) == {"x", "y"}


def test_shown_masks_and_without_secrets_drops():
    value = {"key": Secret("k"), "name": "A", "_hint": 1, "list": [Secret("s"), 2]}
    assert modes.shown(value) == {"key": "(sensitive)", "name": "A", "list": ["(sensitive)", 2]}
    assert modes.without_secrets(value) == {"name": "A", "list": [2]}


def test_deletion_request_needs_each_items_key():
    with pytest.raises(ValidationError) as err:
        modes.deletion_request({"live": {"servers": [{"type": "rtmp"}, "Backup"]},
                                "uploads": {"servers": [{"type": "dropbox"}]}, "users": {"name": "ops"}})
    assert err.value.problems == [
        "config: live.servers[0]: names no item; give its name",
        "config: live.servers[1]: must be a mapping naming the item by its name",
        "config: uploads.servers[0]: names no item; give its type plus url/port/username/dir or account_id",
        "config: users: must be a list",
    ]


def test_converge_in_check_mode_sends_nothing(emulator):
    from usconf.client import Client
    from usconf.language.load import load_data
    wanted = load_data({"device": {"name": "Checked"}, "users": [{"name": "ops", "password": "pw-1"}]})
    with Client(emulator.url, cloud_port=emulator.cloud_port) as client:
        before = modes.gathered(client)
        outcome = modes.converge("merged", wanted, client, check=True)
        assert outcome.changed and outcome.commands[-1] == "add-user id=ops pass=(sensitive)"
        assert outcome.after["device"]["name"] == "Checked"
        assert modes.gathered(client) == before
        done = modes.converge("merged", wanted, client)
        assert done.commands == outcome.commands
        assert done.after["device"]["name"] == "Checked"
        assert [u["name"] for u in done.after["users"]] == ["Admin", "ops"]


def test_render_against_a_running_configuration_plans_only_the_difference():
    from usconf.language.load import load_data
    running = load_data({"device": {"name": "Hall"}}).canonical
    plan = modes.render("replaced", load_data({"device": {"name": "Hall 2"}}), running)
    assert [c.describe() for c in plan.calls] == ["set-name name=Hall 2"]
