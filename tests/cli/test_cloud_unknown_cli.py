"""A cloud section against a device whose cloud API does not answer is a plan error, not a doomed apply."""
import socket

from click.testing import CliRunner

from usconf.cli import _register, cli

_register()

CONFIG = """usconf: 1
device:
  name: Cloud Box
cloud:
  - {slot: 0, address: 10.0.1.32}
"""


def _closed_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_cloud_with_unreachable_cloud_api_is_refused_before_anything_is_sent(tmp_path, emulator):
    path = tmp_path / "box.yaml"
    path.write_text(CONFIG)
    args = [str(path), "--device", emulator.url, "--cloud-port", str(_closed_port())]
    plan = CliRunner().invoke(cli, ["plan", *args])
    apply = CliRunner().invoke(cli, ["apply", *args, "--yes"])
    for result in (plan, apply):
        assert result.exit_code == 1, result.output
        assert "cloud API did not answer" in str(result.exception or result.output)
    assert not any(r["method"] in ("set-first-over", "set-name", "cloud-reg-ex") for r in emulator.requests)


def test_cloud_with_the_right_cloud_port_plans_the_registration(tmp_path, emulator):
    path = tmp_path / "box.yaml"
    path.write_text(CONFIG)
    result = CliRunner().invoke(cli, ["plan", str(path), "--device", emulator.url,
                                      "--cloud-port", str(emulator.cloud_port)])
    assert result.exit_code == 0, result.output
    assert "cloud-reg-ex id=0 cloud-ip-addr=10.0.1.32" in result.output
