"""The parts of urllib.parse usconf needs, done as urllib.parse does them.

Loading urllib.parse costs a fresh process about 2 ms (it loads ipaddress too), a few per cent of
a one-device `usconf plan`, for three functions: percent-encoding a query (`quote`, `quote_plus`,
`urlencode`) and splitting a device URL (`urlsplit`). Each gives what its urllib.parse namesake
gives in Python 3.11.7 for the same input, errors included; tests/client/test_urls.py holds them
to it. Python releases differ on hosts in brackets: the check that one is an IPv6 or IPvFuture
address came in 3.11.4 (and in security releases of 3.9 and 3.10); later releases also refuse
text before `[` or between `]` and the port (CVE-2025-0938), which 3.11.7, like this module, takes.
"""

# RFC 3986 unreserved characters: never percent-encoded.
_ALWAYS_SAFE = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-~")
_TABLES = {}

# What urlsplit strips from the start of a URL, and removes from anywhere in it (WHATWG URL standard).
_C0_CONTROL_OR_SPACE = "".join(map(chr, range(0x21)))
_UNSAFE_URL_CHARS = ("\t", "\r", "\n")
_SCHEME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+-.")
_HEX_DIGITS = frozenset("0123456789ABCDEFabcdef")


def _table(safe):
    """str.translate table for UTF-8 bytes read as Latin-1: each byte not safe becomes %XX."""
    table = _TABLES.get(safe)
    if table is None:
        keep = _ALWAYS_SAFE.union(safe.encode("ascii", "ignore"))
        table = _TABLES[safe] = {b: f"%{b:02X}" for b in range(256) if b not in keep}
    return table


def quote(text, safe="/"):
    """urllib.parse.quote of a str: UTF-8, every byte outside the unreserved set and `safe` as %XX."""
    if not isinstance(text, str):
        raise TypeError(f"quote() expected str, not {type(text).__name__}")
    return text.encode("utf-8").decode("latin-1").translate(_table(safe))


def quote_plus(text, safe=""):
    """urllib.parse.quote_plus of a str: as quote(), with spaces as `+`."""
    if " " not in text:
        return quote(text, safe)
    return quote(text, safe + " ").replace(" ", "+")


def urlencode(pairs):
    """urllib.parse.urlencode of (name, value) pairs: `name=value&...`, each quote_plus'ed."""
    return "&".join(quote_plus(str(k)) + "=" + quote_plus(str(v)) for k, v in pairs)


class SplitURL:
    """What urllib.parse.urlsplit gives: scheme, netloc, path, query, fragment; hostname and port."""

    __slots__ = ("scheme", "netloc", "path", "query", "fragment")

    def __init__(self, scheme, netloc, path, query, fragment):
        self.scheme, self.netloc, self.path, self.query, self.fragment = scheme, netloc, path, query, fragment

    def __repr__(self):
        return (f"SplitURL(scheme={self.scheme!r}, netloc={self.netloc!r}, path={self.path!r}, "
                f"query={self.query!r}, fragment={self.fragment!r})")

    def _hostinfo(self):
        hostinfo = self.netloc.rpartition("@")[2]
        _, bracket, bracketed = hostinfo.partition("[")
        if bracket:
            hostname, _, port = bracketed.partition("]")
            port = port.partition(":")[2]
        else:
            hostname, _, port = hostinfo.partition(":")
        return hostname, port or None

    @property
    def hostname(self):
        """The host in lower case, without brackets or port (an IPv6 zone keeps its case); None if empty."""
        hostname = self._hostinfo()[0]
        if not hostname:
            return None
        host, percent, zone = hostname.partition("%")
        return host.lower() + percent + zone

    @property
    def port(self):
        """The port as an int, None without one; ValueError when it is not a number or out of range."""
        port = self._hostinfo()[1]
        if port is None:
            return None
        if not (port.isdigit() and port.isascii()):
            raise ValueError(f"Port could not be cast to integer value as {port!r}")
        port = int(port)
        if not 0 <= port <= 65535:
            raise ValueError("Port out of range 0-65535")
        return port


