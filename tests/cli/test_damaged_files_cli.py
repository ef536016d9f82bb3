"""A damaged emulator state file or saved plan: one line saying what is wrong, exit 1, no traceback."""
import json

import pytest

from usconf.cli import main
from usconf.emulator import Backend, persist


@pytest.fixture
def usconf(capsys):
    """usconf as the console script runs it; the one line it printed on stderr."""
    def run(*args):
        with pytest.raises(SystemExit) as stop:
            main([str(a) for a in args])
        err = capsys.readouterr().err
        assert stop.value.code == 1, err
        lines = err.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("Error: "), err
        assert "Traceback" not in err and "Internal error" not in err
        return lines[0]
    return run


def _good_state():
    return json.loads(json.dumps(persist.dump(Backend())))


def _without(state, key):
    return {k: v for k, v in state.items() if k != key}


@pytest.mark.parametrize("content, words", [
    (b"[1, 2]", "not a saved emulator state"),
    (b'{"format": 1', "Expecting"),
    (json.dumps(dict(_good_state(), settings=[])).encode(), "'settings' is not a mapping"),
    (json.dumps(_without(_good_state(), "users")).encode(), "missing 'users'"),
    (json.dumps(dict(_good_state(), users=[{"id": "Admin"}])).encode(), "missing 'type'"),
    (json.dumps(dict(_good_state(), images={"a.jpg": "%%%"})).encode(), "wrong type"),
], ids=["a-list", "cut-short", "settings-a-list", "no-users", "user-without-type", "image-not-base64"])
def test_emulator_with_a_damaged_state_file_says_what_is_wrong(tmp_path, usconf, content, words):
    state = tmp_path / "state.json"
    state.write_bytes(content)
    line = usconf("emulator", "--port", "0", "--state", state)
    assert f"cannot load state file {state}" in line and words in line


@pytest.mark.parametrize("plan, words", [
    ({"format_version": 1, "calls": [1]}, "calls[0] should be a mapping (found a number)"),
    ({"format_version": 1, "calls": "set-name"}, "calls should be a list (found text)"),
    ({"format_version": 1, "source": {"path": 5}}, "source.path should be text (found a number)"),
    ({"format_version": 1, "source": {"vars_files": [1]}}, "source.vars_files[0] should be a mapping"),
    ({"format_version": 1, "device": [], "target": 5}, "device should be a mapping (found a list)"),
    ({"format_version": 1, "calls": [{"method": "x", "upload": 5}]}, "calls[0].upload should be text or null"),
    ({"format_version": 1, "changes": [{"path": "a", "action": "rename"}]}, "changes[0].action is 'rename'"),
], ids=["call-a-number", "calls-text", "source-path-number", "vars-file-number", "device-a-list",
        "upload-a-number", "unknown-action"])
def test_apply_of_a_damaged_saved_plan_says_which_field(tmp_path, usconf, plan, words):
    path = tmp_path / "box.plan"
    path.write_text(json.dumps(plan))
    line = usconf("apply", path, "--yes", "--device", "http://127.0.0.1:9")
    assert line.startswith(f"Error: {path}: saved plan is damaged: ") and words in line
