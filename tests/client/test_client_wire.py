"""HTTP/1.1 on the wire (usconf.client.wire): how answers are framed, when a connection is
reused, and that whatever is not HTTP reads as a device that did not answer."""
import socket
import threading

import pytest

from usconf.client import transport, wire
from usconf.client.transport import NoAnswer, NotUltraStream, Unreachable

OK = b'{"result": 0}'


def answer(*fields, body=OK, status=b"HTTP/1.1 200 OK", length=True):
    """Raw bytes of an answer; Content-Length is added unless `length` is false."""
    lines = [status, b"Content-Type: application/json", *fields]
    if length:
        lines.append(b"Content-Length: %d" % len(body))
    return b"\r\n".join(lines) + b"\r\n\r\n" + body


def many_fields(count):
    return [b"X-F%d: v" % i for i in range(count)]


def closing(data):
    """An answer after which the device closes the connection."""
    return (data, True)


class RawDevice:
    """A loopback server that sends the next scripted answer, byte for byte, to each request."""

    def __init__(self, script):
        self.script, self.requests = list(script), []
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.listener.getsockname()[1]}"
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                conn, _ = self.listener.accept()
            except OSError:         # closed at the end of the test
                return
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn):
        with conn:
            pending = b""
            while self.script:
                while b"\r\n\r\n" not in pending:
                    block = conn.recv(65536)
                    if not block:
                        return
                    pending += block
                head, _, pending = pending.partition(b"\r\n\r\n")
                self.requests.append(head)
                item = self.script.pop(0)
                data, close = item if isinstance(item, tuple) else (item, False)
                conn.sendall(data)
                if close:
                    return


@pytest.fixture
def raw_device():
    made = []

    def start(*script):
        made.append(RawDevice(script))
        return made[-1]
    yield start
    for device in made:
        device.listener.close()


def opened(link_, dev):
    return link_.connections_opened()[dev.url.split("//")[1]]


# --- answers read as the device meant them ----------------------------------------------

CHUNKED = (b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
           b"4;name=value\r\n{\"re\r\n9\r\nsult\": 0}\r\n0\r\nX-Trailer: dropped\r\n\r\n")


@pytest.mark.parametrize("script, connections", [
    ((answer(), answer()), 1),                                  # kept alive
    ((CHUNKED, CHUNKED), 1),                                    # chunks joined, trailer read past
    ((answer(b"Connection: close"), answer()), 2),              # the device says it closes
    ((answer(status=b"HTTP/1.0 200 OK"), answer()), 2),         # HTTP/1.0 closes unless it says keep-alive
    ((answer(b"Connection: Keep-Alive", status=b"HTTP/1.0 200 OK"), answer()), 1),
    ((closing(answer(length=False)), answer()), 2),             # no length: the body ends with the connection
    ((closing(answer(b"Transfer-Encoding: gzip", b"Content-Length: 3")), answer()), 2),  # coding wins over length
    ((answer() + b"junk", answer()), 2),                        # bytes after the answer: not reused
    ((b"HTTP/1.1 100 Continue\r\n\r\n" + answer(), answer()), 1),   # an interim answer is skipped
    ((answer().replace(b"\r\n", b"\n"), answer()), 1),          # bare LF line ends, as http.client read them
    ((answer(*many_fields(98)), answer()), 1),                  # 100 fields: as many as an answer may have
])
def test_answers_are_read_whole_and_connections_reused_only_when_they_can_be(raw_device, link, script, connections):
    dev = raw_device(*script)
    http = link(dev.url)
    assert http.send("get-status", {}) == {"result": 0}
    assert http.send("get-status", {}) == {"result": 0}
    assert opened(http, dev) == connections


def test_set_cookie_fields_are_all_kept_and_a_folded_one_is_joined(raw_device, link):
    dev = raw_device(answer(b"Set-Cookie: sid=abc", b"Set-Cookie: lang=en;", b"\tPath=/"),
                     answer(b"Set-Cookie: lang=de; Max-Age=0; Expires=Fri, 01 Jan 2100 00:00:00 GMT"),
                     answer(b"Set-Cookie: sid=old; Expires=Thu, 01 Jan 1970 00:00:00 GMT"),
                     answer(b"Set-Cookie: sid=new; Expires=Fri, 01 Jan 2100 00:00:00 GMT"),
                     answer())
    http = link(dev.url)
    for _ in range(5):
        http.send("get-status", {})
    cookies = [next((line for line in head.split(b"\r\n") if line.startswith(b"Cookie:")), None)
               for head in dev.requests]
    # Max-Age wins over Expires; an Expires in the past drops the cookie, one to come keeps it
    assert cookies == [None, b"Cookie: sid=abc; lang=en", b"Cookie: sid=abc", None, b"Cookie: sid=new"]


