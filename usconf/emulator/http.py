"""The thin HTTP layer: requests in, Backend.handle, JSON out; plus faults and logging.

One Device owns a Backend, its usapi listener and its cloud-api listener. The run's
Hub (hub.py) accepts and watches every connection and hands each whole request to
a bounded pool of workers, which parse and answer it here. Every backend call holds
the device's lock, so concurrent clients see whole requests only.

Before a body is read, its size is checked against the caps and, except for a login,
its session: an oversized body gets HTTP 413 and a body without a session the
device's {"result": -17}, both without reading it. Every header written is checked
for control characters.
"""
import http.client
import http.cookies
import io
import json
import re
import socket
import threading
import time
from email.parser import BytesParser
from email.policy import HTTP as HTTP_POLICY
from http.server import BaseHTTPRequestHandler
from urllib.parse import parse_qsl, quote, urlsplit

from usconf.emulator import hub, persist
from usconf.emulator.api import READS, plain_copy
from usconf.spec import codes

SENSITIVE = frozenset(("pass", "new-pass", "passwd", "key", "token", "access-token", "refresh-token",
                       "cloud-code", "softap-passwd"))
MASK = "(sensitive)"
# Reads that show the state as it was before recent writes while write lag is on.
LAGGED = frozenset(("get-settings", "get-users", "get-edid-config", "cloud-status"))
OPEN = frozenset(("ping", "login"))
REQUEST_LOG_CAP = 20000
_CONTINUE = b"HTTP/1.1 100 Continue\r\n\r\n"
_SYSTEM_ERROR = -18     # errSystem


def masked(params):
    return {k: (MASK if k in SENSITIVE else v) for k, v in params.items()}


