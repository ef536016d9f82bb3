"""Never crashes, never corrupts: garbage in gets an error code or an HTTP error; concurrency is safe."""
import http.client
import socket
import threading

import pytest

from tests.emulator.helpers import Api, logged_in, rtmp
from usconf.emulator import Backend
from usconf.emulator.api import METHODS


def raw(emu, payload):
    with socket.create_connection((emu.host, emu.port), timeout=5) as conn:
        conn.sendall(payload)
        return conn.recv(4096)


def test_garbage_http_gets_400_and_the_device_keeps_serving(emulator):
    # Python before 3.10 answers a request line it cannot read the HTTP/0.9 way: the
    # error page without a status line. Either way the answer is error 400.
    for garbage in (b"\x16\x03\x01 a TLS hello is not HTTP\r\n\r\n", b"NOT HTTP AT ALL\r\n\r\n"):
        answer = raw(emulator, garbage)
        assert b" 400 " in answer or b"Error code: 400" in answer
    assert Api(emulator.url).call("ping")["result"] == 0


def test_unknown_path_is_404(emulator):
    conn = http.client.HTTPConnection(emulator.host, emulator.port, timeout=5)
    conn.request("GET", "/index.html")
    assert conn.getresponse().status == 404


def test_oversized_body_is_413_without_reading_it(emulator):
    conn = http.client.HTTPConnection(emulator.host, emulator.port, timeout=5)
    conn.putrequest("POST", "/usapi?method=add-nosignal-file")
    conn.putheader("Content-Length", str(17 * 1024 * 1024))
    conn.endheaders()
    assert conn.getresponse().status == 413
    conn = http.client.HTTPConnection(emulator.host, emulator.port, timeout=5)
    conn.putrequest("POST", "/usapi?method=upload-update-file")
    conn.putheader("Content-Length", str(65 * 1024 * 1024))
    conn.endheaders()
    assert conn.getresponse().status == 413


@pytest.mark.parametrize("params", [{}, {"method": ""}, {"method": "set-name"}, {"method": "set-video", "kbps": "x"},
                                    {"method": "set-video", "stream": "9"}, {"method": "enable-server", "id": "-1"},
                                    {"method": "set-name", "name": "\u00e9\u00e8"}])
def test_bad_parameters_get_err_param_family_codes(emulator, params):
    api = logged_in(emulator)
    answer = api.http.get(f"{emulator.url}/usapi", params=params, timeout=5).json()
    assert answer["result"] in (-10, -14, -28)


def test_form_encoded_post_works_like_get(emulator):
    api = logged_in(emulator)
    answer = api.http.post(f"{emulator.url}/usapi", data={"method": "set-name", "name": "Posted"}, timeout=5)
    assert answer.json()["result"] == 0
    assert api.call("get-settings")["name"] == "Posted"


def test_bad_json_bodies_are_err_param(emulator):
    api = logged_in(emulator)
    assert api.post("del-media-files", data=b"{not json", headers={"Content-Type": "application/json"})["result"] == -10
    assert api.post("send-file-add", json={"disk-type": 1})["result"] == -10


# Plausible parameters for every method, so each one gets past parameter parsing.
SAMPLE = {"id": "0", "name": "x", "type": "0", "url": "rtmp://h/l", "key": "k", "is-use": "1", "mode": "upload",
          "disk-type": "1", "stream": "0", "rec": "0", "live": "0", "mws": "0", "version": "1",
          "cloud-code": "1234", "cloud-ip-addr": "10.0.0.1", "is-pass": "0", "enable-passwd": "0"}


@pytest.mark.parametrize("method", sorted(METHODS))
def test_every_method_answers_with_a_result_code(method):
    answer = Backend().handle(method, dict(SAMPLE))
    assert isinstance(answer["result"], int) and answer["result"] != -18, answer


def sharing(emu, first):
    """A new client (own connection) on `first`'s session: the device allows 8 sessions, not 20."""
    api = Api(emu.url)
    api.http.cookies.update(first.http.cookies)
    return api


def test_twenty_threads_adding_servers_get_exactly_sixteen(emulator):
    results, barrier = [], threading.Barrier(20)
    admin = logged_in(emulator)

    def add(n):
        api = sharing(emulator, admin)
        barrier.wait()
        results.append(api.result("add-server", **rtmp(f"s{n}", key=f"k{n}")))

    threads = [threading.Thread(target=add, args=(n,)) for n in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sorted(results).count(0) == 16 and results.count(-10) == 4
    servers = logged_in(emulator).call("get-settings")["stream-server"]
    assert len(servers) == 16 and len({s["id"] for s in servers}) == 16


def test_twenty_threads_hammering_reads_and_writes_see_no_errors(emulator):
    errors = []
    admin = logged_in(emulator)

    def hammer(n):
        try:
            api = sharing(emulator, admin)
            for i in range(15):
                assert api.result("set-name", name=f"n{n}-{i}") == 0
                body = api.call("get-settings")
                assert body["result"] == 0 and body["name"].startswith("n")
                assert api.result("get-status") == 0
        except Exception as exc:        # collected: an assertion in a thread would be lost
            errors.append(repr(exc))

    threads = [threading.Thread(target=hammer, args=(n,)) for n in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
