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
