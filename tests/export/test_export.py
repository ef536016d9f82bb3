"""`export` writes the device's state in the language; loading it back and planning changes nothing."""
import copy
import socket

import pytest
import yaml

from tests.export.configure import AP_PASSWORD, SECRETS, configure
from tests.model import samples
from usconf import model
from usconf.client import Client
from usconf.errors import UsconfError
from usconf.language import load
from usconf.language.export import export
from usconf.model import read_snapshot
from usconf.plan.make import make_plan
from usconf.secrets import Secret
from usconf.states import LISTS


def read(emu):
    with Client(emu.url, cloud_url=emu.cloud_url, timeout=5) as client:
        return read_snapshot(client)


def load_back(exported, **kwargs):
    """The exported text as the loader reads it, with each placeholder's env var set to the device's value."""
    env = {name: secret.reveal() for name, secret in exported.env.items()}
    return load.load_text(exported.text, name="exported.yaml", env=env, **kwargs)


def leaves(tree, path=()):
    """(path, value) of every scalar; keyed-list items are addressed by their key, not their position."""
    if isinstance(tree, dict):
        for key, value in tree.items():
            yield from leaves(value, path + (key,))
    elif isinstance(tree, list) and tuple(k for k in path if isinstance(k, str)) in LISTS:
        key_of = LISTS[path][0]
        for item in tree:
            yield from leaves(item, path + ((key_of(item),),))
    else:
        yield path, tree


def test_factory_default_exports_and_plans_to_no_change(emulator):
    snap = read(emulator)
    desired = load_back(export(snap))
    plan = make_plan(desired, snap)
    # A factory-new device is first initialised whatever the file says (statusFirst), and nothing else.
    assert [c.path for c in plan.changes] == ["device.first_boot"]
    assert [call.method for call in plan.calls] == ["set-first-over"]


def test_every_section_round_trips_through_export(emulator):
    configure(emulator.backend)
    snap = read(emulator)
    exported = export(snap)
    desired = load_back(exported)
    plan = make_plan(desired, snap)
    assert plan.changes == [] and plan.calls == []
    assert set(desired.canonical) == {"device", "video", "streams", "audio", "recording", "live", "uploads",
                                      "users", "network", "edid", "cloud"}


@pytest.mark.parametrize("configured", [False, True], ids=["factory", "every-section"])
def test_exported_fields_equal_the_device_ones_and_only_unexportable_ones_are_missing(emulator, configured):
    if configured:
        configure(emulator.backend)
    snap = read(emulator)
    actual = dict(leaves(model.from_device(snap)))
    desired = dict(leaves(load_back(export(snap)).canonical))
    assert len(desired) > 60
    for path, value in desired.items():
        if path != ("device", "app", "pairing_password"):      # write-only: null means "off"
            assert actual[path] == value, path
    missing = {path for path in actual if path not in desired}
    # The EDID bytes and the always-present default images cannot be written; a pairing password
    # that is set can only be named in a comment (write-only), one that is off is `null`.
    images = ("video", "no_signal", "images")
    expected = {("edid", "data"), images + (("default0",), "name"), images + (("default1",), "name")}
    if configured:
        expected.add(("device", "app", "pairing_password_set"))
    assert missing == expected


def test_no_secret_value_is_in_the_text_and_each_placeholder_says_what_to_set(emulator):
    configure(emulator.backend)
    snap = read(emulator)
    exported = export(snap)
    for value in SECRETS:
        assert value not in exported.text
    assert exported.env["LIVE_SERVER_YOUTUBE_MAIN_KEY"] == Secret("yt-secret-key-4711")
    assert exported.env["NETWORK_ACCESS_POINT_PASSWORD"] == Secret(AP_PASSWORD)
    line = next(li for li in exported.text.splitlines() if "LIVE_SERVER_BACKUP_RTMP_AUTH_PASSWORD }}" in li)
    assert line.strip() == ('password: "{{ env.LIVE_SERVER_BACKUP_RTMP_AUTH_PASSWORD }}"  '
                            '# set LIVE_SERVER_BACKUP_RTMP_AUTH_PASSWORD to the password')


def test_layout_schema_line_then_usconf_1_then_sections_with_read_only_comments(emulator):
    configure(emulator.backend)
    text = export(read(emulator)).text
    lines = text.splitlines()
    assert lines[0].startswith("# yaml-language-server: $schema=")
    keys = [li.split(":")[0] for li in lines if li and not li[0].isspace() and not li.startswith("#")]
    assert keys == ["usconf", "device", "video", "streams", "audio", "recording", "live", "uploads", "users",
                    "network", "edid", "cloud"]
    assert "  # sample_rate: 48000  (read-only: sample rate (Hz); the device has no call to change it)" in lines
    assert any(li.startswith("  # hdmi_control: false  (read-only:") for li in lines)
    # The reference's get-settings sample has no is-startup-rec: a device that does not report it
    # gets no comment for it.
    assert not any(li.startswith("  # startup:") for li in lines)
    assert any("pairing_password: a pairing password is set; it is write-only" in li for li in lines)
    assert yaml.safe_load(text)["usconf"] == 1


def test_cloud_unreachable_and_sdi_leave_their_sections_out_with_a_note():
    snap = samples.configured()
    snap.cloud, snap.edid = None, None
    exported = export(snap)
    doc = yaml.safe_load(exported.text)
    assert "cloud" not in doc and "edid" not in doc
    assert "# cloud: not exported, the device's cloud API (port 8070) did not answer" in exported.text
    assert load_back(exported).canonical["live"] == model.from_device(snap)["live"]


def test_values_with_template_characters_are_refused_with_the_field_named():
    snap = samples.configured()
    snap.settings["stream-server"][1]["url"] = "rtmp://x/{{live}}"
    with pytest.raises(UsconfError, match=r"cannot export live\.servers\[1\]\.url: .*template characters"):
        export(snap)


@pytest.mark.parametrize("value", ["yes", "off", "null", "1e3", "a: b", "#tag", "'quoted'", "x\ny", "  pad"])
def test_strings_that_look_like_other_yaml_are_quoted_and_come_back_as_they_were(value):
    snap = samples.configured()
    snap.settings["stream-server"][1]["event-data"] = value
    loaded = load_back(export(copy.deepcopy(snap)))
    assert loaded.canonical["live"]["servers"][1]["event_data"] == value


def test_an_sdi_unit_has_no_edid_and_an_unreachable_cloud_api_is_unknown(emulator_factory):
    emu = emulator_factory(model="sdi")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed = sock.getsockname()[1]
    with Client(emu.url, cloud_url=f"http://127.0.0.1:{closed}", timeout=5) as client:
        snap = read_snapshot(client)
    assert snap.edid is None and snap.cloud is None
    canonical = model.from_device(snap)
    assert "edid" not in canonical and "cloud" not in canonical
    desired = load_back(export(snap))
    assert [c.path for c in make_plan(desired, snap).changes] == ["device.first_boot"]     # factory-new: only the first boot
