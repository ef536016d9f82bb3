"""`auth: null` and `file_prefix: null` are values of the language: a file can turn RTMP authentication
off and ask for files named by time, and export writes them so the round trip is clean."""
import yaml

from usconf import model
from usconf.apply.run import apply_plan
from usconf.client import Client
from usconf.language import load
from usconf.language.export import export
from usconf.plan.make import make_plan
from usconf.secrets import reveal


def read(emu):
    with Client(emu.url, cloud_url=emu.cloud_url, timeout=5) as client:
        return model.read_snapshot(client)


def apply(emu, plan, desired):
    with Client(emu.url, cloud_url=emu.cloud_url, timeout=5) as client:
        apply_plan(plan, client, desired)


def edited(exported, change):
    """The exported file after `change(doc)`, loaded with the env its placeholders ask for."""
    doc = yaml.safe_load(exported.text)
    change(doc)
    env = {name: secret.reveal() for name, secret in exported.env.items()}
    return load.load_text(yaml.safe_dump(doc, sort_keys=False), name="edited.yaml", env=env)


def sent(plan, method):
    return [{k: reveal(v) for k, v in call.params.items()} for call in plan.calls if call.method == method]


def first_over(emu):
    emu.backend.handle("set-first-over", {"name": "Studio", "enable-passwd": "0", "passwd": "", "timezone": "UTC",
                                         "is-auto": "1", "time": ""}, None, None, None)


def test_auth_null_turns_authentication_off_and_round_trips(emulator):
    first_over(emulator)
    answer = emulator.backend.handle("add-server", {
        "type": "0", "name": "Backup", "url": "rtmp://backup.example.net/live", "key": "bk-key", "is-auth": "1",
        "user": "enc", "passwd": "rtmp-pass", "token": "", "event-data": "", "net-mode": "1"}, None, None, None)
    assert answer["result"] == 0
    snap = read(emulator)
    exported = export(snap)
    assert "username: enc" in exported.text and "rtmp-pass" not in exported.text

    desired = edited(exported, lambda doc: doc["live"]["servers"][0].update(auth=None))
    plan = make_plan(desired, snap)
    assert [(c["is-auth"], c["name"]) for c in sent(plan, "set-server")] == [("0", "Backup")]
    assert [(c.path, c.after) for c in plan.changes] == [('live.servers["Backup"].auth', None)]
    assert "rtmp-pass" not in repr(plan.changes)

    apply(emulator, plan, desired)
    after = read(emulator)
    assert after.settings["stream-server"][0]["is-auth"] == 0
    again = export(after)
    assert "auth: null" in again.text
    replan = make_plan(edited(again, lambda doc: None), after)
    assert replan.changes == [] and replan.calls == []


def test_file_prefix_null_names_files_by_time_and_round_trips(emulator):
    first_over(emulator)
    snap = read(emulator)
    assert snap.settings["rec-control"]["file-prefix"] == "VID"
    exported = export(snap)
    desired = edited(exported, lambda doc: doc["recording"].update(file_prefix=None))
    plan = make_plan(desired, snap)
    assert [c["file-name-mode"] for c in sent(plan, "set-rec-control")] == ["1"]
    assert [(c.path, c.before, c.after) for c in plan.changes] == [("recording.file_prefix", "VID", None)]

    apply(emulator, plan, desired)
    after = read(emulator)
    # get-settings has no file-name-mode (as in the reference): named by time shows no prefix.
    assert after.settings["rec-control"]["file-prefix"] == ""
    assert "file-name-mode" not in after.settings["rec-control"]
    again = export(after)
    assert "file_prefix: null" in again.text
    replan = make_plan(edited(again, lambda doc: None), after)
    assert replan.changes == [] and replan.calls == []

    # And back: a prefix again names files PREFIX_n.
    back = make_plan(edited(again, lambda doc: doc["recording"].update(file_prefix="CAM")), after)
    assert [(c["file-name-mode"], c["file-prefix"]) for c in sent(back, "set-rec-control")] == [("0", "CAM")]
