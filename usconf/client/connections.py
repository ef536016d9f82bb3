"""Keep-alive HTTP connections to a device, one per host and port, and the cookies it sets.

usconf.client.wire instead of requests or http.client: this is all an Ultra Stream
needs, and `usconf plan` starts ~75 ms sooner without requests and urllib3, ~13 ms
without http.client (and ssl and email, which it loads).
- A connection is reused while the device keeps it open. Before reuse it is checked
  for readability (as urllib3 does): a device that closed it while idle makes it
  readable (EOF), and a request sent on it would fail after it may count as sent.
- No proxy from the environment (it would see session cookies and keys) and no
  redirects: the wire does neither.
- Cookies are kept per host as the device set them (`name=value`) and sent back to
  every port of that host: the session of the main port is the cloud port's too.
"""
from usconf import __version__
from usconf.client.log import debug
from usconf.client.wire import DEFAULT_PORT, Connection

HEADERS = {"User-Agent": f"usconf/{__version__}", "Accept": "*/*", "Connection": "keep-alive"}


class Connections:
    """Open connections by (scheme, host, port), and cookies by host."""

    def __init__(self, timeout):
        self.timeout = timeout
        self._open = {}
        self._cookies = {}
        self.opened = {}            # "host:port" -> connections opened so far (tests count them)

    def get(self, parts):
        """A wire.Connection to `parts` (a urlsplit result); OSError when none can be made."""
        port = parts.port or DEFAULT_PORT[parts.scheme]
        key = (parts.scheme, parts.hostname, port)
        conn = self._open.pop(key, None)
        if conn is not None:
            if conn.reusable():
                self._open[key] = conn
                return conn
            conn.close()
            debug("connecting to %s:%s again: the device closed the idle connection", parts.hostname, port)
        conn = Connection.open(parts.scheme, parts.hostname, port, self.timeout)
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
        # loaded only here: email.utils and datetime cost ~5 ms at start-up, and devices set Max-Age
        from datetime import datetime, timezone
        from email.utils import parsedate_to_datetime
        try:
            when = parsedate_to_datetime(found["expires"])
        except (TypeError, ValueError, IndexError):
            return False
        if when.tzinfo is None:
            when = when.replace(tzinfo=timezone.utc)
        return when <= datetime.now(timezone.utc)
    return False
