"""`usconf validate`: one line per file or per problem, exit 1 on any invalid file, never a traceback."""
import subprocess
import sys
from pathlib import Path

import pytest

from usconf.cli import main

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
INVALID = Path(__file__).parent / "invalid"


def run(capsys, *args):
    with pytest.raises(SystemExit) as info:
        main(["validate", *map(str, args)])
    out, err = capsys.readouterr()
    return info.value.code, out, err


@pytest.fixture(autouse=True)
def _env(monkeypatch, example_env):
    for key, value in example_env.items():
        monkeypatch.setenv(key, value)
    monkeypatch.delenv("USCONF_DEVICE", raising=False)


def test_valid_files_print_valid_and_exit_0(capsys):
    code, out, err = run(capsys, EXAMPLES / "minimal.yaml", EXAMPLES / "studio.yaml")
    assert code == 0
    assert out.splitlines() == [f"{EXAMPLES / 'minimal.yaml'}: valid", f"{EXAMPLES / 'studio.yaml'}: valid"]


def test_one_invalid_file_makes_exit_1_and_each_problem_is_one_line(capsys):
    bad = INVALID / "24-three-enabled-live-servers.yaml"
    code, out, err = run(capsys, EXAMPLES / "minimal.yaml", bad)
    assert code == 1
    lines = out.splitlines()
    assert lines[0] == f"{EXAMPLES / 'minimal.yaml'}: valid"
    assert lines[1:] == [f"{bad}:7:3: live.servers: at most 2 enabled live servers (errChannelsLimited)"]
    assert "invalid (1 problem)" in err
    assert "Traceback" not in out + err


def test_every_problem_of_a_file_is_listed(tmp_path, capsys):
    path = tmp_path / "two.yaml"
    path.write_text("video:\n  main:\n    bitrat: 4M\n    codec: h265\n")
    code, out, _ = run(capsys, path)
    assert code == 1
    assert out.splitlines() == [
        f"{path}:3:5: video.main.bitrat: unknown field 'bitrat'; did you mean 'bitrate'?",
        f"{path}:4:12: video.main.codec: 'h265' is not allowed; use one of: h264, hevc",
    ]


def test_vars_on_the_command_line(capsys):
    room = EXAMPLES / "lecture-hall" / "room.yaml"
    code, out, _ = run(capsys, room, "--vars-file", EXAMPLES / "lecture-hall" / "rooms" / "hall-101.yaml",
                       "--var", "room=999")
    assert (code, out.strip()) == (0, f"{room}: valid")
    code, out, _ = run(capsys, room)
    assert code == 1 and "vars.room is not set" in out


def test_bad_var_syntax_is_one_line_error(capsys):
    code, out, err = run(capsys, EXAMPLES / "minimal.yaml", "--var", "novalue")
    assert code == 1
    assert err.strip() == "Error: bad --var 'novalue': expected key=value"


def test_missing_file_is_reported_not_raised(tmp_path, capsys):
    code, out, err = run(capsys, tmp_path / "absent.yaml")
    assert code == 1
    assert out.strip() == f"{tmp_path / 'absent.yaml'}: cannot read: No such file or directory"
    assert "Traceback" not in err


def test_secret_does_not_reach_the_terminal(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("LEAKY", "do-not-print-me-ever")
    path = tmp_path / "leak.yaml"
    path.write_text("live:\n  servers:\n    - name: A\n      type: youtube\n      key: \"{{ env.LEAKY }}\"\n"
                    "      enabled: \"{{ env.LEAKY }}\"\n")
    code, out, err = run(capsys, path)
    assert code == 1
    assert "do-not-print-me-ever" not in out + err
    assert "(sensitive)" in out


def test_console_entry_point_runs(tmp_path):
    """The installed command, as a user runs it: exit status and output, no traceback."""
    path = tmp_path / "bad.yaml"
    path.write_text("device:\n  name: [unclosed\n")
    proc = subprocess.run([sys.executable, "-m", "usconf", "validate", str(path)],
                          capture_output=True, text=True, timeout=60, env={"PATH": "/usr/bin:/bin"})
    assert proc.returncode == 1
    assert proc.stdout.startswith(f"{path}:3:1: YAML syntax:")
    assert "Traceback" not in proc.stderr


def test_an_oversized_file_is_refused_quickly_with_its_size(tmp_path, capsys):
    import time
    path = tmp_path / "huge.yaml"
    path.write_text("live:\n  servers:\n" + "    - {name: s, type: rtmp}\n" * 200_000)
    started = time.monotonic()
    code, out, err = run(capsys, path)
    assert time.monotonic() - started < 5
    assert code == 1
    mb = path.stat().st_size / 1024 / 1024
    assert mb > 5
    assert out.strip() == (f"{path}: file is {mb:.1f} MB; refusing to read more than 1.0 MB "
                           "(a desired state for one encoder is a few KB)")
    assert "Traceback" not in err


def test_an_oversized_vars_file_is_refused_with_its_size(tmp_path, capsys):
    conf = tmp_path / "conf.yaml"
    conf.write_text("device:\n  name: '{{ vars.name }}'\n")
    big = tmp_path / "vars.yaml"
    big.write_text("name: box\n" + "".join(f"k{i}: v\n" for i in range(200_000)))
    code, out, err = run(capsys, conf, "--vars-file", big)
    assert code == 1
    assert f"{big}: vars file is {big.stat().st_size / 1024 / 1024:.1f} MB; refusing" in out
    assert "Traceback" not in err
