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


def test_a_json_answer_head_is_laid_out_as_http_server_wrote_it(emulator):
    answer = exchange(emulator, b"GET /usapi?method=ping HTTP/1.1\r\nConnection: close\r\n\r\n")
    head, _, body = answer.partition("\r\n\r\n")
    lines = head.split("\r\n")
    assert lines[:2] == ["HTTP/1.1 200 OK", "Server: UltraStream-Emulator "]
    assert lines[2].startswith("Date: ") and lines[2].endswith(" GMT")
    assert lines[3:] == ["Content-Type: application/json", f"Content-Length: {len(body)}", "Connection: close"]
    assert body == '{"result": 0, "cur-status": 49}'


def test_exactly_100_headers_are_read(emulator):
    headers = "".join(f"X-{i}: y\r\n" for i in range(99)) + "Connection: close\r\n"
    answer = exchange(emulator, f"GET /usapi?method=ping HTTP/1.1\r\n{headers}\r\n".encode())
    assert answer.startswith("HTTP/1.1 200")


def test_a_header_line_over_64_kib_is_refused_even_when_the_head_may_be_larger(emulator_factory):
    from usconf.emulator import Limits
    emu = emulator_factory(limits=Limits(max_head=256 * 1024))
    answer = exchange(emu, b"GET /usapi?method=ping HTTP/1.1\r\nX-Long: " + b"a" * 65536 + b"\r\n\r\n")
    assert answer.startswith("HTTP/1.1 431")


def test_the_first_of_a_repeated_header_counts_and_a_line_without_colon_is_ignored(emulator):
    cookie = login_cookie(emulator)
    answer = exchange(emulator, f"GET /usapi?method=get-status HTTP/1.1\r\nnot a header\r\nCookie: {cookie}\r\n"
                                f"Cookie: sid=0000\r\nConnection: close\r\n\r\n".encode())
    assert '"result": 0' in answer
    answer = exchange(emulator, f"GET /usapi?method=get-status HTTP/1.1\r\nCookie: sid=0000\r\n"
                                f"Cookie: {cookie}\r\nConnection: close\r\n\r\n".encode())
    assert '"result": -17' in answer


def test_an_unsupported_method_gets_http_server_error_page(emulator):
    answer = exchange(emulator, b"PUT /usapi?method=ping HTTP/1.1\r\nContent-Length: 0\r\n\r\n")
    assert answer.startswith("HTTP/1.1 501 Not Implemented\r\nServer: UltraStream-Emulator \r\n")
    assert "Content-Type: text/html;charset=utf-8" in answer and "<p>Error code: 501</p>" in answer


def test_an_http_0_9_request_gets_the_body_alone(emulator):
    assert exchange(emulator, b"GET /usapi?method=ping\r\n\r\n") == '{"result": 0, "cur-status": 49}'
