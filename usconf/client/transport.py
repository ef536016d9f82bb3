"""One HTTP exchange with a device, and every way it can go wrong, as one-line errors.

The transport knows nothing of sessions or retries. It sorts failures into the
kinds the session layer needs to decide on a retry: the request surely never
reached the device (`Unreachable`), or it may have (`NoAnswer`). Messages name
the device's base URL only: query strings carry stream keys and password hashes.
"""
import json
import logging
import re

import requests
from urllib3.exceptions import MaxRetryError

from usconf.client import methods
from usconf.client.logfilter import install as _install_log_filter
from usconf.errors import AuthenticationFailed, ConnectionFailed

log = logging.getLogger("usconf.client")


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
]


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
        self.http = requests.Session()
        # Encoders sit on the local network: never route to them through a proxy from the
        # environment (HTTP_PROXY would also carry session cookies and keys to a third host).
        self.http.trust_env = False

    def close(self):
        self.http.close()

    def send(self, method, params, json_body=None, upload=None, cloud=None):
        """The decoded answer (a dict holding `result` or `status`); raises on any other outcome.

        Cloud methods go to the cloud base; `cloud=True` sends any method there."""
        cloud = method in methods.CLOUD if cloud is None else cloud
        base = self.cloud_base if cloud else self.base
        url = f"{base}/cloud-api" if cloud else f"{base}/usapi"
        query = [("method", method)] + [(k, methods.encode(v)) for k, v in params.items() if v is not None]
        log.debug("-> %s %s", method, methods.masked(params))
        if upload is not None:
            data, content_type = upload, upload.content_type
        elif json_body is not None:
            data, content_type = json.dumps(json_body).encode(), "application/json;charset=UTF-8"
        else:
            data = content_type = None
        try:
            # never follow a redirect: a device sends none, and following one could leave loopback
            if data is None:
                resp = self.http.get(url, params=query, timeout=self.timeout, allow_redirects=False)
            else:
                resp = self.http.post(url, params=query, data=data, headers={"Content-Type": content_type},
                                      timeout=self.timeout, allow_redirects=False)
        # `from None` throughout: the requests exception text holds the full URL, secrets included.
        except requests.ConnectTimeout:
            raise _timed_out(Unreachable, self.timeout, base) from None
        except requests.ReadTimeout:
            raise _timed_out(NoAnswer, self.timeout, base) from None
        except requests.ConnectionError as exc:
            inner = exc.args[0] if exc.args else None
            if isinstance(inner, MaxRetryError):
                raise Unreachable(f"cannot reach {base}: {_reason(inner.reason)}") from None
            raise NoAnswer(f"{base} closed the connection without answering {method}") from None
        except requests.RequestException as exc:
            raise Unreachable(f"cannot reach {base}: {type(exc).__name__}") from None
        body = self._decode(resp, base, method)
        log.debug("<- %s result=%s", method, body.get("result", body.get("status")))
        return body

    def _decode(self, resp, base, method):
        status = resp.status_code
        if status == 404:
            raise MethodNotFound(method)
        if status in (401, 403):
            raise AuthenticationFailed(f"{base} refused access (HTTP {status})")
        if status >= 500:
            raise NoAnswer(f"{base} answered HTTP {status} to {method}")
        if status != 200:
            raise NotUltraStream(f"{base} is not an Ultra Stream (HTTP {status})")
        ctype = resp.headers.get("Content-Type", "")
        if "json" not in ctype and (method in methods.HTML_ANSWERS or
                                    (method in methods.FILE_ANSWERS and "html" not in ctype)):
            # These answer with the file itself (a download or the report page), not JSON.
            return {"result": 0, "data": resp.content, "filename": _filename(resp)}
        text = resp.text.lstrip()
        if "html" in ctype or text.startswith("<"):
            raise NotUltraStream(f"{base} is not an Ultra Stream (HTML page)")
        try:
            body = json.loads(text)
        except ValueError:
            raise NotUltraStream(f"{base} is not an Ultra Stream (not JSON)") from None
        if not isinstance(body, dict) or ("result" not in body and "status" not in body):
            raise NotUltraStream(f"{base} is not an Ultra Stream (JSON without a result)")
        return body


def _filename(resp):
    found = re.search(r'filename="?([^";]+)"?', resp.headers.get("Content-Disposition", ""))
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


# Before any request is made: urllib3 logs each request line, query string included, at DEBUG.
_install_log_filter()
