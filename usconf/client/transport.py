"""One HTTP exchange with a device, and every way it can go wrong, as one-line errors.

The transport knows nothing of sessions or retries. It sorts failures into the
kinds the session layer needs to decide on a retry: the request surely never
reached the device (`Unreachable`), or it may have (`NoAnswer`). Messages name
the device's base URL only: query strings carry stream keys and password hashes.
"""
import json
import re

from usconf.client import methods
from usconf.client.connections import HEADERS, Connections
from usconf.client.log import debug
from usconf.client.wire import BrokenAnswer, TooLarge
from usconf.errors import AuthenticationFailed, ConnectionFailed
from usconf.files import MIB, size_text
from usconf.sockets import TIMEOUTS
from usconf.urls import quote, urlencode, urlsplit  # not urllib.parse: loading it costs every start ~2 ms


class Unreachable(ConnectionFailed):
    """No connection could be made: the request was certainly not delivered."""


class NoAnswer(ConnectionFailed):
    """The request was sent but no answer came (timeout, dropped connection, server error)."""


class NotUltraStream(ConnectionFailed):
    """Something answered, but not the way an Ultra Stream does."""


class MethodNotFound(Exception):
    """HTTP 404 for a method; the session layer decides whether the device or the method is missing."""


_REASONS = [
    ("connection refused", "connection refused"),
    ("name or service not known", "unknown host"),
    ("nodename nor servname", "unknown host"),
    ("getaddrinfo failed", "unknown host"),
    ("temporary failure in name resolution", "unknown host"),
    ("no route to host", "no route to host"),
    ("network is unreachable", "network is unreachable"),
    ("idna", "unknown host"),           # a host name that cannot be encoded cannot be looked up
]

# The device is untrusted: an answer is read up to these sizes, no further.
MAX_FILE_ANSWER = 64 * MIB      # a report page or an EDID; firmware is only ever uploaded
MAX_JSON_ANSWER = 8 * MIB       # get-settings of a busy device is tens of KB
_CONNECT_FAILED = (OSError, UnicodeError)      # UnicodeError: a host name IDNA cannot encode


def _reason(exc):
    text = str(exc).lower()
    for needle, reason in _REASONS:
        if needle in text:
            return reason
    return "connection failed"


def _seconds(timeout):
    return f"{timeout:g}s"


def _timed_out(cls, timeout, base, attempts=1, elapsed=None):
    """A timeout error; after retries it says how many tries and how long they took in all."""
    tries = f" ({attempts} attempts, {elapsed:.1f}s)" if attempts > 1 else ""
    exc = cls(f"timed out after {_seconds(timeout)}{tries} talking to {base}")
    exc.timeout, exc.base = timeout, base
    return exc


def after_retries(exc, attempts, elapsed):
    """`exc` as it should read once `attempts` sends have failed over `elapsed` seconds."""
    if attempts > 1 and getattr(exc, "timeout", None) is not None:
        return _timed_out(type(exc), exc.timeout, exc.base, attempts, elapsed)
    return exc


