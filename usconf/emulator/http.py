"""The thin HTTP layer: a request's head and body in, `Device.process`, the answer out.

The run's Hub (hub.py) accepts and watches every connection and, once a request's
head is whole, has it parsed and answered here (`serve`): on its own thread when
nothing can make the request wait (`serve_now`), else on a worker. A plain
request (`GET|POST target HTTP/1.x`, headers within http.client's limits) is read
and answered by this module alone, without http.server's per-request machinery,
which was most of the emulator's CPU time per request. Any other request line, and
the errors http.server words itself (414, 431, 501, ...), go through http.server's
handler, so they are answered exactly as before.

Before a body is read, its size is checked against the caps and, except for a login,
its session: an oversized body gets HTTP 413 and a body without a session the
device's {"result": -17}, both without reading it. Every header written is checked
for control characters.
"""
import email.utils
import http.client
import http.cookies
import io
import json
import marshal
import re
import time
from email.parser import BytesParser
from email.policy import HTTP as HTTP_POLICY
from http.server import BaseHTTPRequestHandler
from urllib.parse import parse_qsl, quote, urlsplit

from usconf.emulator import hub
from usconf.emulator.api import READS
from usconf.emulator.device import OPEN, Answer

SERVER = "UltraStream-Emulator"
_CONTINUE = b"HTTP/1.1 100 Continue\r\n\r\n"
_SYSTEM_ERROR = -18     # errSystem
_PLAIN_VERSIONS = (b"HTTP/1.1", b"HTTP/1.0")
# json.dumps's output, without its per-call set-up and cycle check (an answer is a tree).
_encode_json = json.JSONEncoder(check_circular=False).encode
_PLAIN_SID = re.compile(r"\s*sid=([A-Za-z0-9_-]+)\s*")
_LENGTH = re.compile(r"[0-9]{1,19}")


def start_hub(limits=None):
    """The accepting thread and worker pool of a run, answering with this module's `serve`."""
    return hub.Hub(serve, limits, serve_now)


def serve_now(conn):
    """`serve` on the hub's thread, when nothing can make the request wait; None: a worker must answer it.

    A POST may have a body to read and work through, a device with injected latency
    sleeps, one with a state file writes it, and a device busy with another request
    would block on its lock: those go to a worker. (The hub holds the device's lock
    while it answers, so no worker can take it in between.)
    """
    if conn.exchange is not None or conn.buf.startswith(b"POST"):
        return None
    device = conn.listener.owner
    if device.faults.latency_ms or device.state_file or not device.lock.acquire(blocking=False):
        return None
    try:
        return serve(conn)
    finally:
        device.lock.release()


def serve(conn):
    """A turn on `conn` (the Hub's `serve`, on a worker or through serve_now): answer the request at the
    front of its buffer."""
    exchange = conn.exchange
    if exchange is None:
        exchange = _Exchange(conn, conn.take(hub.head_length(conn.buf)))
        outcome = exchange.start()
    else:
        conn.exchange = None
        outcome = exchange.answer(conn.take(exchange.length))
    data = exchange.output()
    if data:
        conn.send(data, exchange.limits.idle_timeout)
    if outcome == hub.BODY:     # "100 Continue" is sent, if asked for; the answer comes with the body
        conn.exchange, conn.need = exchange, exchange.length
    if exchange.moved:
        exchange.device.after_answer()
        return hub.CLOSE
    return outcome


def _json(device, method, body):
    """`body` as JSON; a read answered exactly as the last time is sent as the bytes encoded then.

    Encoding is the largest cost of a request, and a client polling a device mostly
    gets the same answer again. "Exactly" is judged on marshal's serialisation, which
    keeps types and key order (1, 1.0 and True differ) and costs a fraction of the
    encoding. Reads only: their names are a fixed set, so the cache stays small.
    """
    if method not in READS:
        return _encode_json(body).encode()
    try:
        key = marshal.dumps(body)
    except ValueError:      # not plain data: encoded each time
        return _encode_json(body).encode()
    last = device.encoded.get(method)
    if last is not None and last[0] == key:
        return last[1]
    data = _encode_json(body).encode()
    device.encoded[method] = (key, data)
    return data


class UnsafeHeader(ValueError):
    """A header that is not printable ASCII. Control characters (CR/LF) would forge headers; every
    value the emulator sends is ASCII (file names go through `attachment`)."""


def attachment(filename):
    """Content-Disposition of a download: a quoted ASCII name, plus the exact name (RFC 6266) if it differs."""
    plain = "".join(c if " " <= c <= "~" else "_" for c in filename)
    escaped = plain.replace("\\", "\\\\").replace('"', '\\"')
    value = f'attachment; filename="{escaped}"'
    if plain != filename:
        value += "; filename*=UTF-8''" + quote(filename, safe="")
    return value


_stamp = (0, "")    # (second, the Server and Date lines of that second): formatted once a second


