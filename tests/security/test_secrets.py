"""Secrets: an empty one is refused, every one is masked by value wherever it would show, secret files
stay where they belong, and a saved plan notices a secret changed since planning."""
import json
import os

import pytest

from usconf.errors import ValidationError
from usconf.language.load import load, load_data, load_text

SERVER = """usconf: 1
live:
  servers:
    - {{name: Main, type: rtmp, url: "rtmp://live.example.net/app", key: "{key}", enabled: false}}
"""


def test_an_empty_env_variable_in_a_sensitive_field_is_refused_naming_it():
    with pytest.raises(ValidationError) as info:
        load_text(SERVER.format(key="{{ env.YT_KEY }}"), name="s.yaml", env={"YT_KEY": ""})
    assert info.value.problems == [("s.yaml:4:73: live.servers[0].key: env.YT_KEY is empty or unset; "
                                    "a secret must have a value")]


@pytest.mark.parametrize("expr", ["{{ env.get('YT_KEY') }}", "{{ env.YT_KEY | default('') }}"])
def test_an_unset_env_variable_read_leniently_is_refused_naming_it(expr):
    with pytest.raises(ValidationError) as info:
        load_text(SERVER.format(key=expr), name="s.yaml", env={})
    assert "live.servers[0].key: env.YT_KEY is empty or unset; a secret must have a value" in info.value.problems[0]


def test_an_empty_secret_file_is_refused_naming_it(tmp_path):
    (tmp_path / "key.txt").write_text("\n")
    conf = tmp_path / "s.yaml"
    conf.write_text(SERVER.format(key="{{ secret_file('key.txt') }}"))
    with pytest.raises(ValidationError) as info:
        load(conf, env={})
    assert "secret_file('key.txt') is empty or unset" in info.value.problems[0]


def test_an_empty_password_given_as_data_is_refused():
    # what the Ansible module passes when a lookup of an unset variable gives ""
    with pytest.raises(ValidationError) as info:
        load_data({"users": [{"name": "ops", "password": ""}]})
    assert info.value.problems == ["config: users[0].password: it is empty; a secret must have a value"]


def test_validate_and_plan_refuse_an_empty_secret(tmp_path, cli, monkeypatch, emulator):
    conf = tmp_path / "s.yaml"
    conf.write_text(SERVER.format(key="{{ env.YT_KEY }}"))
    monkeypatch.setenv("YT_KEY", "")
    code, out, _ = cli("validate", conf)
    assert code == 1 and "env.YT_KEY is empty or unset" in out
    code, out, err = cli("plan", conf, "--device", emulator.url)
    assert code == 1 and "env.YT_KEY is empty or unset" in err and out == ""


NAMED = """usconf: 1
device:
  name: "{{ env.SITE }} encoder"
"""


def test_an_env_value_in_an_ordinary_field_is_masked_in_every_plan_output(tmp_path, cli, monkeypatch, emulator):
    conf = tmp_path / "n.yaml"
    conf.write_text(NAMED)
    monkeypatch.setenv("SITE", "Hangar-Seven-Secret")
    saved = tmp_path / "n.plan"
    outputs = []
    for args in ([], ["--json"], ["--markdown"], ["--out", saved]):
        code, out, err = cli("plan", conf, "--device", emulator.url, *args)
        assert code == 0, err
        outputs.append(out + err)
    outputs.append(saved.read_text())
    for text in outputs:
        assert "Hangar-Seven-Secret" not in text
    assert "(sensitive) encoder" in outputs[0]
    assert json.loads(outputs[1])["calls"][0]["params"]["name"] == "(sensitive) encoder"


def test_a_template_error_never_quotes_a_secret_value():
    with pytest.raises(ValidationError) as info:
        load_text(SERVER.format(key="{{ env[env.S] }}"), name="s.yaml", env={"S": "hunter2-stream-key"})
    assert "hunter2-stream-key" not in str(info.value)
    assert "env.(sensitive) is not set" in info.value.problems[0]


def test_the_debug_log_masks_an_env_value_sent_in_an_ordinary_parameter():
    from usconf.client.logfilter import mask_query
    load_text(NAMED, name="n.yaml", env={"SITE": "Hangar Seven"})
    line = "GET /usapi?method=set-name&name=Hangar%20Seven%20encoder HTTP/1.1"
    assert mask_query(line) == "GET /usapi?method=set-name&name=(sensitive)%20encoder HTTP/1.1"


# --- secret_file: where and what -------------------------------------------------------------

def _doc(tmp_path, ref):
    site = tmp_path / "site"
    site.mkdir(exist_ok=True)
    conf = site / "s.yaml"
    conf.write_text(SERVER.format(key=f"{{{{ secret_file('{ref}') }}}}"))
    return conf