class Transport:
    """GET / POST to `<base>/usapi` (or the cloud base) and decode the JSON answer."""

    def __init__(self, base, cloud_base, timeout):
        self.base = base
        self.cloud_base = cloud_base
        self.timeout = timeout
        self._parts = {False: urlsplit(base), True: urlsplit(cloud_base)}
        self._connections = Connections(timeout)

    def close(self):
        self._connections.close()

    def clear_cookies(self):
        """Forget the session cookie (and any other the device set): the next login starts afresh."""
        self._connections.clear_cookies()

    def connections_opened(self):
        """TCP connections opened so far, per "host:port"."""
        return dict(self._connections.opened)

    def send(self, method, params, json_body=None, upload=None, cloud=None):
        """The decoded answer (a dict holding `result` or `status`); raises on any other outcome.

        Cloud methods go to the cloud base; `cloud=True` sends any method there."""
        cloud = method in methods.CLOUD if cloud is None else cloud
        base, parts = (self.cloud_base, self._parts[True]) if cloud else (self.base, self._parts[False])
        debug("-> %s %s", method, methods.masked(params))
        verb, target, body, headers = _request(parts.path + ("/cloud-api" if cloud else "/usapi"), method, params,
                                               json_body, upload)
        cookie = self._connections.cookie_header(parts.hostname)
        if cookie:
            headers["Cookie"] = cookie
        # `from None` throughout: the exception text could hold the request line, secrets included.
        try:
            conn = self._connections.get(parts)
        except TIMEOUTS:
            raise _timed_out(Unreachable, self.timeout, base) from None
        except _CONNECT_FAILED as exc:
            raise Unreachable(f"cannot reach {base}: {_reason(exc)}") from None
        # From here on the request may have reached the device: no failure is Unreachable.
        try:
            resp = conn.exchange(verb, target, headers, body)
            self._connections.keep_cookies(parts.hostname, resp.all("set-cookie"))
            data = _read(resp, method)
        except BaseException as exc:
            conn.close()    # stopped mid-exchange, however: the connection cannot carry another request
            failure = self._failure(exc, base, method)
            if failure is None:
                raise
            raise failure from None
        if data is None:
            conn.close()    # its body was left unread: the connection cannot carry another request
        answer = self._decode(resp, data, base, method)
        debug("<- %s result=%s", method, answer.get("result", answer.get("status")))
        return answer

    def _failure(self, exc, base, method):
        """What a failure after connecting means; None for what is no failure of the exchange."""
        if isinstance(exc, TIMEOUTS):
            return _timed_out(NoAnswer, self.timeout, base)
        if isinstance(exc, TooLarge):
            return NotUltraStream(f"{base} is not an Ultra Stream (an answer over {size_text(exc.args[0])})")
        if isinstance(exc, (OSError, BrokenAnswer)):
            return NoAnswer(f"{base} closed the connection without answering {method}")
        return None

    def _decode(self, resp, data, base, method):
        status = resp.status
        if status == 404:
            raise MethodNotFound(method)
        if status in (401, 403):
            raise AuthenticationFailed(f"{base} refused access (HTTP {status})")
        if status >= 500:
            raise NoAnswer(f"{base} answered HTTP {status} to {method}")
        if status != 200:
            raise NotUltraStream(f"{base} is not an Ultra Stream (HTTP {status})")
        ctype = resp.header("content-type")
        if _is_file(method, ctype):
            # These answer with the file itself (a download or the report page), not JSON.
            return {"result": 0, "data": data, "filename": _filename(resp)}
        text = _text(data, ctype).lstrip()
        if "html" in ctype or text.startswith("<"):
            raise NotUltraStream(f"{base} is not an Ultra Stream (HTML page)")
        try:
            body = json.loads(text)
        except ValueError:
            raise NotUltraStream(f"{base} is not an Ultra Stream (not JSON)") from None
        if not isinstance(body, dict) or ("result" not in body and "status" not in body):
            raise NotUltraStream(f"{base} is not an Ultra Stream (JSON without a result)")
        return body


def _request(path, method, params, json_body, upload):
    """(verb, target, body, headers) of a call; the query is what requests made of `params=` the same list."""
    query = [("method", method)] + [(k, methods.encode(v)) for k, v in params.items() if v is not None]
    target = quote(path, safe="!#$%&'()*+,/:;=?@[]~") + "?" + urlencode(query)
    headers = dict(HEADERS)
    if upload is not None:
        headers["Content-Type"] = upload.content_type
        return "POST", target, upload, headers
    if json_body is not None:
        headers["Content-Type"] = "application/json;charset=UTF-8"
        return "POST", target, json.dumps(json_body).encode(), headers
    return "GET", target, None, headers


def _is_file(method, ctype):
    return "json" not in ctype and (method in methods.HTML_ANSWERS or
                                    (method in methods.FILE_ANSWERS and "html" not in ctype))


def _read(resp, method):
    """The body of a 200 answer, within the size its kind may have; None for any other status."""
    if resp.status != 200:
        return None
    return resp.read(MAX_FILE_ANSWER if _is_file(method, resp.header("content-type")) else MAX_JSON_ANSWER)


def _text(data, ctype):
    """The body as text: in the charset the answer names, else UTF-8 (JSON's own encoding)."""
    named = re.search(r'charset\s*=\s*"?([^";\s]+)', ctype, re.IGNORECASE)
    try:
        return data.decode(named.group(1) if named else "utf-8", "replace")
    except LookupError:
        return data.decode("utf-8", "replace")


def _filename(resp):
    found = re.search(r'filename="?([^";]+)"?', resp.header("content-disposition"))
    return found.group(1) if found else None


def result_code(body, base):
    """The integer result of an answer; `"0"` is accepted, upload-update-file's `status` too."""
    value = body["result"] if "result" in body else body.get("status")
    if isinstance(value, bool):
        value = None
    if isinstance(value, str) and re.fullmatch(r"\s*-?\d+\s*", value):
        value = int(value)
    if not isinstance(value, int):
        raise NotUltraStream(f"{base} is not an Ultra Stream (unreadable result {value!r})")
    return value
