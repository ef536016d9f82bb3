"""The emulator reads request headers itself (not with the email package): same answers as before.

Raw HTTP over a loopback socket, so header case, keep-alive, Expect and the
header limits are exactly what a client sends.
"""
import socket

ADMIN_MD5 = "e3afed0047b08059d0fada10f400c1e5"


def exchange(emulator, raw, reads=1):
    host, port = emulator.url.split("//")[1].split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(raw)
        data = b""
        sock.settimeout(2)
        try:
            while data.count(b"HTTP/1.") < reads or not data.endswith((b"}", b"\r\n\r\n")):
                chunk = sock.recv(65536)
                if not chunk:
                    break
                data += chunk
        except TimeoutError:
            pass
    return data.decode("latin-1")


def login_cookie(emulator):
    answer = exchange(emulator, f"GET /usapi?method=login&id=Admin&pass={ADMIN_MD5} HTTP/1.1\r\nHost: x\r\n"
                                f"Connection: close\r\n\r\n".encode())
    line = next(h for h in answer.split("\r\n") if h.lower().startswith("set-cookie:"))
    return line.split(":", 1)[1].split(";")[0].strip()


def test_header_names_in_any_case_and_two_requests_on_one_connection(emulator):
    cookie = login_cookie(emulator)
    request = f"GET /usapi?method=get-status HTTP/1.1\r\nhost: x\r\ncOOkie: {cookie}\r\n\r\n".encode()
    answer = exchange(emulator, request * 2, reads=2)
    assert answer.count("HTTP/1.1 200") == 2
    assert '"result": -17' not in answer            # the cookie was read: the session is known


def test_form_post_with_expect_continue(emulator):
    cookie = login_cookie(emulator)
    body = b"name=Renamed"
    request = (f"POST /usapi?method=set-name HTTP/1.1\r\nHost: x\r\nCookie: {cookie}\r\n"
               f"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {len(body)}\r\n"
               f"Expect: 100-continue\r\nConnection: close\r\n\r\n").encode() + body
    answer = exchange(emulator, request, reads=1)
    # the body came with the head, so "100 Continue" may be left out (RFC 9110 10.1.1); the answer is the same
    assert answer.startswith(("HTTP/1.1 100", "HTTP/1.1 200"))
    assert '"result": 0' in answer
    assert emulator.backend.settings["name"] == "Renamed"


def test_http_1_0_closes_unless_keep_alive(emulator):
    answer = exchange(emulator, b"GET /usapi?method=ping HTTP/1.0\r\n\r\n")
    assert answer.startswith("HTTP/1.1 200") and '"result": 0' in answer


def test_too_many_headers_is_refused(emulator):
    headers = "".join(f"X-{i}: y\r\n" for i in range(101))
    answer = exchange(emulator, f"GET /usapi?method=ping HTTP/1.1\r\n{headers}\r\n".encode())
    assert answer.startswith("HTTP/1.1 431")


def test_an_unusual_request_line_still_gets_http_server_answer(emulator):
    answer = exchange(emulator, b"GET /usapi?method=ping HTTP/2.0\r\n\r\n")
    assert "505" in answer          # http.server words it, as it did before