def _server_and_date():
    global _stamp
    now = int(time.time())
    second, lines = _stamp
    if second != now:
        lines = f"Server: {SERVER} \r\nDate: {email.utils.formatdate(now, usegmt=True)}\r\n"
        _stamp = (now, lines)
    return lines


class _Exchange:
    """One request of a connection, parsed from the head the hub collected and answered into `out`."""

    __slots__ = ("close_connection", "cloud", "command", "conn", "device", "head", "headers", "length", "limits",
                 "method", "moved", "out", "path", "query", "version")

    def __init__(self, conn, head):
        self.conn, self.head = conn, head
        self.device, self.cloud = conn.listener.owner, conn.listener.role == "cloud-api"
        self.limits = self.device.hub.limits
        self.out = []
        self.close_connection, self.length, self.moved = True, 0, False
        self.command = self.path = self.version = self.query = self.method = ""
        self.headers = None

    def output(self):
        """The bytes written so far, taken."""
        data, self.out = b"".join(self.out), []
        return data

    # --- the head ----------------------------------------------------------------------------

    def start(self):
        """Parse the head; answer, or return hub.BODY when the body is wanted first."""
        if not self._read_head():
            return hub.LINGER       # http.server has answered with the error
        if self.command not in ("GET", "POST"):
            return self._error(501)
        url = urlsplit(self.path)
        if url.path.rstrip("/") != ("/cloud-api" if self.cloud else "/usapi"):
            return self._refuse(404)
        self.query = url.query
        if self.command == "POST":
            return self._post()
        return self.answer(None)

    def _read_head(self):
        """The request line and headers, read as http.server reads them; False once an error is answered.

        Headers are read with http.client's limits (line length, count); past them, and for
        any request line that is not plain `METHOD TARGET HTTP/1.x`, http.server reads the
        head and words the error itself.
        """
        head = self.head
        end = head.find(b"\n") + 1
        words = head[:end].split()
        if end > 65536 or len(words) != 3 or words[2] not in _PLAIN_VERSIONS or words[1].startswith(b"//"):
            return self._classic_head()
        # The hub cut the head just after its first blank line: every line before that one is a header.
        lines = head[end:].decode("iso-8859-1").split("\n")[:-2]
        if len(lines) > http.client._MAXHEADERS or (len(head) > http.client._MAXLINE
                                                     and max(map(len, lines), default=0) >= http.client._MAXLINE):
            return self._classic_head()     # 431, in http.server's words
        headers = _Headers(lines)
        self.command, self.path, self.version = [word.decode("iso-8859-1") for word in words]
        self.headers = headers
        self.close_connection = self.version == "HTTP/1.0"
        conntype = headers.get("Connection", "").lower()
        if conntype == "close":
            self.close_connection = True
        elif conntype == "keep-alive":
            self.close_connection = False
        return True

    def _classic_head(self):
        classic = _Classic(self.head)
        if not classic.read_head():
            self.out.append(classic.wfile.getvalue())
            return False
        self.command, self.path, self.version = classic.command, classic.path, classic.request_version
        self.headers, self.close_connection = classic.headers, classic.close_connection
        return True

    def _post(self):
        if "Transfer-Encoding" in self.headers:
            return self._refuse(501)    # chunked bodies are not taken: their size is unknown before reading
        length = self.headers.get("Content-Length")
        if length is None:
            return self._refuse(411)
        if not _LENGTH.fullmatch(length.strip()):
            return self._refuse(400)
        length = int(length)
        limits, method = self.limits, dict(_fields(self.query)).get("method", "")
        if method in OPEN:
            limit = limits.max_open_body
        elif method == "upload-update-file":
            limit = limits.max_firmware
        else:
            limit = limits.max_body
        if length > limit:
            return self._refuse(413)
        if method not in OPEN and (method or length > limits.max_open_body) \
                and not self.device.has_session(self._sid()):
            # Answered as the device answers any call without a session; the body stays unread.
            # (A small body may name its method itself: it could be a login form.)
            self.close_connection = True
            return self.answer(None)
        self.length = length
        if len(self.conn.buf) >= length:
            return self.answer(self.conn.take(length))
        if "100-continue" in self.headers.get("Expect", "").lower():
            self.out.append(_CONTINUE)
        return hub.BODY

    def _sid(self):
        raw = self.headers.get("Cookie")
        if not raw:
            return None
        plain = _PLAIN_SID.fullmatch(raw)
        if plain:       # `sid=VALUE`, as clients send it: no need for the cookie parser
            return plain.group(1)
        try:
            morsel = http.cookies.SimpleCookie(raw).get("sid")
        except http.cookies.CookieError:
            return None
        return morsel.value if morsel else None

    # --- the answer --------------------------------------------------------------------------

    def answer(self, body):
        """Call the device with the request (and its body, when read) and write its answer."""
        device = self.device
        params = dict(_fields(self.query, keep_blank_values=True))
        files = None
        if body is not None:
            ctype = self.headers.get("Content-Type", "")
            if ctype.startswith("application/x-www-form-urlencoded"):
                params.update(parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True))
                body = None
            elif ctype.startswith("multipart/form-data"):
                files, fields = _multipart(ctype, body)
                params.update(fields)
                body = None
        method = self.method = params.pop("method", "")
        try:
            answer = device.process(method, params, body, files, self._sid(), self.cloud)
        except Exception:  # noqa: BLE001 -- a bug must not take the device down; the caller sees errSystem
            answer = Answer(body={"result": _SYSTEM_ERROR})
        if answer.drop:
            return hub.CLOSE
        if device.backend.rebind_to:
            self.moved = self.close_connection = True
        try:
            self._write(answer)
        except UnsafeHeader:
            self._write(Answer(body={"result": _SYSTEM_ERROR}))
        return hub.LINGER if self.close_connection else hub.KEEP

    def _write(self, answer):
        if answer.raw:
            data, content_type, filename = answer.raw
        else:
            data, content_type, filename = _json(self.device, self.method, answer.body), "application/json", None
        fields = [("Content-Type", content_type), ("Content-Length", len(data))]
        if filename:
            fields.append(("Content-Disposition", attachment(filename)))
        if answer.sid:
            fields.append(("Set-Cookie", f"sid={answer.sid}; Path=/"))
        if self.close_connection:
            fields.append(("Connection", "close"))
        self._write_head(200, fields)
        self.out.append(data)

    def _refuse(self, code):
        self.close_connection = True
        self._write_head(code, (("Content-Length", 0), ("Connection", "close")))
        return hub.LINGER

    def _error(self, code):
        """http.server's error page for `code`; the connection closes."""
        classic = _Classic()
        classic.command, classic.request_version = self.command, self.version
        classic.send_error(code)
        self.out.append(classic.wfile.getvalue())
        return hub.LINGER

    def _write_head(self, code, fields):
        """Status line, Server, Date and `fields` ((name, value), ...), as http.server writes them."""
        lines = [f"HTTP/1.1 {code} {BaseHTTPRequestHandler.responses[code][0]}\r\n", _server_and_date()]
        for name, value in fields:
            value = str(value)
            if not (value.isascii() and value.isprintable()):
                raise UnsafeHeader(name)
            lines.append(f"{name}: {value}\r\n")
        lines.append("\r\n")
        if self.version != "HTTP/0.9":     # an HTTP/0.9 answer is its body alone
            self.out.append("".join(lines).encode("latin-1"))


