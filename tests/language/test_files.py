"""Files a desired state names (edid.file, no-signal images) are read next to the YAML file, and checked
when the file is validated, with the device's own checks (usconf.rules)."""
import base64
import os

import pytest

from tests.export.configure import tiny_jpeg
from usconf.cli import main
from usconf.errors import ValidationError
from usconf.language.load import load
from usconf.language.validate import default_snapshot
from usconf.plan.make import make_plan
from usconf.spec.edid import DEFAULT_EDID_B64

DEFAULT_EDID = base64.b64decode(DEFAULT_EDID_B64)


def custom_edid():
    """The default EDID with another serial number, its checksum fixed: valid, and not the default."""
    data = bytearray(DEFAULT_EDID)
    data[12] ^= 0x5A
    data[127] = (-sum(data[:127])) % 256
    return bytes(data)


def site(tmp_path, edid=None, image=None):
    """site/conf.yaml naming edid/custom.bin and img/slate.jpg beside it; the working directory elsewhere."""
    (tmp_path / "site" / "edid").mkdir(parents=True)
    (tmp_path / "site" / "img").mkdir()
    (tmp_path / "site" / "edid" / "custom.bin").write_bytes(custom_edid() if edid is None else edid)
    (tmp_path / "site" / "img" / "slate.jpg").write_bytes(tiny_jpeg() if image is None else image)
    conf = tmp_path / "site" / "conf.yaml"
    conf.write_text("usconf: 1\n"
                    "edid:\n"
                    "  file: edid/custom.bin\n"
                    "video:\n"
                    "  no_signal:\n"
                    "    show: slate\n"
                    "    images:\n"
                    "      - {name: slate, file: img/slate.jpg}\n")
    (tmp_path / "elsewhere").mkdir()
    return conf


def test_files_are_relative_to_the_yaml_file_not_the_working_directory(tmp_path, monkeypatch, capsys):
    conf = site(tmp_path)
    monkeypatch.chdir(tmp_path / "elsewhere")
    relative = os.path.join("..", "site", "conf.yaml")
    with pytest.raises(SystemExit) as info:
        main(["validate", relative])
    assert info.value.code == 0, capsys.readouterr()
    assert capsys.readouterr().out == f"{relative}: valid\n"

    plan = make_plan(load(relative), default_snapshot())
    uploads = [(call.method, call.upload) for call in plan.calls if call.upload]
    assert uploads == [("import-edid", str(conf.parent / "edid" / "custom.bin")),
                       ("add-nosignal-file", str(conf.parent / "img" / "slate.jpg"))]


def big_jpeg():
    jpeg = tiny_jpeg()
    return jpeg[:-2] + b"\x00" * (1024 * 1024) + jpeg[-2:]


@pytest.mark.parametrize("edid, image, line, message", [
    (DEFAULT_EDID + bytes(44), None, 3, "edid.file: {edid}: not an EDID: 300 bytes, an EDID is a multiple of 128 bytes"),
    (b"\x01" + DEFAULT_EDID[1:], None, 3, "edid.file: {edid}: not an EDID: it does not start with the EDID header"),
    (DEFAULT_EDID[:127] + bytes([DEFAULT_EDID[127] ^ 1]) + DEFAULT_EDID[128:], None, 3,
     "edid.file: {edid}: not an EDID: the checksum of block 0 is wrong"),
    (None, b"GIF89a not a jpeg", 8, "video.no_signal.images[0].file: {image}: not a JPEG image"),
    (None, tiny_jpeg(2560, 1440), 8, "video.no_signal.images[0].file: {image}: the image is 2560x1440; "
                                     "at most 1920x1080"),
    (None, big_jpeg(), 8, f"video.no_signal.images[0].file: {{image}}: {len(big_jpeg())} bytes; a no-signal image may have "
                          "at most 524288 bytes (512 KB)"),
], ids=["edid-odd-size", "edid-header", "edid-checksum", "image-not-jpeg", "image-too-large", "image-over-the-limit"])
def test_a_file_the_device_would_refuse_is_refused_at_its_line(tmp_path, edid, image, line, message):
    conf = site(tmp_path, edid=edid, image=image)
    with pytest.raises(ValidationError) as info:
        load(conf)
    paths = {"edid": repr(str(conf.parent / "edid" / "custom.bin")),
             "image": repr(str(conf.parent / "img" / "slate.jpg"))}
    col = 9 if line == 3 else 29
    assert info.value.problems == [f"{conf}:{line}:{col}: {message.format(**paths)} (errFile)"]


def test_show_may_name_a_listed_image_or_a_built_in_one(tmp_path):
    conf = site(tmp_path)
    assert load(conf).canonical["video"]["no_signal"]["show"] == "slate"
    conf.write_text(conf.read_text().replace("show: slate", "show: default1"))
    assert load(conf).canonical["video"]["no_signal"]["show"] == "default1"
    conf.write_text(conf.read_text().replace("show: default1", "show: slat"))
    with pytest.raises(ValidationError) as info:
        load(conf)
    assert info.value.problems == [f"{conf}:6:11: video.no_signal.show: 'slat' is not an image: use one of "
                                   "default0, default1, slate; did you mean 'slate'?"]


def test_a_path_the_system_cannot_open_is_a_validation_error(tmp_path):
    conf = tmp_path / "conf.yaml"
    conf.write_text('edid: {file: "edid\\0.bin"}\n')
    with pytest.raises(ValidationError) as info:
        load(conf)
    assert info.value.problems == [f"{conf}:1:14: edid.file: cannot read {str(tmp_path / 'edid')!r}"[:-1]
                                   + "\\x00.bin': embedded null byte"]


def test_a_huge_file_is_refused_with_its_size(tmp_path):
    conf = site(tmp_path, edid=b"\x00" * (5 * 1024 * 1024))
    with pytest.raises(ValidationError) as info:
        load(conf)
    assert info.value.problems == [f"{conf}:3:9: edid.file: {str(conf.parent / 'edid' / 'custom.bin')!r}: "
                                   "the EDID file is 5 MB; the limit is 32 KiB"]


def test_an_image_over_the_read_cap_is_refused_unread_with_its_size(tmp_path):
    jpeg = tiny_jpeg()
    conf = site(tmp_path, image=jpeg[:-2] + b"\x00" * (5 * 1024 * 1024) + jpeg[-2:])
    with pytest.raises(ValidationError) as info:
        load(conf)
    image = repr(str(conf.parent / "img" / "slate.jpg"))
    assert info.value.problems == [f"{conf}:8:29: video.no_signal.images[0].file: {image}: the image is 5.0 MB; "
                                   "the limit is 4 MB"]
