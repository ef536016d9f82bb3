"""Connections of a run: one thread accepts, watches and answers quick requests; a bounded pool the rest.

The hub thread owns every listening socket and every connection that is between
requests. It accepts, reads until a request's head (request line and headers) is
whole, reads a body once the HTTP layer has asked for it, and closes connections
that stay idle past the timeout. Once a whole head (or a whole body) is there, the
request is answered on the hub's thread when nothing can make it wait (the HTTP
layer's `serve_now` says so: no body, no injected latency, no file to write), and
otherwise handed to a worker of the pool, which answers and gives the connection
back. What the socket does not take of an answer at once is sent by a worker too.
An idle or slow client therefore holds a socket and a few bytes, never a thread,
and never holds up the hub.

Answering on the hub's thread is what keeps a small request cheap: a worker costs a
thread switch or two per request (waking it, handing the interpreter lock back and
forth), a fifth to a quarter of such a request's CPU time in bench/emulator.py.

The hub knows nothing of HTTP beyond where a head ends; `serve(conn)` (the HTTP
layer) says what becomes of the connection. Other readers (an object with `socket`,
`handle_request()` and `server_close()`, such as the discovery responder) can be
added too and are served on the hub's thread.
"""
import dataclasses
import selectors
import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from usconf.sockets import readable

# What a worker's serve(conn) answers: what the hub does with the connection next.
KEEP = "keep"          # answered; wait for the next request (keep-alive)
BODY = "body"          # the body is wanted: read until conn.buf holds conn.need bytes, then serve again
LINGER = "linger"      # answered and closing: discard what the client still sends for a moment, then close
CLOSE = "close"        # close now, without a word (a dropped connection)

_HEAD, _BODY, _BUSY, _LINGER = "head", "body", "busy", "linger"
_RECV = 64 * 1024
_RECV_BODY = 1024 * 1024
# A worker waits this long for a keep-alive client's next request before handing the connection
# back to the hub, and answers at most _TURN requests in a row so other connections get their turn.
_FOLLOW_MS = 2
_TURN = 64
_HEAD_TOO_LARGE = (b"HTTP/1.1 431 Request Header Fields Too Large\r\n"
                   b"Content-Length: 0\r\nConnection: close\r\n\r\n")


@dataclasses.dataclass(frozen=True)
class Limits:
    """Resource limits of a run's HTTP service (docs/emulator.md, "Limits")."""
    idle_timeout: float = 60.0      # s a connection may wait for its next request, or for one to arrive whole
    workers: int = 16               # threads for the requests that may wait (see Hub._dispatch), all devices
    max_connections: int = 1024     # open connections per run; past it the longest-waiting one is closed
    max_head: int = 64 * 1024       # bytes of request line and headers
    max_body: int = 16 * 1024 * 1024
    max_firmware: int = 64 * 1024 * 1024    # body of upload-update-file
    max_open_body: int = 4 * 1024   # body read without a session: a login form
    linger_bytes: int = 2 * 1024 * 1024     # discarded after a refusal, so the client can read the answer
    linger_seconds: float = 2.0

    def __post_init__(self):
        if self.idle_timeout <= 0 or self.workers < 1 or self.max_connections < 1:
            raise ValueError("idle_timeout, workers and max_connections must be positive")


def head_length(buf):
    """Length of the head at the start of `buf` (through its blank line), or 0 while incomplete."""
    crlf = buf.find(b"\n\r\n")
    lf = buf.find(b"\n\n", 0, crlf if crlf >= 0 else len(buf))   # lines may end in a bare LF
    if lf >= 0:
        return lf + 2
    return crlf + 3 if crlf >= 0 else 0


class Listener:
    """A listening TCP socket; `owner` and `role` are the HTTP layer's (which device, which API)."""

    def __init__(self, host, port, owner, role, backlog=128):
        self.owner, self.role = owner, role
        self.socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            self.socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            self.socket.bind((host, port))
            self.socket.listen(backlog)
            self.socket.setblocking(False)
        except BaseException:
            self.socket.close()
            raise
        self.server_address = self.socket.getsockname()

    def server_close(self):
        self.socket.close()


