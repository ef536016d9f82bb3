"""The HTTP layer itself: connection reuse, cookies, query encoding, size caps, and what it never does."""
import json
import logging
import select
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests
from urllib3 import encode_multipart_formdata

from usconf.client import transport
from usconf.client.transport import NoAnswer, NotUltraStream, Unreachable
from usconf.client.uploads import multipart
from usconf.secrets import Secret, remember

OK = b'{"result": 0}'


class Device:
    """A loopback HTTP/1.1 server; answer(handler) -> (status, headers, body, close_after)."""

    def __init__(self, answer):
        self.paths, self.cookies, self.closed = [], [], threading.Event()
        device = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _reply(self):
                length = int(self.headers.get("Content-Length") or 0)
                self.body = self.rfile.read(length) if length else b""
                device.paths.append(self.path)
                device.cookies.append(self.headers.get("Cookie"))
                status, headers, body, close = answer(self)
                self.send_response(status)
                for name, value in headers:
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(body)
                # closed without `Connection: close`: the client learns it only from the socket
                self.close_connection = close

            do_GET = do_POST = _reply

            def log_message(self, *args):
                pass

        class Server(ThreadingHTTPServer):
            def shutdown_request(self, request):
                super().shutdown_request(request)
                device.closed.set()

        self.server = Server(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def device():
    started = []

    def start(answer):
        started.append(Device(answer))
        return started[-1]
    yield start
    for server in started:
        server.stop()


def json_answer(body=OK, headers=(), close=False):
    return lambda handler: (200, [("Content-Type", "application/json"), ("Content-Length", str(len(body))),
                                  *headers], body, close)


def test_one_connection_carries_every_call(device, link):
    dev = device(json_answer())
    http = link(dev.url)
    for _ in range(5):
        assert http.send("get-status", {}) == {"result": 0}
    assert http.connections_opened() == {dev.url.split("//")[1]: 1}


def test_a_connection_the_device_closed_while_idle_is_replaced_before_a_write(device, link):
    dev = device(json_answer(close=True))
    http = link(dev.url)
    http.send("ping", {})
    assert dev.closed.wait(5)
    (pooled,) = http._connections._open.values()
    select.select([pooled.sock], [], [], 5)         # until the close has reached the client's socket
    # set-name is not repeated on failure: on the dead connection it would be NoAnswer
    assert http.send("set-name", {"name": "A"}) == {"result": 0}
    assert [p.split("&")[0] for p in dev.paths] == ["/usapi?method=ping", "/usapi?method=set-name"]
    assert http.connections_opened() == {dev.url.split("//")[1]: 2}


@pytest.mark.parametrize("value", ["a b&c=d", "é/ü?#%+~", "Hangar Seven\t", Secret("k=1&x")])
def test_the_query_is_encoded_as_requests_encoded_it(device, link, value):
    dev = device(json_answer())
    params = {"name": value, "id": 3, "is-use": True, "skipped": None}
    link(dev.url).send("set-name", params)
    query = [("method", "set-name"), ("name", value.reveal() if isinstance(value, Secret) else value), ("id", "3"),
             ("is-use", "1")]
    assert dev.paths == [requests.Request("GET", f"{dev.url}/usapi", params=query).prepare().path_url]


def test_cookies_the_device_sets_go_back_to_both_of_its_ports(device, link):
    sets = {"login": [("Set-Cookie", "sid=abc123; Path=/"), ("Set-Cookie", "lang=en; HttpOnly")],
            "logout": [("Set-Cookie", "lang=; Max-Age=0")]}

    def answer(handler):
        method = handler.path.split("method=")[1].split("&")[0]
        return json_answer(headers=sets.get(method, ()))(handler)
    main, cloud = device(answer), device(json_answer())
    http = link(main.url, cloud.url)
    http.send("login", {"id": "Admin", "pass": "x"})
    http.send("get-status", {})
    http.send("cloud-status", {"version": 1})
    http.send("logout", {})
    http.send("ping", {})
    http.clear_cookies()
    http.send("ping", {})
    assert main.cookies == [None, "sid=abc123; lang=en", "sid=abc123; lang=en", "sid=abc123", None]
    assert cloud.cookies == ["sid=abc123; lang=en"]


def test_an_answer_past_the_cap_is_refused(device, link, monkeypatch):
    monkeypatch.setattr(transport, "MAX_JSON_ANSWER", 1000)
    big = json.dumps({"result": 0, "pad": "x" * 2000}).encode()
    said = device(json_answer(big))
    unsaid = device(lambda handler: (200, [("Content-Type", "application/json")], big, True))   # length unsaid
    for dev in (said, unsaid):
        with pytest.raises(NotUltraStream) as err:
            link(dev.url).send("get-settings", {})
        assert str(err.value) == f"{dev.url} is not an Ultra Stream (an answer over 1000 bytes)"


def test_a_file_answer_may_be_larger_than_json(device, link, monkeypatch):
    monkeypatch.setattr(transport, "MAX_JSON_ANSWER", 1000)
    data = bytes(range(256)) * 20
    dev = device(lambda handler: (200, [("Content-Type", "application/octet-stream"), ("Content-Length", str(len(data))),
                                        ("Content-Disposition", 'attachment; filename="edid.bin"')], data, False))
    assert link(dev.url).send("export-edid", {}) == {"result": 0, "data": data, "filename": "edid.bin"}


def test_an_answer_cut_short_is_no_answer(link):
    listener = socket.create_server(("127.0.0.1", 0))
    base = f"http://127.0.0.1:{listener.getsockname()[1]}"

    def serve():
        conn, _ = listener.accept()
        conn.recv(65536)
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"result\"")
        conn.close()
    threading.Thread(target=serve, daemon=True).start()
    try:
        with pytest.raises(NoAnswer) as err:
            link(base).send("set-name", {"name": "A"})
    finally:
        listener.close()
    assert str(err.value) == f"{base} closed the connection without answering set-name"
    assert err.value.__cause__ is None and err.value.__suppress_context__