def urlsplit(url):
    """urllib.parse.urlsplit(url) of a str; ValueError for what it refuses (brackets, NFKC tricks)."""
    url = url.lstrip(_C0_CONTROL_OR_SPACE)
    for c in _UNSAFE_URL_CHARS:
        url = url.replace(c, "")
    scheme = netloc = query = fragment = ""
    i = url.find(":")
    if i > 0 and url[0].isascii() and url[0].isalpha() and _SCHEME_CHARS.issuperset(url[:i]):
        scheme, url = url[:i].lower(), url[i + 1:]
    if url[:2] == "//":
        end = min([p for p in (url.find(c, 2) for c in "/?#") if p >= 0], default=len(url))
        netloc, url = url[2:end], url[end:]
        if ("[" in netloc) != ("]" in netloc):
            raise ValueError("Invalid IPv6 URL")
        if "[" in netloc:
            _check_bracketed_host(netloc.partition("[")[2].partition("]")[0])
    if "#" in url:
        url, fragment = url.split("#", 1)
    if "?" in url:
        url, query = url.split("?", 1)
    _check_netloc(netloc)
    return SplitURL(scheme, netloc, url, query, fragment)


def _check_bracketed_host(host):
    """A host in brackets is an IPv6 address (with a zone or not) or an IPvFuture `vX.text`."""
    if host.startswith("v"):
        version, dot, rest = host[1:].partition(".")
        if not (dot and version and _HEX_DIGITS.issuperset(version) and rest and "\n" not in rest):
            raise ValueError("IPvFuture address is invalid")
    elif _is_ipv4(host):
        raise ValueError("An IPv4 address cannot be in brackets")
    elif not _is_ipv6(host):
        raise ValueError(f"{host!r} does not appear to be an IPv4 or IPv6 address")


def _is_ipv6(text):
    """Whether ipaddress.IPv6Address(text) would take it: 8 hextets, one `::`, an IPv4 tail, a %zone."""
    if "/" in text:
        return False
    text, percent, zone = text.partition("%")
    if percent and (not zone or "%" in zone):
        return False
    parts = text.split(":")
    if not text or len(parts) < 3:
        return False
    if "." in parts[-1]:
        if not _is_ipv4(parts.pop()):
            return False
        parts += ["0", "0"]
    if len(parts) > 9:
        return False
    inner = [i for i in range(1, len(parts) - 1) if not parts[i]]
    if len(inner) > 1:
        return False
    if inner:
        hi, lo = inner[0], len(parts) - inner[0] - 1
        if not parts[0]:
            hi -= 1
            if hi:
                return False
        if not parts[-1]:
            lo -= 1
            if lo:
                return False
        if hi + lo > 7:
            return False
        hextets = parts[:hi] + parts[len(parts) - lo:]
    else:
        if len(parts) != 8:
            return False
        hextets = parts
    return all(h and len(h) <= 4 and _HEX_DIGITS.issuperset(h) for h in hextets)


def _is_ipv4(text):
    octets = text.split(".")
    return len(octets) == 4 and all(
        o and o.isascii() and o.isdigit() and len(o) <= 3 and (o == "0" or o[0] != "0") and int(o) <= 255
        for o in octets)


def _check_netloc(netloc):
    """Refuse a host whose NFKC form (what IDNA looks up) holds a URL delimiter, as urlsplit does."""
    if not netloc or netloc.isascii():
        return
    import unicodedata  # only for a host that is not ASCII

    n = netloc.replace("@", "").replace(":", "").replace("#", "").replace("?", "")
    normalised = unicodedata.normalize("NFKC", n)
    if n != normalised and any(c in normalised for c in "/?#@:"):
        raise ValueError(f"netloc '{netloc}' contains invalid characters under NFKC normalization")
