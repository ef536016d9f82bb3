"""Multipart uploads with progress, JSON POST bodies, and waiting for a device to come back."""
import struct

import pytest

from usconf.errors import ConnectionFailed, DeviceError


def tiny_jpeg(width=64, height=48):
    """Markers only: SOI, a baseline SOF0 frame header with the size, EOI."""
    sof = struct.pack(">BHHB", 8, height, width, 3) + b"\x01\x22\x00\x02\x11\x01\x03\x11\x01"
    return b"\xff\xd8" + b"\xff\xc0" + struct.pack(">H", len(sof) + 2) + sof + b"\xff\xd9"


def edid_block():
    block = bytearray(b"\x00\xff\xff\xff\xff\xff\xff\x00" + bytes(119) + b"\x00")
    block[127] = (-sum(block[:127])) % 256
    return bytes(block)


def test_nosignal_image_upload_reports_progress(emulator, fast_client, tmp_path):
    image = tmp_path / "lobby.jpg"
    image.write_bytes(tiny_jpeg() + bytes(300_000))   # padding after EOI, so the body spans many chunks
    seen = []
    dev = fast_client(emulator.url, on_progress=lambda what, done, total: seen.append((what, done, total)))
    assert dev.upload_nosignal_image(str(image))["result"] == 0
    assert len(seen) > 2 and {w for w, _, _ in seen} == {"add-nosignal-file"}
    sent = [done for _, done, _ in seen]
    assert sent == sorted(sent) and sent[-1] == seen[-1][2]
    paths = [f["file-path"] for f in dev.get_settings()["nosignal-files"]]
    assert any("lobby" in p for p in paths)


def test_malformed_edid_is_refused_with_errfile(emulator, fast_client):
    dev = fast_client(emulator.url)
    with pytest.raises(DeviceError) as err:
        dev.import_edid(data=b"not an edid")
    assert err.value.code == -15
    assert dev.import_edid(data=edid_block())["result"] == 0


def test_json_post_method_reaches_the_device(emulator, fast_client):
    dev = fast_client(emulator.url)
    try:
        body = dev.del_media_files(1, ["VID_none.mp4"])
    except DeviceError as exc:   # a missing file may be refused; what matters is the body was read
        assert exc.code != -10
    else:
        assert body["result"] >= 0
    assert [r["method"] for r in emulator.requests][-1] == "del-media-files"


def test_wait_until_ready_after_reboot(emulator_factory, fast_client):
    emu = emulator_factory(timings={"reboot": 0.5})
    events = []
    dev = fast_client(emu.url, on_progress=lambda what, done, total: events.append(what))
    dev.call("reboot")
    dev.wait_until_ready(timeout=10, interval=0.05)
    assert dev.get_status()["result"] == 0
    assert "waiting for the device" in events
    assert [r["method"] for r in emu.requests][-2:] == ["login", "get-status"]


def test_wait_until_ready_gives_up(fast_client, closed_port):
    dev = fast_client(f"http://127.0.0.1:{closed_port}")
    with pytest.raises(ConnectionFailed, match="was not ready again within 0.3s"):
        dev.wait_until_ready(timeout=0.3, interval=0.05)


def test_export_answers_the_file_itself(emulator, fast_client):
    dev = fast_client(emulator.url)
    dev.import_edid(data=edid_block())
    body = dev.call("export-edid", {"file-name": "mine.bin"})
    assert body["result"] == 0 and body["data"] == edid_block() and body["filename"] == "mine.bin"
