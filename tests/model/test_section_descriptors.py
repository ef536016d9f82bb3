"""The section descriptors are the one place a setting is described: the schema, the client's method
list, the planner's labels and the emulator's get-settings are held to them here."""
import re
from pathlib import Path

from usconf.client.methods import KNOWN
from usconf.emulator import factory
from usconf.language.export import READ_ONLY_NAMES
from usconf.language.load import resolve, schema
from usconf.model import lists, sections
from usconf.plan import calls

# Schema leaves that are not get-settings values: instructions (update_password, a manual time), which
# no-signal image is shown (an item flag), the access point (a status bit: open-/close-softap), the
# pairing password (write-only), EDID (its own answer), and what the device only reports.
NOT_SETTINGS = {"device.app.update_password", "device.app.current_pairing_password", "device.time.time",
                "video.no_signal.show", "network.access_point.enabled",
                # the firmware a device runs is get-info's, and changing it is a plan step of its own
                "device.firmware.version", "device.firmware.file"}
NOT_SETTINGS_SECTIONS = ("usconf", "connection", "edid")
READ_ONLY = {".".join(path) for path in READ_ONLY_NAMES.values()} | {"live.startup"}
# A descriptor field the schema leaves out on purpose: the sub stream follows its own input never.
NOT_IN_SCHEMA = {"video.sub.follow_input"}


def _schema_leaves(node=None, path=()):
    node = resolve(schema() if node is None else node)
    if node.get("properties"):
        out = []
        for key, sub in node["properties"].items():
            out += _schema_leaves(sub, path + (key,))
        return out
    return [path]


def _descriptor_paths():
    out = set()
    for setting in sections.ALL:
        base = setting.path
        if setting.scalar:
            out.add(base)
            continue
        for f in setting.fields:
            name = next((setting.labels[k] for k in f.device_keys if k in setting.labels), f.key)
            out.add(f"{base}.{name}")
    return out


def test_every_setting_in_the_schema_has_a_descriptor_and_every_descriptor_field_is_in_the_schema():
    leaves = {".".join(p) for p in _schema_leaves() if p and p[0] not in NOT_SETTINGS_SECTIONS}
    keyed = {lst.text for lst in lists.ALL}
    wanted = {p for p in leaves if p not in keyed and p not in NOT_SETTINGS and p not in READ_ONLY}
    described = _descriptor_paths()
    assert wanted - described == set(), "schema settings without a descriptor"
    assert described - leaves - NOT_IN_SCHEMA == set(), "descriptor fields the schema does not have"


def test_every_call_a_descriptor_names_is_a_method_the_client_knows():
    assert {s.method for s in sections.ALL} - KNOWN == set()


def test_every_get_settings_key_is_a_descriptor_a_keyed_list_or_read_only():
    held = set(factory.settings("X", None))
    described = set(sections.BY_DEVICE) | set(lists.BY_DEVICE)
    read_only = {key.split(".")[0] for key in READ_ONLY_NAMES}
    # The emulator's own bookkeeping that get-settings carries beside the reference's fields.
    assert held - described - read_only - {"result"} == set()


def test_labels_of_a_group_come_from_its_own_fields():
    assert calls.label("date-time", "is-auto") == "device.time.auto"
    assert calls.label("main-stream", "is-auto") == "video.main.follow_input"
    assert calls.label("main-stream", "cx") == "video.main.resolution"
    assert calls.label("volume", "is-mic") == "audio.mic.mute"
    assert calls.label("rec-control", "file-name-mode") == "recording.file_prefix"


def test_rule_fields_name_the_language_path():
    assert sections.language_path("main-stream.codec") == ("video", "main", "codec")
    assert sections.language_path("rec-control.time-unit") == ("recording", "segment_minutes")
    assert sections.language_path("stream-server") == ("live", "servers")


def test_a_get_settings_group_key_is_written_in_at_most_two_modules_outside_the_emulator():
    """The descriptor's module and the rulebook; everyone else asks the descriptors.

    Keys that other answers use too (get-status' eth/wifi, get-info's rec-control, the language's
    own `audio` section) are homonyms, not uses of the setting, and are left out.
    """
    root = Path(__file__).resolve().parents[2] / "usconf"
    homonyms = {"eth", "wifi", "audio", "rec-control"}
    held = factory.settings("X", None)
    groups = [k for k, v in held.items() if isinstance(v, (dict, list)) and k not in homonyms]
    groups += [s.device for s in sections.SCALARS if "-" in s.device]
    modules = [p for p in root.rglob("*.py") if "emulator" not in p.parts and "spec" not in p.parts]
    texts = {p: p.read_text() for p in modules}
    crowded = {}
    for key in groups:
        found = [str(p.relative_to(root)) for p, text in texts.items()
                 if re.search(r"[\"']" + re.escape(key) + r"[\"']", text)]
        if len(found) > 2:
            crowded[key] = found
    assert crowded == {}


def test_the_ansible_config_modules_states_are_the_libraries_states():
    import ast

    from usconf import states
    module = Path(__file__).resolve().parents[2] / "ansible/plugins/modules/ultrastream_config.py"
    tree = ast.parse(module.read_text())
    choices = next(kw.value for node in ast.walk(tree) if isinstance(node, ast.Call)
                   for kw in node.keywords if kw.arg == "choices")
    assert [c.value for c in choices.elts] == list(states.STATES) + ["gathered", "rendered"]