class Conn:
    """One client connection: its socket, the bytes read but not yet used, and its state."""
    __slots__ = ("address", "buf", "deadline", "discarded", "exchange", "listener", "need", "on_hub", "registered",
                 "sock", "state", "unsent")

    def __init__(self, sock, address, listener):
        self.sock, self.address, self.listener = sock, address, listener
        self.buf = bytearray()
        self.state, self.deadline, self.need = _HEAD, 0.0, 0
        self.exchange = None        # the HTTP layer's request in progress while its body arrives
        self.discarded = 0
        self.registered = False
        self.on_hub = False         # being answered on the hub's thread, which must never wait
        self.unsent = None          # the rest of an answer the socket did not take on the hub's thread

    def take(self, count):
        """The first `count` buffered bytes, removed from the buffer."""
        with memoryview(self.buf) as view:
            data = view[:count].tobytes()
        del self.buf[:count]
        return data

    def send(self, data, timeout):
        """Send all of `data` within `timeout` seconds (OSError or TimeoutError otherwise); on the hub's
        thread, what the socket does not take at once is left in `unsent` for a worker."""
        try:
            sent = self.sock.send(data)
        except BlockingIOError:
            sent = 0
        if sent < len(data) and self.on_hub:
            self.unsent = data[sent:]
        elif sent < len(data):
            self.sock.settimeout(timeout)
            try:
                self.sock.sendall(memoryview(data)[sent:])
            finally:
                if self.sock.fileno() >= 0:
                    self.sock.setblocking(False)