def test_a_request_names_the_host_with_its_port_and_says_identity(raw_device, link):
    dev = raw_device(answer())
    link(dev.url).send("get-status", {})
    (head,) = dev.requests
    lines = head.split(b"\r\n")
    assert lines[:3] == [b"GET /usapi?method=get-status HTTP/1.1", f"Host: {dev.url[7:]}".encode(),
                         b"Accept-Encoding: identity"]


@pytest.mark.parametrize("host, port, field", [("::1", 8080, "[::1]:8080"), ("::1", 80, "[::1]"),
                                               ("127.0.0.1", 80, "127.0.0.1")])
def test_the_host_field_brackets_ipv6_and_leaves_out_the_default_port(monkeypatch, host, port, field):
    listener = socket.create_server(("127.0.0.1", 0))
    asked, connect = [], wire.connect

    def loopback(address, timeout):     # whatever is asked for, connect to the loopback listener
        asked.append(address)
        return connect(listener.getsockname(), timeout)
    monkeypatch.setattr(wire, "connect", loopback)
    conn = wire.Connection.open("http", host, port, 2)
    conn.close()
    listener.close()
    assert asked == [(host.encode(), port)] and conn.host_field == field


def test_a_host_name_with_a_control_character_is_refused_before_any_lookup(link):
    with pytest.raises(Unreachable) as err:
        link("http://a\x01b").send("ping", {})
    assert str(err.value) == "cannot reach http://a\x01b: connection failed"


# --- what is not HTTP -------------------------------------------------------------------

@pytest.mark.parametrize("raw", [
    closing(b""),                                               # closed without a byte
    answer(status=b"HTTP/1.1 OK"),                              # no status code
    answer(status=b"ICY 200 OK"),                               # not HTTP
    answer(status=b"HTTP/2 200"),                               # HTTP/2 has no such text form
    answer(b"X-Big: " + b"a" * (64 * 1024)),                    # a head past 64 KiB
    answer(*many_fields(99)),                                   # 101 fields, with Content-Type and -Length
    answer(b"Content-Type application/json"),                   # a field without a colon
    answer(b"Content-Length : 13", length=False),               # space before the colon (RFC 9112 5.1)
    answer(status=b"HTTP/1.1 200 OK\r\n X: folded"),            # a fold with no field above
    answer(b"Set-Cookie: sid=a\rInjected: 1"),                  # a bare CR: it would go back out in Cookie
    answer(b"Set-Cookie: sid=a\x00b"),                          # NUL
    answer(b"Content-Length: 12"),                              # two lengths that differ
    answer(b"Content-Length: +13", length=False),               # int() would read it; HTTP does not
    answer(b"Content-Length: \xb2", length=False),               # a digit to str.isdigit, not to int()
    closing(answer(b"Transfer-Encoding: chunked", body=b"0x0d\r\n", length=False)),
    closing(answer(b"Transfer-Encoding: chunked", body=b"2\r\n{}}\r\n0\r\n\r\n", length=False)),
    closing(answer(b"Transfer-Encoding: chunked", body=b"d\r\n{\"re", length=False)),     # cut short
])
def test_an_answer_that_is_not_http_is_no_answer(raw_device, link, raw):
    dev = raw_device(raw if isinstance(raw, tuple) else closing(raw))
    with pytest.raises(NoAnswer) as err:
        link(dev.url).send("get-status", {})
    assert str(err.value) == f"{dev.url} closed the connection without answering get-status"


def test_a_chunked_answer_past_the_cap_is_refused_before_it_is_read(raw_device, link, monkeypatch):
    monkeypatch.setattr(transport, "MAX_JSON_ANSWER", 1000)
    dev = raw_device(answer(b"Transfer-Encoding: chunked", body=b"3e8\r\n" + b" " * 1000 + b"\r\n1\r\n", length=False))
    with pytest.raises(NotUltraStream) as err:
        link(dev.url).send("get-settings", {})
    assert str(err.value) == f"{dev.url} is not an Ultra Stream (an answer over 1000 bytes)"
