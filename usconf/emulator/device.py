"""One emulated encoder on the network: its Backend, listeners, lock, faults, write lag and request log.

The HTTP layer (http.py) parses a request and calls `Device.process`, which holds the
device's lock for the whole call, so concurrent clients see whole requests only.
"""
import socket
import threading
import time

from usconf.copies import plain_copy
from usconf.emulator import hub, persist
from usconf.emulator.api import READS
from usconf.spec import codes

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
        self.encoded = {}           # read method -> its last answer, marshalled and as JSON (http.py)

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
