"""Hostile or careless clients cannot forge headers, hold the emulator with idle sockets, or make it read
bodies it does not want. Loopback only; waits are liveness bounds ("answers within 5 s"), not timings."""
import contextlib
import http.client
import json
import select
import socket
import threading
import time

import pytest
import requests

from tests.emulator.helpers import Api, jpeg, logged_in, md5
from usconf.emulator import Limits

WAIT = 5.0      # generous bound for "the emulator answers / closes at all"


def connect(emu, timeout=WAIT):
    return socket.create_connection((emu.host, emu.port), timeout=timeout)


class Answers:
    """HTTP answers read one by one from a raw socket: (status, header lines, body)."""

    def __init__(self, sock):
        self.sock, self.data = sock, b""

    def _more(self):
        chunk = self.sock.recv(65536)
        if not chunk:
            raise ConnectionError(f"closed after {self.data!r}")
        self.data += chunk

    def next(self):
        while b"\r\n\r\n" not in self.data:
            self._more()
        head, self.data = self.data.split(b"\r\n\r\n", 1)
        lines = head.decode("latin-1").split("\r\n")
        headers = [tuple(line.split(": ", 1)) for line in lines[1:]]
        length = int({k.lower(): v for k, v in headers}.get("content-length", "0"))
        while len(self.data) < length:
            self._more()
        body, self.data = self.data[:length], self.data[length:]
        return int(lines[0].split()[1]), headers, body


def read_answer(sock):
    return Answers(sock).next()


