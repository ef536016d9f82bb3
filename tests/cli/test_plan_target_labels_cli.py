"""A call's list item is named as the change lines name it, in text and JSON, for every list kind."""
import json

from click.testing import CliRunner

from usconf.cli import _register, cli

_register()

FTP = {"type": "0", "proto": "1", "url": "archive.example.net", "port": "22", "dir-name": "/encoders/studio-a",
       "encryption": "0", "login-type": "1", "user-name": "encoder", "passwd": "ftp-secret-99", "mode": "1",
       "net-mode": "1"}
CONFIG = """usconf: 1
live:
  servers:
    - {name: Main, type: rtmp, url: 'rtmp://a.example.net/live', key: k-4711, enabled: false}
uploads:
  servers:
    - {type: ftp, protocol: sftp, url: archive.example.net, port: 22, dir: /encoders/studio-a, login: normal,
       username: encoder, password: ftp-secret-99, enabled: false, network: ethernet}
video:
  no_signal:
    images:
      - {name: default0}
      - {name: default1}
"""
UPLOAD = 'uploads.servers["ftp://encoder@archive.example.net:22/encoders/studio-a"]'


def _device(emu):
    def call(method, **params):
        answer = emu.backend.handle(method, {k: str(v) for k, v in params.items()}, None, None, None)
        assert answer["result"] >= 0, (method, answer)
    call("set-first-over", name="Box", **{"enable-passwd": "0", "timezone": "UTC", "is-auto": "1", "time": ""})
    call("send-file-add-server", **FTP)
    call("send-file-enable-server", id=0, **{"is-use": "1"})
    call("add-server", type=0, name="Main", url="rtmp://a.example.net/live", key="k-4711", **{"net-mode": "1"})
    call("enable-server", id=0, **{"is-use": "1"})
    emu.backend.settings["nosignal-files"].append(
        {"id": 2, "is-use": 0, "is-edit": 1, "file-path": "/no-signal/old.jpg", "time": 5})


def _plan(emu, path, *extra):
    result = CliRunner().invoke(cli, ["plan", str(path), "--device", emu.url, "--cloud-port", str(emu.cloud_port),
                                      *extra])
    assert result.exit_code == 0, result.output
    return result.output


def test_call_lines_name_list_items_as_the_change_lines_do(emulator_factory, tmp_path):
    emu = emulator_factory()
    _device(emu)
    path = tmp_path / "box.yaml"
    path.write_text(CONFIG)
    out = _plan(emu, path)
    assert f"~ {UPLOAD}.enabled: true -> false" in out
    assert f"send-file-enable-server id=<{UPLOAD}> is-use=0" in out
    assert 'enable-server id=<live.servers["Main"]> is-use=0' in out
    assert 'del-nosignal-file id=<video.no_signal.images["old"]>' in out
    assert "archive.example.net, 22" not in out
    data = json.loads(_plan(emu, path, "--json"))
    targets = [c["target"] for c in data["calls"] if "target" in c]
    assert [t["label"] for t in targets] == ['live.servers["Main"]', UPLOAD, 'video.no_signal.images["old"]']
    # apply still finds the item on the device by its key
    assert targets[1]["key"]["user-name"] == "encoder"
    assert "ftp-secret-99" not in json.dumps(data)