class RequestLog(list):
    """The in-memory request log; keeps the most recent entries of a long run."""

    def add(self, entry):
        self.append(entry)
        if len(self) > REQUEST_LOG_CAP:
            del self[:REQUEST_LOG_CAP // 2]


class Answer:
    __slots__ = ("body", "drop", "raw", "sid")

    def __init__(self, drop=False, body=None, sid=None, raw=None):
        self.drop, self.body, self.sid, self.raw = drop, body, sid, raw


class Device:
    """One emulated encoder on the network."""

    def __init__(self, backend, faults, host, index=0, state_file=None, log=None):
        self.backend = backend
        self.faults = faults
        self.host = host
        self.index = index
        self.state_file = state_file
        self.log = log
        self.requests = RequestLog()
        self.lock = threading.RLock()
        self.count = 0
        self.session_uses = {}
        self.lag_view, self.lag_until = None, 0.0
        self.server = self.cloud_server = None
        self.connections = set()
        self.hub = None

    @property
    def port(self):
        return self.server.server_address[1]

    @property
    def cloud_port(self):
        return self.cloud_server.server_address[1]

    @property
    def url(self):
        return f"http://{self.host}:{self.port}"

    @property
    def cloud_url(self):
        return f"http://{self.host}:{self.cloud_port}"

    def listen(self, port, cloud_port):
        self.server = hub.Listener(self.host, port, self, "usapi")
        try:
            self.cloud_server = hub.Listener(self.host, cloud_port, self, "cloud-api")
        except BaseException:
            self.server.server_close()
            raise

    # --- one request ------------------------------------------------------------------------

    def process(self, method, params, body=None, files=None, sid=None, cloud=False):
        faults = self.faults
        if faults.latency_ms:
            time.sleep(faults.latency_ms / 1000.0)
        with self.lock:
            self.count += 1
            drop, busy = faults.decide(self.count, method)
            if not self.backend.reachable():
                return Answer(drop=True)
            if drop and faults.drop_mode == "before":
                self._log(method, params, "dropped")
                return Answer(drop=True)
            out = self._answer(method, params, body, files, sid, cloud, busy)
            self._log(method, params, out.get("result"))
            new_sid = out.pop("_sid", None)
            raw = out.pop("_raw", None)
            if drop:
                return Answer(drop=True)
            if faults.string_results:
                out["result"] = str(out["result"])
            return Answer(body=out, sid=new_sid, raw=raw)

    def _answer(self, method, params, body, files, sid, cloud, busy):
        backend = self.backend
        if cloud != method.startswith("cloud-"):
            return {"result": codes.PARAM}
        if method not in OPEN and not self._authorised(sid):
            return {"result": codes.NEED_AUTH}
        if busy:
            return {"result": codes.BUSY}
        lag = self.faults.write_lag_s
        now = time.monotonic()
        writing = method not in READS and method not in OPEN and method != "logout"
        if lag and writing and (self.lag_view is None or now >= self.lag_until):
            self.lag_view = {m: backend.handle(m, {"version": "1"}) for m in LAGGED}
        out = backend.handle(method, params, body, files, sid)
        result = out.get("result")
        if writing and isinstance(result, int) and result >= 0:
            if lag:
                self.lag_until = now + lag
            if self.state_file:
                persist.save(backend, self.state_file)
        if method in LAGGED and self.lag_view is not None:
            if now < self.lag_until:
                return plain_copy(self.lag_view[method])
            self.lag_view = None
        return out

    def has_session(self, sid):
        """Would a call with `sid` pass the session check? Counts no use of the session."""
        with self.lock:
            if self.backend.session_user(sid) is None:
                return False
            limit = self.faults.expire_after
            return limit is None or self.session_uses.get(sid, 0) < int(limit)

    def _authorised(self, sid):
        if self.backend.session_user(sid) is None:
            return False
        limit = self.faults.expire_after
        if limit is not None:
            used = self.session_uses.get(sid, 0) + 1
            self.session_uses[sid] = used
            if used > int(limit):
                self.backend.sessions.pop(sid, None)
                return False
        return True

    def _log(self, method, params, result):
        entry = {"method": method, "params": masked(params), "result": result}
        self.requests.add(entry)
        if self.log:
            self.log({"time": time.time(), "device": self.backend.serial, **entry})

    # --- network changes --------------------------------------------------------------------

    def after_answer(self):
        """Move the listeners when set-net gave the device a new loopback address."""
        with self.lock:
            target, self.backend.rebind_to = self.backend.rebind_to, None
        if not target or target == self.host:
            return
        old, old_cloud = self.server, self.cloud_server
        try:
            server = hub.Listener(target, self.port, self, "usapi")
        except OSError:
            return      # address not available here: the change stays recorded only
        try:
            cloud = hub.Listener(target, self.cloud_port, self, "cloud-api")
        except OSError:
            server.server_close()
            return      # address not available here: the change stays recorded only
        self.host, self.server, self.cloud_server = target, server, cloud
        self.backend.host = target
        self.hub.add(server)
        self.hub.add(cloud)
        self.hub.remove(old)
        self.hub.remove(old_cloud)
        self.drop_connections()

    def drop_connections(self):
        for conn in list(self.connections):
            try:
                conn.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


def start_hub(limits=None):
    """The accepting thread and worker pool of a run, answering with this module's `serve`."""
    return hub.Hub(serve, limits)


def serve(conn):
    """A worker's turn on `conn` (the Hub's `serve`): answer the request at the front of its buffer."""
    exchange = conn.exchange
    if exchange is None:
        exchange = _Exchange(conn, conn.take(hub.head_length(conn.buf)))
        outcome = exchange.start()
    else:
        conn.exchange = None
        outcome = exchange.answer(conn.take(exchange.length))
    data = exchange.wfile.getvalue()
    if data:
        conn.send(data, exchange.limits.idle_timeout)
    if outcome == hub.BODY:
        conn.exchange, conn.need = exchange, exchange.length
        exchange.wfile = io.BytesIO()       # "100 Continue" is sent; the answer comes with the body
    if exchange.moved:
        exchange.device.after_answer()
        return hub.CLOSE
    return outcome


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


class _Exchange(BaseHTTPRequestHandler):
    """One request of a connection, parsed from the head the hub collected and answered into a buffer."""
    protocol_version = "HTTP/1.1"
    server_version = "UltraStream-Emulator"
    sys_version = ""

    def __init__(self, conn, head):     # not BaseRequestHandler's, which would run a blocking serve loop
        self.conn, self.server = conn, conn.listener
        self.device, self.cloud = conn.listener.owner, conn.listener.role == "cloud-api"
        self.limits = self.device.hub.limits
        self.request = self.connection = conn.sock
        self.client_address = conn.address
        self.rfile, self.wfile = io.BytesIO(head), io.BytesIO()
        self.close_connection = True
        self.length, self.moved, self.url = 0, False, None

    def log_message(self, format, *args):
        pass

    def handle_expect_100(self):
        return True     # "100 Continue" is sent only once the body is wanted (see _post)

    _date = (0, "")     # (second, Date header text): formatted once a second, not per answer

    def date_time_string(self, timestamp=None):
        if timestamp is not None:
            return super().date_time_string(timestamp)
        now = int(time.time())
        second, text = _Exchange._date
        if second != now:
            text = super().date_time_string(now)
            _Exchange._date = (now, text)
        return text

    def parse_request(self):
        """http.server's parse_request, with the headers read without the email package.

        The email parser was a third of the emulator's CPU time per request. A
        request line that is not plain `METHOD PATH HTTP/1.x` goes to http.server
        as before (headers unread); the same limits and errors apply to headers.
        """
        words = self.raw_requestline.rstrip(b"\r\n").split()
        if len(words) != 3 or words[2] not in (b"HTTP/1.1", b"HTTP/1.0") or words[1].startswith(b"//"):
            return super().parse_request()
        self.requestline = str(self.raw_requestline, "iso-8859-1").rstrip("\r\n")
        self.command, self.path, self.request_version = (str(w, "iso-8859-1") for w in words)
        self.close_connection = self.request_version == "HTTP/1.0"
        headers = _Headers()
        for _ in range(http.client._MAXHEADERS + 1):
            line = self.rfile.readline(http.client._MAXLINE + 1)
            if len(line) > http.client._MAXLINE:
                self.send_error(431, "Line too long")
                return False
            if line in (b"\r\n", b"\n", b""):
                break
            name, sep, value = str(line, "iso-8859-1").partition(":")
            if sep:
                headers.add(name, value.strip())
        else:
            self.send_error(431, "Too many headers")
            return False
        self.headers = headers
        conntype = headers.get("Connection", "").lower()
        if conntype == "close":
            self.close_connection = True
        elif conntype == "keep-alive":
            self.close_connection = False
        if headers.get("Expect", "").lower() == "100-continue" and self.request_version == "HTTP/1.1":
            return self.handle_expect_100()
        return True

    def send_error(self, code, *_message_and_explain):
        super().send_error(code)    # the standard reason only: the default may quote the request line

    def send_header(self, keyword, value):
        value = str(value)
        text = keyword + value
        if not (text.isascii() and text.isprintable()):
            raise UnsafeHeader(keyword)
        super().send_header(keyword, value)

    def start(self):
        """Parse the head; answer, or return hub.BODY when the body is wanted first."""
        self.raw_requestline = self.rfile.readline(65537)
        if len(self.raw_requestline) > 65536:
            self.requestline, self.request_version, self.command = "", "", ""
            self.send_error(414)
            return hub.LINGER
        if not self.parse_request():
            return hub.LINGER       # parse_request has answered with the error
        if self.command not in ("GET", "POST"):
            self.send_error(501)
            return hub.LINGER
        self.url = urlsplit(self.path)
        if self.url.path.rstrip("/") != ("/cloud-api" if self.cloud else "/usapi"):
            return self._refuse(404)
        if self.command == "POST":
            return self._post()
        return self.answer(None)

    def _post(self):
        if "Transfer-Encoding" in self.headers:
            return self._refuse(501)    # chunked bodies are not taken: their size is unknown before reading
        length = self.headers.get("Content-Length")
        if length is None:
            return self._refuse(411)
        if not re.fullmatch(r"[0-9]{1,19}", length.strip()):
            return self._refuse(400)
        length = int(length)
        limits, method = self.limits, dict(parse_qsl(self.url.query)).get("method", "")
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
            self.wfile.write(_CONTINUE)
        return hub.BODY

    def _refuse(self, code):
        self.close_connection = True
        self.send_response(code)
        self.send_header("Content-Length", "0")
        self.send_header("Connection", "close")
        self.end_headers()
        return hub.LINGER

    def answer(self, body):
        """Call the device with the request (and its body, when read) and write its answer."""
        device = self.device
        params = dict(parse_qsl(self.url.query, keep_blank_values=True))
        files = None
        ctype = self.headers.get("Content-Type", "")
        if body is not None:
            if ctype.startswith("application/x-www-form-urlencoded"):
                params.update(parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True))
                body = None
            elif ctype.startswith("multipart/form-data"):
                files, fields = _multipart(ctype, body)
                params.update(fields)
                body = None
        method = params.pop("method", "")
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
            self._headers_buffer = []
            self._write(Answer(body={"result": _SYSTEM_ERROR}))
        return hub.LINGER if self.close_connection else hub.KEEP

    def _write(self, answer):
        if answer.raw:
            data, content_type, filename = answer.raw
        else:
            data, content_type, filename = json.dumps(answer.body).encode(), "application/json", None
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        if filename:
            self.send_header("Content-Disposition", attachment(filename))
        if answer.sid:
            self.send_header("Set-Cookie", f"sid={answer.sid}; Path=/")
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(data)

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


_PLAIN_SID = re.compile(r"\s*sid=([A-Za-z0-9_-]+)\s*")


class _Headers:
    """Request headers by case-insensitive name; the first of a repeated header wins, as with email.message."""

    __slots__ = ("_by_name", "_items")

    def __init__(self):
        self._by_name, self._items = {}, []

    def add(self, name, value):
        self._items.append((name, value))
        self._by_name.setdefault(name.lower(), value)

    def get(self, name, default=None):
        return self._by_name.get(name.lower(), default)

    def __getitem__(self, name):
        return self._by_name.get(name.lower())

    def __contains__(self, name):
        return name.lower() in self._by_name

    def items(self):
        return list(self._items)


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
