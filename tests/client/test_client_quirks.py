"""Answers real firmware gives that the happy path does not: odd codes, `status` for `result`, 404s."""
import pytest

from usconf.client import UncertainWrite, UnsupportedMethod
from usconf.emulator.firmware import make_mwf
from usconf.errors import AuthenticationFailed, ConnectionFailed, DeviceError

OK = (200, '{"result": 0}')


def test_login_refused_with_36_as_the_login_page_says(fake_device, fast_client):
    url = fake_device(lambda method, q: (200, '{"result": 36}') if method == "login" else OK)
    with pytest.raises(AuthenticationFailed, match="wrong username or password"):
        fast_client(url).get_info()


def test_firmware_answer_with_status_instead_of_result(fake_device, fast_client, tmp_path):
    answers = {"upload-update-file": (200, '{"status": -34, "up-to-date": false}')}
    url = fake_device(lambda method, q: answers.get(method, OK))
    image = tmp_path / "fw.mwf"
    image.write_bytes(b"MWF" + bytes(1000))
    with pytest.raises(DeviceError) as err:
        fast_client(url).upload_firmware(str(image))
    assert (err.value.code, err.value.name) == (-34, "errMWFUnsupported")
    answers["upload-update-file"] = (200, '{"status": 0, "up-to-date": false, "version": "1.6.130"}')
    assert fast_client(url).upload_firmware(str(image))["version"] == "1.6.130"


def test_404_for_a_method_on_a_device_that_answers_ping(fake_device, fast_client):
    url = fake_device(lambda method, q: (404, "") if method == "get-loop-through-edid" else OK)
    with pytest.raises(UnsupportedMethod, match="this firmware has no method 'get-loop-through-edid'"):
        fast_client(url).call("get-loop-through-edid")


def test_server_error_on_a_write_that_must_not_be_doubled(fake_device, fast_client):
    sent = []

    def answer(method, q):
        sent.append(method)
        return (500, "") if method == "add-server" else OK
    url = fake_device(answer)
    with pytest.raises(UncertainWrite) as err:
        fast_client(url).call("add-server", type=0, name="A", url="rtmp://127.0.0.1/a", key="k")
    assert err.value.method == "add-server"
    assert sent == ["login", "add-server"]


def test_server_error_on_a_read_is_retried_then_reported(fake_device, fast_client):
    sent = []

    def answer(method, q):
        sent.append(method)
        return (503, "") if method == "get-status" else OK
    url = fake_device(answer)
    with pytest.raises(ConnectionFailed, match="answered HTTP 503 to get-status"):
        fast_client(url).get_status()
    assert sent == ["login"] + ["get-status"] * 3


def test_positive_codes_are_returned_not_raised(emulator, fast_client):
    dev = fast_client(emulator.url)
    assert dev.call("start-rec")["result"] == 0
    assert dev.call("start-rec")["result"] == 1     # retRepeat: already recording


def test_firmware_upload_to_the_emulator_with_progress(emulator, fast_client, tmp_path):
    seen = []
    dev = fast_client(emulator.url, on_progress=lambda what, done, total: seen.append((done, total)))
    wrong, right = tmp_path / "sdi.mwf", tmp_path / "hdmi.mwf"
    wrong.write_bytes(make_mwf("sdi", "1.6.200", size=200_000))
    right.write_bytes(make_mwf("hdmi", "1.6.200", size=200_000))
    with pytest.raises(DeviceError) as err:
        dev.upload_firmware(str(wrong))
    assert err.value.code == -34
    seen.clear()
    body = dev.upload_firmware(str(right))
    assert (body["version"], body["up-to-date"]) == ("1.6.200", False)
    assert seen[-1][0] == seen[-1][1] and len(seen) > 1