def test_an_https_base_fails_as_unreachable(device, link):
    dev = device(json_answer())
    base = dev.url.replace("http://", "https://")
    with pytest.raises(Unreachable) as err:
        link(base).send("ping", {})
    assert str(err.value) == f"cannot reach {base}: connection failed"


def test_a_proxy_from_the_environment_is_not_used(device, link, monkeypatch):
    proxy, dev = device(json_answer()), device(json_answer())
    for name in ("HTTP_PROXY", "http_proxy", "ALL_PROXY"):
        monkeypatch.setenv(name, proxy.url)
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    link(dev.url).send("ping", {})
    assert proxy.paths == [] and dev.paths == ["/usapi?method=ping"]


def test_the_debug_log_masks_secrets_by_name_and_by_value(device, link, caplog):
    caplog.set_level(logging.DEBUG, logger="usconf.client")
    remember("Hangar Seven")
    dev = device(json_answer())
    link(dev.url).send("add-server", {"name": "Hangar Seven encoder", "key": "sk-live-123", "url": "rtmp://h/x"})
    assert "Hangar Seven" not in caplog.text and "sk-live-123" not in caplog.text
    assert "(sensitive) encoder" in caplog.text


def test_json_bodies_and_uploads_are_posted_with_their_type(device, link):
    seen = []

    def answer(handler):
        seen.append((handler.command, handler.headers["Content-Type"], handler.body))
        return json_answer()(handler)
    dev = device(answer)
    link(dev.url).send("del-media-files", {}, json_body={"disk-type": 1, "media-files": ["a.mp4"]})
    assert seen == [("POST", "application/json;charset=UTF-8", b'{"disk-type": 1, "media-files": ["a.mp4"]}')]


@pytest.mark.parametrize("filename, data", [("lobby.jpg", b"\xff\xd8\x00\r\n--"), ('a "b"\r\né.bin', b"")])
def test_the_multipart_body_is_what_urllib3_made(filename, data):
    ours = multipart("file", filename, data, "image/jpeg", boundary="0f1e2d3c")
    assert ours == encode_multipart_formdata({"file": (filename, data, "image/jpeg")}, boundary="0f1e2d3c")
