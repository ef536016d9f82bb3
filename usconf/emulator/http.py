"""The thin HTTP layer: requests in, Backend.handle, JSON out; plus faults and logging.

One Device owns a Backend, its usapi listener and its cloud-api listener. A Hub
thread accepts connections for every listener of a run (so 500 devices cost two
sockets each, not two threads); each connection is served on its own thread and
every backend call holds the device's lock, so concurrent clients see whole
requests only.
"""
import http.client
import http.cookies
import json
import re
import selectors
import socket
import threading
import time
from email.parser import BytesParser
from email.policy import HTTP as HTTP_POLICY
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

from usconf.emulator import persist
from usconf.emulator.api import READS, plain_copy
from usconf.spec import codes

MAX_BODY = 16 * 1024 * 1024
MAX_FIRMWARE = 64 * 1024 * 1024
SENSITIVE = frozenset(("pass", "new-pass", "passwd", "key", "token", "access-token", "refresh-token",
                       "cloud-code", "softap-passwd"))
MASK = "(sensitive)"
# Reads that show the state as it was before recent writes while write lag is on.
LAGGED = frozenset(("get-settings", "get-users", "get-edid-config", "cloud-status"))
OPEN = frozenset(("ping", "login"))
REQUEST_LOG_CAP = 20000


def masked(params):
    return {k: (MASK if k in SENSITIVE else v) for k, v in params.items()}


class RequestLog(list):
    """The in-memory request log; keeps the most recent entries of a long run."""

    def add(self, entry):
        self.append(entry)
        if len(self) > REQUEST_LOG_CAP:
            del self[:REQUEST_LOG_CAP // 2]


class Answer:
    __slots__ = ("drop", "body", "sid", "raw")

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
        self.server = _bind(self, self.host, port, cloud=False)
        try:
            self.cloud_server = _bind(self, self.host, cloud_port, cloud=True)
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
        if method not in OPEN:
            if not self._authorised(sid):
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
            server = _bind(self, target, self.port, cloud=False)
            cloud = _bind(self, target, self.cloud_port, cloud=True)
        except OSError:
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


def _bind(device, host, port, cloud):
    server = _Server((host, port), _Handler, bind_and_activate=False)
    server.device, server.cloud = device, cloud
    try:
        server.server_bind()
        server.server_activate()
    except OSError:
        server.server_close()
        raise
    server.timeout = 0
    return server


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 64

    def handle_error(self, request, client_address):
        pass    # a client that hangs up mid-request is not our problem to print


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "UltraStream-Emulator"
    sys_version = ""
    # One buffered write per answer and no Nagle delay: otherwise every keep-alive
    # request waits for a delayed ACK (~40 ms).
    wbufsize = 64 * 1024
    disable_nagle_algorithm = True

    def setup(self):
        super().setup()
        self.server.device.connections.add(self.connection)

    def finish(self):
        self.server.device.connections.discard(self.connection)
        try:
            super().finish()
        except OSError:
            pass

    def log_message(self, format, *args):
        pass

    _date = (0, "")     # (second, Date header text): formatted once a second, not per answer

    def date_time_string(self, timestamp=None):
        if timestamp is not None:
            return super().date_time_string(timestamp)
        now = int(time.time())
        second, text = _Handler._date
        if second != now:
            text = super().date_time_string(now)
            _Handler._date = (now, text)
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

    def do_GET(self):
        self._serve(None)

    def do_POST(self):
        length = self.headers.get("Content-Length")
        if length is None:
            self._status(411)
            return
        try:
            length = int(length)
        except ValueError:
            self._status(400)
            return
        method = dict(parse_qsl(urlsplit(self.path).query)).get("method")
        limit = MAX_FIRMWARE if method == "upload-update-file" else MAX_BODY
        if length < 0 or length > limit:
            self._status(413)
            return
        self._serve(self.rfile.read(length))

    def _status(self, code):
        self.close_connection = True
        self.send_response(code)
        self.send_header("Content-Length", "0")
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.flush()

    def _serve(self, body):
        device, cloud = self.server.device, self.server.cloud
        url = urlsplit(self.path)
        if url.path.rstrip("/") != ("/cloud-api" if cloud else "/usapi"):
            self._status(404)
            return
        params = dict(parse_qsl(url.query, keep_blank_values=True))
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
            answer = device.process(method, params, body, files, self._sid(), cloud)
        except Exception:       # a bug must not take the device down; the caller sees errSystem
            answer = Answer(body={"result": -18})
        if answer.drop:
            self.close_connection = True
            return
        if answer.raw:
            data, content_type, filename = answer.raw
        else:
            data, content_type, filename = json.dumps(answer.body).encode(), "application/json", None
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        if filename:
            self.send_header("Content-Disposition", f'attachment; filename="{filename}"')
        if answer.sid:
            self.send_header("Set-Cookie", f"sid={answer.sid}; Path=/")
        self.end_headers()
        self.wfile.write(data)
        if device.backend.rebind_to:
            self.close_connection = True
            self.wfile.flush()
            device.after_answer()

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


class Hub:
    """One thread accepting connections for many listening sockets."""

    def __init__(self):
        self.selector = selectors.DefaultSelector()
        self.wake_r, self.wake_w = socket.socketpair()
        self.selector.register(self.wake_r, selectors.EVENT_READ, None)
        self.ops, self.ops_lock = [], threading.Lock()
        self.stopping = False
        self.thread = threading.Thread(target=self._run, name="usconf-emulator-hub", daemon=True)
        self.thread.start()

    def _post(self, op, server):
        with self.ops_lock:
            self.ops.append((op, server))
        self.wake_w.send(b"x")

    def add(self, server):
        self._post("add", server)

    def remove(self, server):
        self._post("remove", server)

    def stop(self):
        self.stopping = True
        self.wake_w.send(b"x")
        self.thread.join(5)
        for key in list(self.selector.get_map().values()):
            if key.data is not None:
                key.data.server_close()
        self.selector.close()
        self.wake_r.close()
        self.wake_w.close()

    def _run(self):
        while not self.stopping:
            for key, _ in self.selector.select():
                if key.data is None:
                    self._apply()
                else:
                    key.data.handle_request()

    def _apply(self):
        try:
            self.wake_r.recv(4096)
        except BlockingIOError:
            pass
        with self.ops_lock:
            ops, self.ops = self.ops, []
        for op, server in ops:
            if op == "add":
                self.selector.register(server.socket, selectors.EVENT_READ, server)
            else:
                self.selector.unregister(server.socket)
                server.server_close()
