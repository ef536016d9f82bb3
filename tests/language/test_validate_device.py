"""`usconf validate --device`: values are checked against that device's own get-info ranges."""
import pytest

from usconf.cli import main
from usconf.emulator.group import running

DOC = "video:\n  main:\n    bitrate: 8M\n"


def run(capsys, *args):
    with pytest.raises(SystemExit) as info:
        main(["validate", *map(str, args)])
    return (info.value.code, *capsys.readouterr())


@pytest.fixture
def device():
    with running() as group:
        yield group


def test_device_ranges_win_over_the_reference_defaults(tmp_path, capsys, monkeypatch, device):
    monkeypatch.delenv("USCONF_PASSWORD", raising=False)
    path = tmp_path / "desired.yaml"
    path.write_text(DOC)
    assert run(capsys, path)[:2] == (0, f"{path}: valid\n")
    # This unit's firmware offers nothing above 4 Mbps.
    kbps = device.backend.info["codec-cap"]["video-kbps"]
    kbps[:] = [item for item in kbps if item["value"] <= 4096]
    code, out, err = run(capsys, path, "--device", device.url)
    assert code == 1
    assert out.splitlines() == [
        f"{path}:3:14: video.main.bitrate: '8M' is not supported by the device; "
        "use one of: 256k, 512k, 768k, 1M, 1.5M, 2M, 3M, 4M (errParam)"]


def test_unreachable_device_is_one_line(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("USCONF_PASSWORD", raising=False)
    path = tmp_path / "desired.yaml"
    path.write_text(DOC)
    with running() as group:
        url = group.url
    code, out, err = run(capsys, path, "--device", url, "--timeout", "2")
    assert code == 1
    assert err.startswith("Error: ") and len(err.strip().splitlines()) == 1
    assert "Traceback" not in err


EDID_DOC = "device:\n  name: Studio\nedid:\n  smart: true\n"


def test_edid_section_is_refused_against_an_sdi_unit(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("USCONF_PASSWORD", raising=False)
    path = tmp_path / "edid.yaml"
    path.write_text(EDID_DOC)
    with running(model="sdi") as sdi:
        code, out, err = run(capsys, path, "--device", sdi.url)
    assert code == 1
    assert out.splitlines() == [f"{path}:3:1: edid: this Ultra Stream SDI has no EDID (an SDI input)"]
    assert "Traceback" not in err


def test_edid_section_is_fine_offline_and_against_an_hdmi_unit(tmp_path, capsys, monkeypatch, device):
    monkeypatch.delenv("USCONF_PASSWORD", raising=False)
    path = tmp_path / "edid.yaml"
    path.write_text(EDID_DOC)
    assert run(capsys, path)[:2] == (0, f"{path}: valid\n")
    assert run(capsys, path, "--device", device.url)[:2] == (0, f"{path}: valid\n")
