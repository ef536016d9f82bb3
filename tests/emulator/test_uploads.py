"""Uploads as multipart forms or raw bodies: no-signal JPEGs, EDID files, firmware packages."""
import base64

import pytest

from tests.emulator.helpers import edid_bytes, jpeg, logged_in
from usconf.emulator.firmware import make_mwf


def user_images(api):
    return [f for f in api.call("get-settings")["nosignal-files"] if f["is-edit"]]


def test_jpeg_upload_as_multipart_becomes_a_user_image(emulator):
    api = logged_in(emulator)
    answer = api.post("add-nosignal-file", files={"file": ("slate.jpg", jpeg(1920, 1080), "image/jpeg")})
    assert answer["result"] == 0
    [image] = user_images(api)
    assert image["file-path"] == "/no-signal/slate.jpg" and image["is-use"] == 0


def test_jpeg_upload_as_raw_body(emulator):
    api = logged_in(emulator)
    answer = api.http.post(f"{emulator.url}/usapi", params={"method": "add-nosignal-file", "file-name": "raw.jpg"},
                           data=jpeg(640, 480), headers={"Content-Type": "image/jpeg"}).json()
    assert answer["result"] == 0
    assert [i["file-path"] for i in user_images(api)] == ["/no-signal/raw.jpg"]


@pytest.mark.parametrize("data", [
    jpeg(1921, 1080),                       # wider than 1920
    jpeg(1920, 1081),                       # taller than 1080
    jpeg(640, 480, pad=1024 * 1024),        # over 1 MB
    b"\x89PNG\r\n\x1a\n" + b"\0" * 100,     # not a JPEG
    jpeg(640, 480)[:-2],                    # no end marker
], ids=["too-wide", "too-tall", "too-big", "png", "truncated"])
def test_bad_image_is_err_file_and_nothing_is_added(emulator, data):
    api = logged_in(emulator)
    assert api.post("add-nosignal-file", files={"file": ("x.jpg", data)})["result"] == -15
    assert user_images(api) == []


def test_images_are_chosen_and_deleted_but_defaults_stay(emulator):
    api = logged_in(emulator)
    ident = api.post("add-nosignal-file", files={"file": ("a.jpg", jpeg(64, 64))})["id"]
    assert api.result("set-nosignal-file", id=ident) == 0
    files = api.call("get-settings")["nosignal-files"]
    assert [f["is-use"] for f in files] == [0, 0, 1]
    assert api.result("del-nosignal-file", id=0) == -26
    assert api.result("del-nosignal-file", id=ident) == 0
    assert [f["file-path"] for f in api.call("get-settings")["nosignal-files"]] == [
        "/no-signal/default0.jpg", "/no-signal/default1.jpg"]


def test_edid_import_shows_in_config_and_default_restores(emulator):
    api = logged_in(emulator)
    default = api.call("get-edid-config")["data"]
    mine = edid_bytes(blocks=2)
    assert api.post("import-edid", files={"file": ("mine.bin", mine)})["result"] == 0
    assert base64.b64decode(api.call("get-edid-config")["data"]) == mine
    exported = api.http.get(f"{emulator.url}/usapi", params={"method": "export-edid", "file-name": "e.bin"})
    assert exported.content == mine
    assert api.call("set-default-edid")["data"] == default
    assert api.call("get-edid-config")["data"] == default


@pytest.mark.parametrize("data", [edid_bytes(break_checksum=True), edid_bytes()[:100], b"\0" * 128,
                                  edid_bytes(blocks=2)[:128]],
                         ids=["checksum", "short", "header", "missing-extension"])
def test_malformed_edid_is_err_file(emulator, data):
    api = logged_in(emulator)
    before = api.call("get-edid-config")
    assert api.post("import-edid", files={"file": ("bad.bin", data)})["result"] == -15
    assert api.call("get-edid-config") == before


def test_sdi_model_has_no_edid(emulator_factory):
    api = logged_in(emulator_factory(model="sdi"))
    assert api.call("get-info")["product"]["module-name"] == "Ultra Stream SDI"
    assert api.result("get-edid-config") == -4
    assert api.post("import-edid", files={"file": ("e.bin", edid_bytes())})["result"] == -4


def test_firmware_for_this_model_is_accepted(emulator):
    api = logged_in(emulator)
    answer = api.post("upload-update-file", files={"file": ("fw.mwf", make_mwf("hdmi", "1.6.130", 4096))})
    assert answer == {"result": 0, "status": 0, "up-to-date": False, "version": "1.6.130", "size": 4096}
    older = api.post("upload-update-file", files={"file": ("fw.mwf", make_mwf("hdmi", "1.1.72"))})
    assert older["up-to-date"] is True


def test_firmware_for_the_other_model_is_refused(emulator):
    api = logged_in(emulator)
    assert api.post("upload-update-file", files={"file": ("fw.mwf", make_mwf("sdi", "1.6.130"))})["result"] == -34
    assert api.post("upload-update-file", files={"file": ("fw.mwf", b"not firmware")})["result"] == -15
    assert api.result("update", mode="upload") == -14
