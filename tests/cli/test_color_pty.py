"""Colour as a user sees it: on a real terminal (a pty) unless NO_COLOR is set to something."""
import os
import pty
import subprocess
import sys

import pytest


def _plan_on_a_terminal(tmp_path, url, no_color):
    config = tmp_path / "box.yaml"
    config.write_text("usconf: 1\ndevice:\n  name: Colour Box\n")
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    if no_color is not None:
        env["NO_COLOR"] = no_color
    master, slave = pty.openpty()
    try:
        proc = subprocess.run([sys.executable, "-m", "usconf", "plan", str(config), "--device", url],
                              stdout=slave, stderr=subprocess.PIPE, env=env, timeout=60)
        os.close(slave)
        chunks = []
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:                     # the pty is drained once the child is gone
                break
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(master)
    assert proc.returncode == 0, proc.stderr
    return b"".join(chunks).decode()


@pytest.mark.parametrize("no_color, coloured", [(None, True), ("1", False), ("", True)])
def test_colour_on_a_terminal_follows_no_color(tmp_path, emulator, no_color, coloured):
    out = _plan_on_a_terminal(tmp_path, emulator.url, no_color)
    assert "device.name" in out
    assert ("\033[" in out) is coloured
