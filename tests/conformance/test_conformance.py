"""What the client assumes of a device, checked on the emulator or on real hardware.

By default this runs against the emulator. With USCONF_TEST_DEVICE=http://... it runs
against that device instead (credentials from USCONF_TEST_USERNAME / USCONF_TEST_PASSWORD,
cloud port from USCONF_TEST_CLOUD_PORT), read-only unless USCONF_TEST_DEVICE_WRITE=1.
"""
import os
from types import SimpleNamespace

import pytest
import requests

from usconf.client import Client, RetryPolicy
from usconf.client.methods import md5_secret
from usconf.errors import AuthenticationFailed

pytestmark = pytest.mark.device


@pytest.fixture
def device(request):
    url = os.environ.get("USCONF_TEST_DEVICE")
    if url:
        return SimpleNamespace(
            url=url.rstrip("/"), username=os.environ.get("USCONF_TEST_USERNAME", "Admin"),
            password=os.environ.get("USCONF_TEST_PASSWORD", "Admin"),
            cloud_port=int(os.environ.get("USCONF_TEST_CLOUD_PORT", "8070")), cloud_url=None,
            writes=os.environ.get("USCONF_TEST_DEVICE_WRITE") == "1")
    emu = request.getfixturevalue("emulator")
    return SimpleNamespace(url=emu.url, username="Admin", password="Admin", cloud_port=None,
                           cloud_url=emu.cloud_url, writes=True)


@pytest.fixture
def client(device):
    kwargs = {"cloud_url": device.cloud_url} if device.cloud_url else {"cloud_port": device.cloud_port}
    with Client(device.url, device.username, device.password, timeout=10,
                retries=RetryPolicy(attempts=3, backoff=0.2), **kwargs) as dev:
        yield dev


@pytest.fixture
def writes(device):
    if not device.writes:
        pytest.skip("writes to a real device need USCONF_TEST_DEVICE_WRITE=1")


def raw(device, http, method, **params):
    resp = http.get(f"{device.url}/usapi", params={"method": method, **params}, timeout=10)
    assert resp.status_code == 200
    return resp.json()


def test_ping_answers_without_a_session(device):
    body = raw(device, requests.Session(), "ping")
    assert int(body["result"]) == 0 and isinstance(body["cur-status"], int)


def test_session_cookie_lifecycle(device):
    http = requests.Session()
    assert int(raw(device, http, "get-status")["result"]) == -17
    login = raw(device, http, "login", id=device.username, **{"pass": md5_secret(device.password).reveal()})
    assert int(login["result"]) == 0 and http.cookies.get("sid")
    assert int(raw(device, http, "get-status")["result"]) == 0
    assert int(raw(device, http, "logout")["result"]) == 0
    assert int(raw(device, http, "get-status")["result"]) == -17


def test_wrong_password_is_refused(device):
    with pytest.raises(AuthenticationFailed):
        Client(device.url, device.username, device.password + "-not", timeout=10).login()


def test_get_info_shape(client):
    info = client.get_info()
    product = info["product"]
    assert product["sn"] and product["firmware-ver-s"] and product["module-name"].startswith("Ultra Stream")
    assert set(info["mac-addr"]) >= {"eth", "wifi"}
    cap = info["codec-cap"]
    assert all({"w", "h"} <= set(r) for r in cap["resolutions"])
    for key in ("durations", "video-kbps", "audio-kbps", "gop-sec", "profile"):
        assert cap[key] and all({"name", "value"} <= set(item) for item in cap[key])


def test_get_status_shape(client):
    status = client.get_status()
    assert isinstance(status["cur-status"], int)
    for key in ("rec-status", "live-status", "upgrade-status", "input-signal", "usb", "sd", "eth"):
        assert isinstance(status[key], dict), key
    assert "result" in status["rec-status"] and "result2" in status["live-status"]
    assert {"cx", "cy", "frame-rate"} <= set(status["input-signal"])
    assert {"disk-status", "free-size", "total-size"} <= set(status["usb"])


def test_get_settings_shape(client):
    settings = client.get_settings()
    assert isinstance(settings["name"], str)
    for server in settings["stream-server"]:
        assert {"id", "type", "name", "is-use"} <= set(server)
    assert {"cx", "cy", "duration", "kbps", "gop", "profile"} <= set(settings["main-stream"])
    assert isinstance(settings["send-file-cloud"], list)
    assert {"id", "file-path"} <= set(settings["nosignal-files"][0])


def test_get_users_lists_an_administrator(client):
    users = client.get_users()["users"]
    assert any(u["type"] == 1 for u in users)
    assert all(set(u) >= {"id", "type"} for u in users)


def test_cloud_status_shape(client):
    body = client.cloud_status()
    assert body["result"] >= 0
    assert all({"id", "cloud-reg-status", "cloud-status"} <= set(slot) for slot in body["status"])


def test_name_write_round_trip(client, writes):
    original = client.get_settings()["name"]
    try:
        client.set_name("usconf conformance")
        assert client.wait_for(lambda: client.get_settings()["name"] == "usconf conformance", timeout=10)
    finally:
        client.set_name(original)


def test_server_add_and_delete_exactly_once(client, writes):
    from usconf.apply.once import send
    from usconf.plan.records import Call
    name = "usconf-conformance"
    target = {"list": "stream-server", "key": {"name": name}, "label": name}
    send(client, Call("add-server", {"type": "0", "name": name, "url": "rtmp://127.0.0.1/usconf-test",
                                     "key": "conformance"}, "conformance"))
    try:
        client.wait_for(lambda: [s for s in client.get_settings()["stream-server"] if s["name"] == name], 10)
    finally:
        send(client, Call("del-server", {}, "conformance", target=target))
    assert not [s for s in client.get_settings()["stream-server"] if s["name"] == name]