def _fields(query, keep_blank_values=False):
    """parse_qsl(query, keep_blank_values): a query without escapes (no % or +) is split directly."""
    if "%" in query or "+" in query:
        return parse_qsl(query, keep_blank_values=keep_blank_values)
    pairs = []
    for field in query.split("&"):
        name, _, value = field.partition("=")
        if value or (keep_blank_values and field):
            pairs.append((name, value))
    return pairs


class _Headers:
    """Request headers by case-insensitive name; the first of a repeated header wins, as with email.message.
    A line without a colon is no header."""

    __slots__ = ("_by_name",)

    def __init__(self, lines):
        self._by_name = {}
        for line in lines:
            name, colon, value = line.partition(":")
            if colon:
                self._by_name.setdefault(name.lower(), value.strip())

    def get(self, name, default=None):
        return self._by_name.get(name.lower(), default)

    def __contains__(self, name):
        return name.lower() in self._by_name


class _Classic(BaseHTTPRequestHandler):
    """http.server's reading of a head and its error pages, for what `_Exchange` leaves to it."""
    protocol_version = "HTTP/1.1"
    server_version = SERVER
    sys_version = ""

    def __init__(self, head=b""):      # not BaseRequestHandler's, which would run a blocking serve loop
        self.rfile, self.wfile = io.BytesIO(head), io.BytesIO()
        self.close_connection = True
        self.requestline = ""

    def read_head(self):
        """Parse the head; False once an error is answered (into `wfile`)."""
        self.raw_requestline = self.rfile.readline(65537)
        if len(self.raw_requestline) > 65536:
            self.requestline, self.request_version, self.command = "", "", ""
            self.send_error(414)
            return False
        return self.parse_request()

    def log_message(self, format, *args):
        pass

    def handle_expect_100(self):
        return True     # "100 Continue" is sent only once the body is wanted (see _Exchange._post)

    def send_error(self, code, *_message_and_explain):
        super().send_error(code)    # the standard reason only: the default may quote the request line


def _multipart(ctype, body):
    """Files and plain fields of a multipart/form-data body."""
    message = BytesParser(policy=HTTP_POLICY).parsebytes(
        b"Content-Type: " + ctype.encode("latin-1") + b"\r\n\r\n" + body)
    files, fields = {}, {}
    if not message.is_multipart():
        return files, fields
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition") or ""
        data = part.get_payload(decode=True) or b""
        filename = part.get_filename()
        if filename is not None:
            files[name or filename] = (filename, data)
        else:
            fields[name] = data.decode("utf-8", "replace")
    return files, fields