def test_secret_file_outside_the_documents_folder_is_refused(tmp_path):
    (tmp_path / "shadow").write_text("root:$6$hash\n")
    with pytest.raises(ValidationError) as info:
        load(_doc(tmp_path, "../shadow"), env={})
    problem = info.value.problems[0]
    assert "secret_file('../shadow'): outside the document's folder" in problem
    assert "root:$6$hash" not in problem


def test_secret_file_absolute_path_elsewhere_is_refused(tmp_path):
    with pytest.raises(ValidationError) as info:
        load(_doc(tmp_path, "/etc/passwd"), env={})
    assert "outside the document's folder" in info.value.problems[0]


def test_a_secrets_dir_allows_its_files(tmp_path, cli):
    vault = tmp_path / "vault"
    vault.mkdir()
    (vault / "yt.key").write_text("from-the-vault-1234\n")
    conf = _doc(tmp_path, "yt.key")
    assert load(conf, env={}, secrets_dirs=[vault]).doc["live"]["servers"][0]["key"].reveal() == "from-the-vault-1234"
    assert load(conf, env={"USCONF_SECRETS_DIR": str(vault)}).doc["live"]["servers"][0]["key"].reveal() \
        == "from-the-vault-1234"
    code, out, _ = cli("validate", conf, "--secrets-dir", vault)
    assert code == 0, out


def test_a_symlink_out_of_the_folder_is_refused(tmp_path):
    (tmp_path / "outside.key").write_text("outside-value\n")
    conf = _doc(tmp_path, "link.key")
    os.symlink(tmp_path / "outside.key", conf.parent / "link.key")
    with pytest.raises(ValidationError) as info:
        load(conf, env={})
    assert "outside the document's folder" in info.value.problems[0]


def test_a_secret_file_over_64_kib_is_refused(tmp_path):
    conf = _doc(tmp_path, "big.key")
    (conf.parent / "big.key").write_bytes(b"k" * (64 * 1024 + 1))
    with pytest.raises(ValidationError) as info:
        load(conf, env={})
    assert "secret_file('big.key'): it is 64.0 KiB; the limit is 64 KiB" in info.value.problems[0]


def test_a_device_file_as_secret_is_refused(tmp_path):
    with pytest.raises(ValidationError) as info:
        load(_doc(tmp_path, "zero"), env={}, secrets_dirs=["/dev"])
    assert "secret_file('zero'): it is a character device, not a regular file" in info.value.problems[0]


# --- a saved plan and its secrets ----------------------------------------------------------------

def test_a_saved_plan_is_refused_when_a_secret_changed_since_planning(tmp_path, cli, monkeypatch, emulator):
    conf = tmp_path / "s.yaml"
    conf.write_text(SERVER.format(key="{{ env.YT_KEY }}"))
    saved = tmp_path / "s.plan"
    monkeypatch.setenv("YT_KEY", "first-key-1111")
    code, _, err = cli("plan", conf, "--device", emulator.url, "--out", saved)
    assert code == 0, err
    data = json.loads(saved.read_text())
    assert "first-key-1111" not in saved.read_text()
    digests = data["source"]["secrets"]
    assert len(digests["key"]) == 64 and list(digests["hmac"]) == ["live.servers[0].key"]

    monkeypatch.setenv("YT_KEY", "second-key-2222")
    code, _out, err = cli("apply", saved, "--yes", "--device", emulator.url)
    assert code == 1
    assert err == ("Error: plan is stale: the secret live.servers[0].key changed since the plan was made "
                   "(an environment variable or secret file?); plan again\n")
    assert emulator.backend.settings["stream-server"] == [] or all(
        s.get("name") != "Main" for s in emulator.backend.settings["stream-server"])

    monkeypatch.setenv("YT_KEY", "first-key-1111")
    code, _out, err = cli("apply", saved, "--yes", "--device", emulator.url)
    assert code == 0, err


def test_two_plans_of_one_secret_record_different_digests(tmp_path, cli, monkeypatch, emulator):
    conf = tmp_path / "s.yaml"
    conf.write_text(SERVER.format(key="{{ env.YT_KEY }}"))
    monkeypatch.setenv("YT_KEY", "same-key-3333")
    digests = []
    for n in (1, 2):
        cli("plan", conf, "--device", emulator.url, "--out", tmp_path / f"{n}.plan")
        digests.append(json.loads((tmp_path / f"{n}.plan").read_text())["source"]["secrets"]["hmac"])
    assert digests[0] != digests[1]


@pytest.mark.parametrize("expr", ["env | tojson", "env.values() | list", "env | list", "env.items() | list",
                                  "(env | tojson)[0:60] | int"])
def test_the_environment_cannot_be_dumped_whole(expr):
    with pytest.raises(ValidationError) as info:
        load_text(f'usconf: 1\ndevice:\n  name: "{{{{ {expr} }}}}"\n', name="n.yaml",
                  env={"CI_DEPLOY_TOKEN": "tok-abcdef-123456"})
    assert "tok-abcdef-123456" not in str(info.value) and "CI_DEPLOY_TOKEN" not in str(info.value)