class Hub:
    """The accepting and watching thread of a run, and its pool of workers."""

    def __init__(self, serve, limits=None, serve_now=None):
        self.serve = serve
        self.serve_now = serve_now  # answers on the hub's thread, or None when a worker must
        self.limits = limits or Limits()
        self.pool = ThreadPoolExecutor(max_workers=self.limits.workers, thread_name_prefix="usconf-emulator")
        self.selector = selectors.DefaultSelector()
        self.wake_r, self.wake_w = socket.socketpair()
        self.wake_r.setblocking(False)
        self.wake_w.setblocking(False)      # a worker never waits to wake the hub
        self.selector.register(self.wake_r, selectors.EVENT_READ, None)
        self.ops, self.ops_lock = [], threading.Lock()
        self.conns = {}             # every open connection of the run, in the hub or with a worker
        self.ready = []             # connections with a whole request already buffered (pipelined)
        self.stopping = False
        shortest = min(self.limits.idle_timeout, self.limits.linger_seconds)
        self.tick = min(1.0, max(0.02, shortest / 4))
        self.next_sweep = 0.0
        self.thread = threading.Thread(target=self._run, name="usconf-emulator-hub", daemon=True)
        self.thread.start()

    # --- called from any thread ---------------------------------------------------------------

    def add(self, listener):
        self._post("add", listener)

    def remove(self, listener):
        self._post("remove", listener)

    def stop(self):
        self.stopping = True
        try:
            self.wake_w.send(b"x")
        except OSError:
            pass
        self.thread.join(5)
        self.pool.shutdown(wait=False, cancel_futures=True)
        for key in list(self.selector.get_map().values()):
            if key.data is not None and not isinstance(key.data, Conn):
                key.data.server_close()
        for conn in list(self.conns.values()):
            self._forget(conn)
        self.selector.close()
        self.wake_r.close()
        self.wake_w.close()

    def _post(self, op, item):
        with self.ops_lock:
            if self.stopping:
                if isinstance(item, Conn):
                    item.sock.close()
                return
            self.ops.append((op, item))
        try:
            self.wake_w.send(b"x")
        except BlockingIOError:
            pass        # the hub has plenty of wake-ups pending already

    # --- a worker --------------------------------------------------------------------------------

    def _work(self, conn):
        """A worker's turn on a connection: answer what is there, and the next requests too while
        they follow at once (a busy keep-alive client then costs no trip through the hub)."""
        outcome = CLOSE
        try:
            for _ in range(_TURN):
                outcome = self.serve(conn)
                if outcome == BODY and len(conn.buf) >= conn.need:
                    continue
                if outcome != KEEP or not ((conn.buf and head_length(conn.buf)) or self._next_follows(conn)):
                    break
        except Exception:  # noqa: BLE001 -- a broken client or a bug ends this connection, not the run
            outcome = CLOSE
        self._post(outcome, conn)

    def _finish(self, conn, outcome):
        """Send the rest of an answer begun on the hub's thread, then give the connection back."""
        try:
            conn.send(conn.unsent, self.limits.idle_timeout)
        except Exception:  # noqa: BLE001 -- as in _work
            outcome = CLOSE
        conn.unsent = None
        self._post(outcome, conn)

    def _next_follows(self, conn):
        """True when the connection's next head arrives within _FOLLOW_MS milliseconds."""
        # poll() rather than a socket timeout: two system calls a request fewer (blocking mode on, off)
        if not readable(conn.sock, _FOLLOW_MS):
            return False
        try:
            data = conn.sock.recv(_RECV)
        except (BlockingIOError, InterruptedError):
            return False
        if not data:
            raise ConnectionError("closed by the client")
        conn.buf += data
        return bool(head_length(conn.buf))

    # --- the hub thread --------------------------------------------------------------------------

    def _run(self):
        while not self.stopping:
            events = self.selector.select(0 if self.ready else self.tick if self.conns else None)
            for key, _ in events:
                try:
                    if key.data is None:
                        self._apply()
                    elif isinstance(key.data, Conn):
                        self._receive(key.data)
                    elif isinstance(key.data, Listener):
                        self._accept(key.data)
                    else:
                        key.data.handle_request()     # another reader, such as the discovery responder
                except Exception:  # noqa: BLE001 -- one broken socket must not stop every device of the run
                    if isinstance(key.data, Conn):
                        self._forget(key.data)
            if self.ready:
                self._serve_ready()
            now = time.monotonic()
            if self.conns and now >= self.next_sweep:
                self._sweep(now)
                self.next_sweep = now + self.tick

    def _serve_ready(self):
        """One more request of each connection that had several buffered: a turn each, in order."""
        ready, self.ready = self.ready, []
        for conn in ready:
            whole = len(conn.buf) >= conn.need if conn.state == _BODY else head_length(conn.buf)
            if conn.sock in self.conns and conn.state in (_HEAD, _BODY) and whole:
                try:
                    self._dispatch(conn)
                except Exception:  # noqa: BLE001 -- as in _run
                    self._forget(conn)

    def _apply(self):
        try:
            while self.wake_r.recv(4096):
                pass
        except (BlockingIOError, InterruptedError):
            pass
        with self.ops_lock:
            ops, self.ops = self.ops, []
        now = time.monotonic()
        for op, item in ops:
            try:
                self._apply_one(op, item, now)
            except Exception:  # noqa: BLE001 -- as in _run
                if isinstance(item, Conn):
                    self._forget(item)

    def _apply_one(self, op, item, now):
        if op == "add":
            self.selector.register(item.socket, selectors.EVENT_READ, item)
        elif op == "remove":
            self.selector.unregister(item.socket)
            item.server_close()
        elif item.sock.fileno() < 0 or item.sock not in self.conns:
            self._forget(item)
        else:
            self._settle(item, op, now)

    def _settle(self, conn, outcome, now):
        """What becomes of a connection after an answer, by the `outcome` of serve."""
        if outcome == KEEP:
            self._watch(conn, _HEAD, now + self.limits.idle_timeout)
            if head_length(conn.buf):
                self.ready.append(conn)     # the next request is there already: answered on the next turn
        elif outcome == BODY:
            self._watch(conn, _BODY, now + self.limits.idle_timeout)
            if len(conn.buf) >= conn.need:
                self.ready.append(conn)
        elif outcome == LINGER:
            self._linger(conn, now)
        else:
            self._forget(conn)

    def _accept(self, listener):
        for _ in range(64):
            try:
                sock, address = listener.socket.accept()
            except OSError:     # nothing more to accept, or out of descriptors: try on the next wake-up
                return
            if len(self.conns) >= self.limits.max_connections and not self._evict():
                sock.close()
                continue
            sock.setblocking(False)
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            conn = Conn(sock, address, listener)
            self.conns[sock] = conn
            listener.owner.connections.add(sock)
            self._watch(conn, _HEAD, time.monotonic() + self.limits.idle_timeout)

    def _evict(self):
        """Make room by closing the connection waiting longest in the hub; False when all are busy."""
        waiting = [c for c in self.conns.values() if c.state != _BUSY]
        if not waiting:
            return False
        self._forget(min(waiting, key=lambda c: c.deadline))
        return True

    def _watch(self, conn, state, deadline):
        conn.state, conn.deadline = state, deadline
        if not conn.registered:
            self.selector.register(conn.sock, selectors.EVENT_READ, conn)
            conn.registered = True

    def _receive(self, conn):
        size = _RECV
        if conn.state == _BODY:
            size = max(_RECV, min(conn.need - len(conn.buf), _RECV_BODY))
        try:
            data = conn.sock.recv(size)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            data = b""
        if not data:
            self._forget(conn)
            return
        if conn.state == _LINGER:
            conn.discarded += len(data)
            if conn.discarded > self.limits.linger_bytes:
                self._forget(conn)
            return
        now = time.monotonic()
        if conn.state == _BODY:
            conn.buf += data
            conn.deadline = now + self.limits.idle_timeout     # a body in progress keeps its connection
            if len(conn.buf) >= conn.need:
                self._dispatch(conn)
            return
        if not conn.buf:
            # A new request starts: its head must be whole within the timeout, however it trickles in.
            conn.deadline = now + self.limits.idle_timeout
        conn.buf += data
        if conn.buf[:1] in (b"\r", b"\n"):
            conn.buf[:] = conn.buf.lstrip(b"\r\n")     # blank lines before a request are allowed
        size = head_length(conn.buf)
        if 0 < size <= self.limits.max_head:
            self._dispatch(conn)
        elif size or len(conn.buf) > self.limits.max_head:
            try:
                conn.sock.send(_HEAD_TOO_LARGE)
            except OSError:
                pass
            self._linger(conn, now)

    def _dispatch(self, conn):
        """A whole request (or its body) is buffered: answer it here when the HTTP layer can without
        waiting, else hand the connection to a worker (and the rest of an answer too big to send at once)."""
        conn.state = _BUSY
        if self.serve_now is not None:
            conn.on_hub = True
            try:
                outcome = self.serve_now(conn)
            except Exception:  # noqa: BLE001 -- as in _work
                outcome = CLOSE
            finally:
                conn.on_hub = False
            if outcome is not None and conn.unsent is None:
                self._settle(conn, outcome, time.monotonic())
                return
            if outcome is not None:
                self._unwatch(conn)
                self.pool.submit(self._finish, conn, outcome)
                return
        self._unwatch(conn)
        self.pool.submit(self._work, conn)

    def _unwatch(self, conn):
        if conn.registered:
            self.selector.unregister(conn.sock)
            conn.registered = False

    def _linger(self, conn, now):
        """Half-close after an answer and drop what still comes, so the client reads the answer
        instead of a reset; the request's unread body is never stored."""
        conn.buf = bytearray()
        conn.exchange = None
        try:
            conn.sock.shutdown(socket.SHUT_WR)
        except OSError:
            self._forget(conn)
            return
        self._watch(conn, _LINGER, now + self.limits.linger_seconds)

    def _sweep(self, now):
        for conn in [c for c in self.conns.values() if c.state != _BUSY and c.deadline <= now]:
            self._forget(conn)

    def _forget(self, conn):
        if conn.registered:
            try:
                self.selector.unregister(conn.sock)
            except (KeyError, ValueError):
                pass
            conn.registered = False
        self.conns.pop(conn.sock, None)
        conn.listener.owner.connections.discard(conn.sock)
        conn.sock.close()
