"""The Ansible module's safety: secret options are no_log, values masked by usconf are scrubbed from
results, and on-air devices are left alone unless allow_interrupt. (`changed` on a failed task is
tested in tests/ansible/test_ansible_refusal.py.)"""
import ast
import importlib.util
from pathlib import Path

import pytest

from usconf.client import Client

REPO = Path(__file__).resolve().parents[2]
MODULES = REPO / "ansible" / "plugins" / "modules"


def _bridge():
    spec = importlib.util.spec_from_file_location("usconf_bridge_under_test",
                                                  REPO / "ansible" / "plugins" / "module_utils" / "bridge.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class _Done(Exception):
    def __init__(self, failed, result):
        super().__init__(result.get("msg"))
        self.failed, self.result = failed, result


class FakeModule:
    """What the bridge uses of AnsibleModule: params, check/diff mode, no_log_values, exit/fail."""

    def __init__(self, **params):
        self.params = {"url": None, "username": None, "password": None, "cloud_port": 8070, "timeout": 5.0,
                       "config": None, "src": None, "running_config": None, "state": "merged",
                       "allow_interrupt": False, **params}
        self.check_mode = False
        self._diff = False
        self.no_log_values = set()

    def exit_json(self, **result):
        raise _Done(False, result)

    def fail_json(self, **result):
        raise _Done(True, result)


def _run(module):
    with pytest.raises(_Done) as done:
        _bridge().run_config(module)
    return done.value


SECRET_WORDS = ("password", "passwd", "key", "token", "secret", "code")


def _options(path):
    """{option: its dict(...) keywords} of argument_spec entries in a module file."""
    found = {}
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.keyword) and isinstance(node.value, ast.Call) \
                and getattr(node.value.func, "id", None) == "dict":
            found[node.arg] = {k.arg: getattr(k.value, "value", None) for k in node.value.keywords}
    return found


def test_every_secret_option_is_no_log():
    options = {}
    for path in list(MODULES.glob("*.py")) + [REPO / "ansible" / "plugins" / "module_utils" / "bridge.py"]:
        options.update(_options(path))
    secret = [name for name in options if any(w in name for w in SECRET_WORDS) or name in ("config", "running_config")]
    assert {"password", "config", "running_config"} <= set(secret)
    assert [name for name in secret if options[name].get("no_log") is not True] == []
    assert options["allow_interrupt"] == {"type": "bool", "default": False}


def test_env_values_from_a_source_file_are_scrubbed_from_results(emulator, tmp_path, monkeypatch):
    conf = tmp_path / "c.yaml"
    conf.write_text('usconf: 1\ndevice:\n  name: "{{ env.SITE }} encoder"\n')
    monkeypatch.setenv("SITE", "Hangar-Nine")
    module = FakeModule(url=emulator.url, src=str(conf), state="merged")
    done = _run(module)
    assert not done.failed, done.result
    assert "Hangar-Nine" in module.no_log_values
    assert "Hangar-Nine" not in repr(done.result)


def test_an_empty_secret_fails_the_task_naming_it(emulator, monkeypatch, tmp_path):
    conf = tmp_path / "c.yaml"
    conf.write_text('usconf: 1\nusers:\n  - {name: ops, password: "{{ env.OPS_PW }}"}\n')
    monkeypatch.setenv("OPS_PW", "")
    done = _run(FakeModule(url=emulator.url, src=str(conf)))
    assert done.failed and "env.OPS_PW is empty or unset" in done.result["msg"]
    done = _run(FakeModule(url=emulator.url, config={"users": [{"name": "ops", "password": ""}]}))
    assert done.failed and done.result["msg"] == "config: users[0].password: it is empty; a secret must have a value"
    with Client(emulator.url) as dev:
        assert [u["id"] for u in dev.get_users()["users"]] == ["Admin"]


def test_allow_interrupt_is_needed_on_air(emulator):
    with Client(emulator.url) as dev:
        assert dev.call("start-rec")["result"] == 0
    config = {"video": {"main": {"bitrate": "3M"}}}
    done = _run(FakeModule(url=emulator.url, config=config))
    assert done.failed and done.result["changed"] is False
    assert done.result["msg"].startswith("refusing to apply: the device is on air (RECORDING to usb and sd)")
    done = _run(FakeModule(url=emulator.url, config=config, allow_interrupt=True))
    assert not done.failed and done.result["changed"] is True
