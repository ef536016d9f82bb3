"""`usconf export` against an emulated device, as a user runs it."""
import os
import socket
import subprocess
import sys

import yaml

from tests.export.configure import SECRETS, configure
from usconf.client import Client
from usconf.language import load
from usconf.model import read_snapshot
from usconf.plan.make import make_plan


def usconf(*args, env=None):
    full_env = dict(os.environ, **(env or {}))
    full_env.pop("USCONF_DEVICE", None)
    return subprocess.run([sys.executable, "-m", "usconf", *args], capture_output=True, text=True, timeout=60,
                          env=full_env)


def device_args(emu):
    return ["--device", emu.url, "--cloud-port", str(emu.cloud_port), "--timeout", "5"]


def test_export_prints_the_device_state_without_secrets_and_it_plans_to_no_change(emulator):
    configure(emulator.backend)
    run = usconf("export", *device_args(emulator))
    assert run.returncode == 0, run.stderr
    for value in SECRETS:
        assert value not in run.stdout and value not in run.stderr
    doc = yaml.safe_load(run.stdout)
    assert doc["usconf"] == 1 and doc["device"]["name"] == "Studio A Encoder"
    assert doc["live"]["servers"][0]["key"] == "{{ env.LIVE_SERVER_YOUTUBE_MAIN_KEY }}"
    env = {"LIVE_SERVER_YOUTUBE_MAIN_KEY": "yt-secret-key-4711", "LIVE_SERVER_BACKUP_RTMP_KEY": "backup-secret-key-0815",
           "LIVE_SERVER_BACKUP_RTMP_AUTH_PASSWORD": "rtmp-auth-pass-77",
           "UPLOAD_FTP_ARCHIVE_EXAMPLE_NET_PASSWORD": "ftp-pass-secret-99",
           "UPLOAD_GOOGLE_DRIVE_G_ACCOUNT_1_ACCESS_TOKEN": "drive-access-token-123",
           "UPLOAD_GOOGLE_DRIVE_G_ACCOUNT_1_REFRESH_TOKEN": "drive-refresh-token-456",
           "NETWORK_ACCESS_POINT_PASSWORD": "ap-pass-31337"}
    desired = load.load_text(run.stdout, name="exported.yaml", env=env)
    with Client(emulator.url, cloud_url=emulator.cloud_url, timeout=5) as client:
        plan = make_plan(desired, read_snapshot(client))
    assert plan.changes == [] and plan.calls == []


def test_export_to_a_file_names_the_variables_to_set(emulator, tmp_path):
    configure(emulator.backend)
    out = tmp_path / "studio.yaml"
    run = usconf("export", *device_args(emulator), "-o", str(out))
    assert run.returncode == 0, run.stderr
    assert run.stdout == ""
    assert f"wrote {out}" in run.stderr and "LIVE_SERVER_YOUTUBE_MAIN_KEY" in run.stderr
    assert out.read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=")
    validate = usconf("validate", str(out), env={"LIVE_SERVER_YOUTUBE_MAIN_KEY": "k1",
                                                 "LIVE_SERVER_BACKUP_RTMP_KEY": "k2",
                                                 "LIVE_SERVER_BACKUP_RTMP_AUTH_PASSWORD": "p",
                                                 "UPLOAD_FTP_ARCHIVE_EXAMPLE_NET_PASSWORD": "p",
                                                 "UPLOAD_GOOGLE_DRIVE_G_ACCOUNT_1_ACCESS_TOKEN": "t",
                                                 "UPLOAD_GOOGLE_DRIVE_G_ACCOUNT_1_REFRESH_TOKEN": "t",
                                                 "NETWORK_ACCESS_POINT_PASSWORD": "apsecret"})
    assert validate.returncode == 0, validate.stdout + validate.stderr


def test_an_unreachable_device_is_one_line_and_exit_1(tmp_path):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    # The port is closed again: nothing listens there.
    run = usconf("export", "--device", f"http://127.0.0.1:{port}", "--timeout", "2", "-o", str(tmp_path / "x.yaml"))
    assert run.returncode == 1
    assert "Traceback" not in run.stderr and len(run.stderr.strip().splitlines()) == 1
    assert run.stderr.startswith("Error: ")
    assert not (tmp_path / "x.yaml").exists()


def test_an_unwritable_output_is_a_clear_error(emulator, tmp_path):
    run = usconf("export", *device_args(emulator), "-o", str(tmp_path / "missing-dir" / "x.yaml"))
    assert run.returncode == 1
    assert run.stderr.startswith("Error: cannot write ") and "Traceback" not in run.stderr
