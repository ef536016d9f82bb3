"""Files that are not what they claim give one line and exit 1, before any device is contacted."""
import subprocess
import sys

import pytest

GARBAGE = bytes(range(128, 256)) * 8


@pytest.mark.parametrize("content", [GARBAGE, b'{"format_version": 1, "x": "\xff\xfe"}', b"\x87" + GARBAGE])
def test_apply_of_a_binary_file_is_one_clear_line(tmp_path, content):
    path = tmp_path / "garbage.plan"
    path.write_bytes(content)
    # port 9 on loopback: nothing listens, and nothing should be asked anyway
    proc = subprocess.run([sys.executable, "-m", "usconf", "apply", str(path), "--yes",
                           "--device", "http://127.0.0.1:9"], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 1, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"Error: {path}:"), proc.stderr
    assert "UTF-8" in lines[0] and "Internal error" not in proc.stderr


@pytest.mark.parametrize("command", [
    ["emulator", "--port", "0", "--log", "{missing}/x.jsonl"],
    ["plan", "{config}", "--out", "{missing}/x.plan", "--device", "{url}"],
    ["plan", "{config}", "--out", "{tmp}", "--device", "{url}"],
])
def test_an_output_file_that_cannot_be_written_is_one_clear_line(tmp_path, emulator, command):
    config = tmp_path / "box.yaml"
    config.write_text("usconf: 1\ndevice:\n  name: Box\n")
    names = {"missing": tmp_path / "no-such-dir", "config": config, "tmp": tmp_path, "url": emulator.url}
    args = [part.format(**names) for part in command]
    proc = subprocess.run([sys.executable, "-m", "usconf", *args], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 1, proc.stderr
    assert proc.stderr.strip().splitlines()[-1].startswith("Error: cannot "), proc.stderr
    assert "Internal error" not in proc.stderr and "Traceback" not in proc.stderr