def closed_by_peer(sock, within):
    """True once the emulator has closed `sock` (EOF or reset) within `within` seconds."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        readable, _, _ = select.select([sock], [], [], max(0.0, deadline - time.monotonic()))
        if readable:
            try:
                if sock.recv(65536) == b"":
                    return True
            except ConnectionError:
                return True
    return False


def sid_cookie(emu):
    api = logged_in(emu)
    return f"sid={api.http.cookies['sid']}"


def post_head(method, length, cookie=None, extra=""):
    lines = [f"POST /usapi?method={method} HTTP/1.1", "Host: 127.0.0.1", f"Content-Length: {length}",
             "Content-Type: application/octet-stream"]
    if cookie:
        lines.append(f"Cookie: {cookie}")
    if extra:
        lines.append(extra)
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


# --- 1. header values ---------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["export-edid", "export-loop-through-edid", "export-report"])
def test_a_file_name_with_cr_lf_cannot_add_a_header(emulator, method):
    cookie = sid_cookie(emulator)
    evil = "x.bin%0D%0ASet-Cookie:%20sid=forged%0D%0AX-Injected:%201"
    with connect(emulator) as sock:
        sock.sendall(f"GET /usapi?method={method}&file-name={evil} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                     f"Cookie: {cookie}\r\n\r\n".encode())
        status, headers, body = read_answer(sock)
    names = [name.lower() for name, *_ in headers]
    assert status == 200
    assert "x-injected" not in names and "set-cookie" not in names
    assert json.loads(body) == {"result": -10}


def test_file_names_with_quotes_and_non_latin_letters_are_sent_safely(emulator):
    api = logged_in(emulator)
    name = 'Studio "A" \u20ac\u00e9.bin'
    answer = api.http.get(f"{emulator.url}/usapi", params={"method": "export-edid", "file-name": name}, timeout=WAIT)
    assert answer.status_code == 200 and answer.content[:8] == b"\x00\xff\xff\xff\xff\xff\xff\x00"
    assert answer.headers["Content-Disposition"] == (
        'attachment; filename="Studio \\"A\\" __.bin"; '
        "filename*=UTF-8''Studio%20%22A%22%20%E2%82%AC%C3%A9.bin")


def test_a_plain_file_name_is_sent_as_given(emulator):
    api = logged_in(emulator)
    answer = api.http.get(f"{emulator.url}/usapi", params={"method": "export-report", "file-name": "r-1.html"},
                          timeout=WAIT)
    assert answer.headers["Content-Disposition"] == 'attachment; filename="r-1.html"'


# --- 2. idle connections, the worker pool, keep-alive --------------------------------------------


def test_300_idle_connections_hold_no_threads_and_others_still_get_answers(emulator):
    before = threading.active_count()
    with contextlib.ExitStack() as stack:
        idle = [stack.enter_context(connect(emulator)) for _ in range(150)]
        # Half of them start a request and never finish it.
        trickling = [stack.enter_context(connect(emulator)) for _ in range(150)]
        for sock in trickling:
            sock.sendall(b"GET /usapi?method=ping HTTP/1.1\r\nHost: 12")
        api = Api(emulator.url)
        assert api.login() == 0                                     # requests' timeout is 10 s
        assert api.call("get-status")["result"] == 0
        assert len(idle) + len(trickling) == 300
        assert threading.active_count() - before <= Limits().workers
        assert len(emulator.devices[0].connections) == 301


def test_an_idle_connection_is_closed_after_the_idle_timeout(emulator_factory):
    emu = emulator_factory(limits=Limits(idle_timeout=0.3))
    with connect(emu) as silent, connect(emu) as used:
        used.sendall(b"GET /usapi?method=ping HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        assert read_answer(used)[0] == 200
        assert closed_by_peer(silent, WAIT)
        assert closed_by_peer(used, WAIT)
    assert Api(emu.url).call("ping")["result"] == 0


def test_a_request_trickling_in_byte_by_byte_is_closed_by_the_timeout(emulator_factory):
    emu = emulator_factory(limits=Limits(idle_timeout=0.3))
    with connect(emu) as sock:
        deadline = time.monotonic() + WAIT
        closed = False
        for byte in b"GET /usapi?method=ping HTTP/1.1\r\nX-Slow: " + b"a" * 1000:
            try:
                sock.sendall(bytes([byte]))
            except ConnectionError:
                closed = True
                break
            if closed_by_peer(sock, 0.05) or time.monotonic() > deadline:
                closed = time.monotonic() <= deadline
                break
        assert closed


def test_keep_alive_serves_many_requests_on_one_connection(emulator):
    conn = http.client.HTTPConnection(emulator.host, emulator.port, timeout=WAIT)
    conn.request("GET", f"/usapi?method=login&id=Admin&pass={md5('Admin')}")
    answer = conn.getresponse()
    cookie = answer.getheader("Set-Cookie").split(";")[0]
    answer.read()
    sock = conn.sock
    for method in ("get-status", "get-settings", "ping", "get-info"):
        conn.request("GET", f"/usapi?method={method}", headers={"Cookie": cookie})
        answer = conn.getresponse()
        assert json.loads(answer.read())["result"] == 0
    assert conn.sock is sock        # never reconnected
    assert len(emulator.devices[0].connections) == 1
    conn.close()


def test_pipelined_requests_are_all_answered_in_order(emulator):
    with connect(emulator) as sock:
        sock.sendall(b"GET /usapi?method=ping HTTP/1.1\r\nHost: a\r\n\r\n"
                     b"GET /usapi?method=get-status HTTP/1.1\r\nHost: a\r\n\r\n"
                     b"GET /usapi?method=ping HTTP/1.1\r\nHost: a\r\n\r\n")
        answers = Answers(sock)
        results = [json.loads(answers.next()[2])["result"] for _ in range(3)]
    assert results == [0, -17, 0]


def test_a_client_that_does_not_read_its_answers_holds_up_no_one(emulator):
    cookie = sid_cookie(emulator)
    request = f"GET /usapi?method=get-report HTTP/1.1\r\nHost: a\r\nCookie: {cookie}\r\n\r\n".encode()
    with socket.socket() as greedy:
        greedy.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 65536)    # no growing to hold it all
        greedy.settimeout(WAIT)
        greedy.connect((emulator.host, emulator.port))
        greedy.sendall(request * 400)       # about 8 MB of answers, twice what the sockets can hold
        deadline = time.monotonic() + WAIT  # until the emulator has answers for it the socket will not take
        while not any(conn.unsent for conn in emulator.hub.conns.values()) and time.monotonic() < deadline:
            time.sleep(0.01)
        api = logged_in(emulator)
        assert [api.call("ping")["result"] for _ in range(20)] == [0] * 20
        answers = Answers(greedy)
        bodies = [answers.next() for _ in range(400)]
    assert all(status == 200 and body.startswith(b'<div class="report-summary">') for status, _, body in bodies)


def test_a_device_with_latency_holds_up_no_other_device(emulator_factory):
    emu = emulator_factory(count=2)
    emu.devices[0].faults.latency_ms = 3000
    slow = threading.Thread(target=lambda: Api(emu.devices[0].url).call("ping"))
    slow.start()
    try:
        assert Api(emu.devices[1].url).call("ping")["result"] == 0
        assert slow.is_alive()      # device 1 answered while device 0 was still sleeping on its request
    finally:
        slow.join(WAIT)


def test_past_the_connection_cap_the_longest_waiting_connection_makes_room(emulator_factory):
    emu = emulator_factory(limits=Limits(max_connections=20))
    with contextlib.ExitStack() as stack:
        socks = [stack.enter_context(connect(emu)) for _ in range(40)]
        assert Api(emu.url).call("ping")["result"] == 0
        assert closed_by_peer(socks[0], WAIT)
        assert len(emu.devices[0].connections) <= 20


def test_one_worker_still_serves_many_clients_in_turn(emulator_factory):
    emu = emulator_factory(limits=Limits(workers=1))
    apis = [logged_in(emu) for _ in range(4)]
    results = []

    def run(api):
        for _ in range(20):
            results.append(api.call("get-status")["result"])

    threads = [threading.Thread(target=run, args=(api,)) for api in apis]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert results == [0] * 80


# --- 3. bodies: size caps and the session first ---------------------------------------------------


@pytest.mark.parametrize(("method", "length"), [("set-name", 2 ** 40), ("upload-update-file", 64 * 2 ** 20 + 1),
                                                ("login", 1024 * 1024), ("add-nosignal-file", 16 * 2 ** 20 + 1)])
def test_a_body_over_its_cap_is_413_before_a_byte_of_it_is_sent(emulator, method, length):
    cookie = sid_cookie(emulator)
    with connect(emulator) as sock:
        sock.sendall(post_head(method, length, cookie))
        status, headers, _ = read_answer(sock)
        assert status == 413
        assert ("Connection", "close") in headers
        assert closed_by_peer(sock, WAIT)


@pytest.mark.parametrize("method", ["set-name", "add-nosignal-file", "import-edid", "upload-update-file", ""])
def test_without_a_session_a_body_is_answered_minus_17_before_it_is_sent(emulator, method):
    with connect(emulator) as sock:
        sock.sendall(post_head(method, 8 * 1024 * 1024))
        status, _, body = read_answer(sock)
    assert status == 200 and json.loads(body) == {"result": -17}
    assert emulator.requests[-1]["result"] == -17


def test_a_forged_or_expired_session_does_not_get_a_body_read_either(emulator):
    with connect(emulator) as sock:
        sock.sendall(post_head("upload-update-file", 32 * 1024 * 1024, cookie="sid=0123456789abcdef"))
        status, _, body = read_answer(sock)
    assert status == 200 and json.loads(body) == {"result": -17}


def test_without_a_session_no_100_continue_invites_the_body(emulator):
    with connect(emulator) as sock:
        sock.sendall(post_head("upload-update-file", 1024 * 1024, extra="Expect: 100-continue"))
        status, _, body = read_answer(sock)
    assert status == 200 and json.loads(body) == {"result": -17}


def test_with_a_session_100_continue_invites_the_body_and_it_is_used(emulator):
    cookie = sid_cookie(emulator)
    image = jpeg(64, 48)
    with connect(emulator) as sock:
        sock.sendall(post_head("add-nosignal-file", len(image), cookie, extra="Expect: 100-continue"))
        answers = Answers(sock)
        assert answers.next()[0] == 100
        sock.sendall(image[:10])
        time.sleep(0.1)             # the rest comes later: the hub keeps reading it
        sock.sendall(image[10:])
        status, _, body = answers.next()
    assert status == 200 and json.loads(body)["result"] == 0


def test_a_client_without_a_session_reads_minus_17_after_sending_a_small_upload(emulator):
    # The body is refused unread, but the emulator lets the client finish sending it, so the client
    # reads the answer instead of a reset connection (and can log in and try again).
    answer = requests.post(f"{emulator.url}/usapi", params={"method": "add-nosignal-file"},
                           files={"file": ("a.jpg", jpeg(640, 480, pad=512 * 1024))}, timeout=WAIT)
    assert answer.json() == {"result": -17}


def test_a_login_form_posted_without_a_session_still_logs_in(emulator):
    answer = requests.post(f"{emulator.url}/usapi", data={"method": "login", "id": "Admin", "pass": md5("Admin")},
                           timeout=WAIT)
    assert answer.json() == {"result": 0} and "sid" in answer.cookies


def test_a_chunked_body_is_refused_unread(emulator):
    cookie = sid_cookie(emulator)
    with connect(emulator) as sock:
        sock.sendall(f"POST /usapi?method=set-name HTTP/1.1\r\nHost: a\r\nCookie: {cookie}\r\n"
                     "Transfer-Encoding: chunked\r\n\r\n".encode())
        assert read_answer(sock)[0] == 501


def test_an_oversized_request_head_is_431(emulator):
    with connect(emulator) as sock:
        sock.sendall(b"GET /usapi?method=ping HTTP/1.1\r\n" + b"X-Big: " + b"a" * (80 * 1024))
        assert read_answer(sock)[0] == 431
    assert Api(emulator.url).call("ping")["result"] == 0
