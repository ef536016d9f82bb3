"""The library API the planner and the Ansible module use: load, load_text, load_data."""
import hashlib

import pytest

from usconf.errors import ValidationError
from usconf.language.load import load, load_data, load_text
from usconf.secrets import Secret


def test_load_records_source_and_hash_of_the_file(tmp_path):
    path = tmp_path / "d.yaml"
    path.write_bytes(b"usconf: 1\ndevice:\n  name: \"{{ vars.n }}\"\n")
    desired = load(path, vars={"n": "Room"}, env={})
    assert desired.source == str(path)
    assert desired.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert desired.canonical == {"device": {"name": "Room"}}


def test_load_data_takes_ansible_config_and_wraps_secrets():
    config = {"live": {"servers": [{"name": "YT", "type": "youtube", "key": "plain-key"}]},
              "users": [{"name": "ops", "password": Secret("pw-from-vault")}]}
    desired = load_data(config)
    assert desired.doc["live"]["servers"][0]["key"] == Secret("plain-key")
    assert desired.doc["users"][0]["password"] == Secret("pw-from-vault")
    assert ("users", 0, "password") in desired.secrets


def test_load_data_problems_name_the_path_without_lines():
    with pytest.raises(ValidationError) as info:
        load_data({"video": {"main": {"bitrate": "fast"}}, "users": [{"name": "x", "password": Secret("leakme")}],
                   "device": {"ssdp": Secret("leakme")}})
    # Without lines, problems come in the language's section order.
    assert info.value.problems == [
        "config: device.ssdp: expected true or false, got (sensitive)",
        "config: video.main.bitrate: bitrate 'fast' is not a bitrate; write 8M, 8192k or 8192",
    ]
    assert "leakme" not in str(info.value)


def test_load_data_does_not_render_templates():
    desired = load_data({"device": {"name": "Plain name"},
                         "live": {"servers": [{"name": "A", "type": "youtube", "key": "{{ env.HOME }}"}]}})
    assert desired.doc["live"]["servers"][0]["key"].reveal() == "{{ env.HOME }}"


def test_empty_file_manages_nothing():
    assert load_text("", env={}).canonical == {}
    assert load_text("# only a comment\n", env={}).canonical == {}


def test_alias_expansion_is_bounded():
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 9):
        prev = f"*a{i - 1}"
        lines.append(f"a{i}: &a{i} [{', '.join([prev] * 10)}]")
    with pytest.raises(ValidationError) as info:
        load_text("\n".join(lines) + "\n", env={})
    assert "expands to more than" in info.value.problems[0]


def test_two_documents_are_refused():
    with pytest.raises(ValidationError) as info:
        load_text("device:\n  name: A\n---\ndevice:\n  name: B\n", name="two.yaml", env={})
    assert info.value.problems == ["two.yaml:4:1: one YAML document per file, found 2"]


def test_yes_and_on_keys_stay_names():
    with pytest.raises(ValidationError) as info:
        load_text("on: 1\n", name="k.yaml", env={})
    assert info.value.problems[0].startswith("k.yaml:1:1: on: unknown field 'on'")
