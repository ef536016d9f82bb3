"""`usconf plan` refusals read in the file's terms (paths, 8M, quoted values) and name the device's error."""
import pytest

from usconf.cli import main


def _server(emu, name, url, key, enabled="0"):
    answer = emu.backend.handle("add-server", {"type": "0", "name": name, "url": url, "key": key, "net-mode": "1"},
                                None, None, None)
    assert answer["result"] >= 0, answer
    if enabled == "1":
        ident = [s["id"] for s in emu.backend.settings["stream-server"] if s["name"] == name][0]
        assert emu.backend.handle("enable-server", {"id": str(ident), "is-use": "1"}, None, None, None)["result"] >= 0


def _plan(emu, path, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["plan", str(path), "--device", emu.url, "--cloud-port", str(emu.cloud_port)])
    err = capsys.readouterr().err
    assert exit_.value.code == 1
    assert "Traceback" not in err
    return err


@pytest.fixture
def emu(emulator_factory, monkeypatch):
    monkeypatch.delenv("USCONF_DEVICE", raising=False)
    emu = emulator_factory()
    emu.backend.handle("set-first-over", {"name": "Box", "enable-passwd": "0", "timezone": "UTC", "is-auto": "1",
                                          "time": ""}, None, None, None)
    return emu


def test_a_call_no_order_allows_is_named_by_the_paths_it_changes(emu, tmp_path, capsys):
    _server(emu, "A", "rtmp://s0.example.net/live", "k0")
    _server(emu, "B", "rtmp://s1.example.net/live", "k1")
    path = tmp_path / "swap.yaml"
    path.write_text("usconf: 1\nlive:\n  servers:\n"
                    "  - {name: A, type: rtmp, url: 'rtmp://s1.example.net/live', key: k1}\n"
                    "  - {name: B, type: rtmp, url: 'rtmp://s0.example.net/live', key: k0}\n")
    err = _plan(emu, path, capsys)
    assert ('set-server (live.servers["A"].url "rtmp://s0.example.net/live" -> "rtmp://s1.example.net/live"; '
            'live.servers["A"].key (sensitive)) would be refused with errSameName') in err
    assert "url rtmp://" not in err          # no device field = value wording
    assert "k1" not in err.replace("rtmp://s1", "")


def test_a_broken_rule_names_the_bitrate_as_the_file_writes_it(emu, tmp_path, capsys):
    _server(emu, "A", "rtmp://s0.example.net/live", "k0", enabled="1")
    _server(emu, "B", "rtmp://s1.example.net/live", "k1", enabled="1")
    path = tmp_path / "fast.yaml"
    path.write_text("usconf: 1\nvideo:\n  main:\n    bitrate: 8M\n")
    err = _plan(emu, path, capsys)
    assert "live.servers: 2 servers enabled while video.main.bitrate is 8M (over 4M) (err8MLimited)" in err
    assert "kbps" not in err and "8192" not in err
