"""Keep-alive HTTP connections to a device, one per host and port, and the cookies it sets.

The standard library's http.client instead of requests: this is all an Ultra Stream
needs, and `usconf plan` starts ~75 ms sooner without requests and urllib3.
- A connection is reused while the device keeps it open. Before reuse it is checked
  for readability (as urllib3 does): a device that closed it while idle makes it
  readable (EOF), and a request sent on it would fail after it may count as sent.
- No proxy from the environment (it would see session cookies and keys) and no
  redirects: http.client does neither.
- Cookies are kept per host as the device set them (`name=value`) and sent back to
  every port of that host: the session of the main port is the cloud port's too.
"""
import http.client
import logging
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime

from usconf import __version__
from usconf.sockets import readable

log = logging.getLogger("usconf.client")

BLOCK = 64 * 1024
HEADERS = {"User-Agent": f"usconf/{__version__}", "Accept": "*/*", "Connection": "keep-alive"}
_DEFAULT_PORT = {"http": 80, "https": 443}


class TooLarge(Exception):
    """An answer longer than the caller reads from an untrusted device."""


def read_body(resp, limit):
    """The whole body of `resp`; TooLarge past `limit` bytes, IncompleteRead when it is cut short."""
    if resp.length is not None and resp.length > limit:
        raise TooLarge(limit)
    chunks, total = [], 0
    while True:
        chunk = resp.read(min(BLOCK, limit + 1 - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
        if total > limit:
            raise TooLarge(limit)
    if resp.length:                 # the connection ended before Content-Length bytes came
        raise http.client.IncompleteRead(b"".join(chunks), resp.length)
    return b"".join(chunks)


class Connections:
    """Open connections by (scheme, host, port), and cookies by host."""

    def __init__(self, timeout):
        self.timeout = timeout
        self._open = {}
        self._cookies = {}
        self.opened = {}            # "host:port" -> connections opened so far (tests count them)

    def get(self, parts):
        """A connected HTTPConnection to `parts` (a urlsplit result); OSError when none can be made."""
        port = parts.port or _DEFAULT_PORT[parts.scheme]
        key = (parts.scheme, parts.hostname, port)
        conn = self._open.pop(key, None)
        if conn is not None:
            if conn.sock is not None and not readable(conn.sock):   # readable while idle: closed, or junk
                self._open[key] = conn
                return conn
            conn.close()
            log.debug("connecting to %s:%s again: the device closed the idle connection", parts.hostname, port)
        kind = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
        conn = kind(parts.hostname, port, timeout=self.timeout, blocksize=BLOCK)
        conn.connect()
        self._open[key] = conn
        name = f"{parts.hostname}:{port}"
        self.opened[name] = self.opened.get(name, 0) + 1
        return conn

    def close(self):
        for conn in self._open.values():
            conn.close()
        self._open.clear()

    # --- cookies -------------------------------------------------------------------------

    def cookie_header(self, host):
        jar = self._cookies.get(host.lower())
        return "; ".join(f"{name}={value}" for name, value in jar.items()) if jar else None

    def keep_cookies(self, host, set_cookie_lines):
        """Remember what Set-Cookie lines set; one that expires removes its cookie."""
        for line in set_cookie_lines:
            pair, _, attributes = line.partition(";")
            name, equals, value = pair.partition("=")
            name, value = name.strip(), value.strip()
            if not equals or not name:
                continue
            jar = self._cookies.setdefault(host.lower(), {})
            if _expired(attributes):
                jar.pop(name, None)
            else:
                jar[name] = value

    def clear_cookies(self):
        self._cookies.clear()


def _expired(attributes):
    """Max-Age <= 0, or else an Expires in the past (RFC 6265: Max-Age wins)."""
    found = {}
    for attribute in attributes.split(";"):
        name, _, value = attribute.partition("=")
        found[name.strip().lower()] = value.strip()
    if "max-age" in found:
        try:
            return int(found["max-age"]) <= 0
        except ValueError:
            pass
    if "expires" in found:
        try:
            when = parsedate_to_datetime(found["expires"])
        except (TypeError, ValueError, IndexError):
            return False
        if when.tzinfo is None:
            when = when.replace(tzinfo=timezone.utc)
        return when <= datetime.now(timezone.utc)
    return False
