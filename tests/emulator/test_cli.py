"""The `usconf emulator` command as a user runs it."""
import json
import signal
import socket
import subprocess
import sys

from tests.emulator.helpers import Api


def start(*args):
    proc = subprocess.Popen([sys.executable, "-m", "usconf", "emulator", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    return proc


def test_count_three_serves_three_distinct_devices_and_sigterm_exits_zero(tmp_path):
    log = tmp_path / "requests.jsonl"
    proc = start("--count", "3", "--port", "0", "--log", str(log))
    try:
        lines = [proc.stdout.readline().split() for _ in range(3)]
        assert all(word == "ready" and cloud.startswith("cloud=http://127.0.0.1:") for word, _, cloud in lines)
        urls = [url for _, url, _ in lines]
        assert len(set(urls)) == 3
        infos = []
        for _, url, cloud in lines:
            api = Api(url, cloud.split("=", 1)[1])
            assert api.login() == 0
            infos.append(api.call("get-settings")["name"])
            assert api.cloud("cloud-status", version="1")["device_id"] == api.call("get-info")["product"]["sn"]
        assert len(set(infos)) == 3
    finally:
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(10) == 0
    lines = [json.loads(line) for line in log.read_text().splitlines()]
    assert [entry["method"] for entry in lines] == ["login", "get-settings", "cloud-status", "get-info"] * 3
    assert all(entry["params"].get("pass") in (None, "(sensitive)") for entry in lines)
    assert len({entry["device"] for entry in lines}) == 3


def test_port_in_use_is_one_line_and_exit_1():
    first = start("--port", "0")
    try:
        url = first.stdout.readline().split()[1]
        port = url.rsplit(":", 1)[1]
        second = subprocess.run([sys.executable, "-m", "usconf", "emulator", "--port", port],
                                check=False, capture_output=True, text=True, timeout=30)
        assert second.returncode == 1
        assert second.stderr.strip().count("\n") == 0 and "cannot listen" in second.stderr
        assert "Traceback" not in second.stderr
    finally:
        first.send_signal(signal.SIGTERM)
        first.wait(10)


def test_non_loopback_host_is_refused():
    result = subprocess.run([sys.executable, "-m", "usconf", "emulator", "--host", "0.0.0.0", "--port", "0"],
                            check=False, capture_output=True, text=True, timeout=30)
    assert result.returncode == 1 and "loopback" in result.stderr and not result.stdout


def test_idle_timeout_flag_closes_a_silent_connection_and_the_device_keeps_serving():
    proc = start("--port", "0", "--idle-timeout", "0.3", "--workers", "2")
    try:
        url = proc.stdout.readline().split()[1]
        host, port = url.split("//")[1].split(":")
        with socket.create_connection((host, int(port)), timeout=10) as silent:
            assert silent.recv(1) == b""        # closed by the emulator long before the 10 s timeout
        assert Api(url).call("ping")["result"] == 0
    finally:
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(10) == 0


def test_a_zero_idle_timeout_is_refused():
    result = subprocess.run([sys.executable, "-m", "usconf", "emulator", "--port", "0", "--idle-timeout", "0"],
                            check=False, capture_output=True, text=True, timeout=30)
    assert result.returncode != 0 and "--idle-timeout" in result.stderr and not result.stdout
