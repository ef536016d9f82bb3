"""Progress while a fleet is worked on: a rich display on a terminal, one plain line per device otherwise."""
import os
import pty
import subprocess
import sys


def test_plain_lines_without_a_terminal_and_none_with_quiet(usconf, fleet):
    path, _ = fleet
    res = usconf("plan", "-i", path)
    lines = [line for line in res.err.splitlines() if line.startswith("[")]
    assert len(lines) == 5 and lines[-1].startswith("[5/5] ")
    assert sorted(line.split()[1] for line in lines) == sorted(
        ["studio-a:", "studio-b:", "studio-c:", "hall-1:", "hall-2:"])
    quiet = usconf("plan", "-i", path, "--quiet")
    assert not [line for line in quiet.err.splitlines() if line.startswith("[")]
    assert quiet.out.count("\n") == 6                  # the table only, no plan bodies


def test_a_progress_display_on_a_terminal(fleet):
    path, _ = fleet
    master, slave = pty.openpty()
    try:
        proc = subprocess.run([sys.executable, "-m", "usconf", "plan", "-i", str(path)], stdout=subprocess.PIPE,
                              stderr=slave, timeout=60, check=False,
                              env={k: v for k, v in os.environ.items() if k != "NO_COLOR"})
        os.close(slave)
        chunks = []
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                break
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(master)
    shown = b"".join(chunks).decode(errors="replace")
    assert proc.returncode == 0
    assert "planning: 0 failing" in shown and "/5" in shown
    assert "[1/5]" not in shown                        # no plain lines on a terminal
    assert proc.stdout.decode().startswith("DEVICE")   # the report itself stays on stdout


def test_apply_on_a_terminal_shows_the_plans_and_asks_once(fleet):
    from usconf.client import Client
    from usconf.model import gather

    path, group = fleet
    master, slave = pty.openpty()
    os.write(master, b"y\n")
    try:
        proc = subprocess.run([sys.executable, "-m", "usconf", "apply", "-i", str(path), "--limit", "studio-a,hall-1"],
                              stdin=slave, capture_output=True, timeout=60, check=False,
                              env=dict(os.environ, NO_COLOR="1"))
    finally:
        os.close(slave)
        os.close(master)
    out, err = proc.stdout.decode(), proc.stderr.decode()
    assert proc.returncode == 0, err
    assert err.count("Apply these calls to 2 device(s)?") == 1
    assert out.index("== studio-a (studios): changes") < out.index("== hall-1 (halls): changes")
    assert "2 devices applied: 0 ok, 2 with changes, 0 failed, 0 unreachable." in err
    with Client(group.devices[3].url, cloud_port=group.devices[3].cloud_port) as client:
        assert gather(client)["device"]["name"] == "Hall 101 of halls"
