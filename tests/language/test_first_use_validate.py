"""validate as a new user meets it: what passes validate also plans, and YAML's surprises are read kindly."""
import pytest

from tests.emulator.helpers import jpeg
from usconf.cli import main
from usconf.emulator.factory import info as factory_info
from usconf.emulator.group import running
from usconf.errors import ValidationError
from usconf.language.load import load_text


def validate(capsys, *args):
    with pytest.raises(SystemExit) as info:
        main(["validate", *map(str, args)])
    return (info.value.code, *capsys.readouterr())


def test_a_host_name_as_cloud_address_is_refused_by_validate_at_its_line(tmp_path, capsys):
    path = tmp_path / "cloud.yaml"
    path.write_text("usconf: 1\ncloud:\n  - slot: 0\n    address: cloud.example.net\n    http_port: 80\n")
    code, out, _ = validate(capsys, path)
    assert code == 1
    assert out.splitlines()[0] == (
        f"{path}:4:14: cloud[0].address: 'cloud.example.net' is not an IPv4 address: the device registers "
        "with an IP address (cloud-ip-addr), not a host name")


def test_an_ipv4_cloud_address_still_validates(tmp_path, capsys):
    path = tmp_path / "cloud.yaml"
    path.write_text("usconf: 1\ncloud:\n  - slot: 0\n    address: 192.0.2.7\n")
    assert validate(capsys, path)[0] == 0


def test_usb_off_unquoted_is_read_as_off():
    desired = load_text("usconf: 1\nrecording:\n  usb: off\n  sd: off\n")
    assert desired.canonical["recording"]["usb"] == "off" and desired.canonical["recording"]["sd"] == "off"


def test_sd_on_unquoted_is_named_as_written_in_the_message():
    with pytest.raises(ValidationError) as info:
        load_text("usconf: 1\nrecording:\n  sd: on\n", name="box.yaml")
    assert info.value.problems == ["box.yaml:3:7: recording.sd: 'on' is not allowed; use one of: off, record, loop"]


def test_no_signal_image_limits_come_from_the_device_get_info(tmp_path):
    image = tmp_path / "slate.jpg"
    image.write_bytes(jpeg(640, 360, pad=600 * 1024))       # over get-info's 512 KB, under the prose's 1 MB
    doc = "usconf: 1\nvideo:\n  no_signal:\n    images:\n      - name: slate\n        file: slate.jpg\n"
    with pytest.raises(ValidationError) as info:
        load_text(doc, name="box.yaml", base_dir=tmp_path)
    assert "at most 524288 bytes (512 KB)" in info.value.problems[0]
    roomy = factory_info("hdmi", "C301181214002")
    roomy["nosignal"]["max-size-kb"] = 1024
    assert load_text(doc, name="box.yaml", base_dir=tmp_path, info=roomy).canonical["video"]["no_signal"]


def test_no_signal_image_count_follows_get_info_max_count(tmp_path):
    for name in ("a", "b", "c"):
        (tmp_path / f"{name}.jpg").write_bytes(jpeg(64, 64))
    doc = "usconf: 1\nvideo:\n  no_signal:\n    images:\n" + "".join(
        f"      - name: {n}\n        file: {n}.jpg\n" for n in "abc")
    with pytest.raises(ValidationError) as info:
        load_text(doc, name="box.yaml", base_dir=tmp_path)           # max-count 4: the 2 built-ins and 2 more
    assert any("at most 2 user no-signal images" in p for p in info.value.problems)
    bigger = factory_info("hdmi", "C301181214002")
    bigger["nosignal"]["max-count"] = 5
    load_text(doc, name="box.yaml", base_dir=tmp_path, info=bigger)


def test_emulator_refuses_an_image_over_its_get_info_size():
    with running() as group:
        backend = group.backend
        answer = backend.handle("add-nosignal-file", {}, None, {"file": ("big.jpg", jpeg(64, 64, pad=600 * 1024))})
    assert answer["result"] == -15
