"""HTTP/1.1 over a socket, as much of it as an Ultra Stream speaks: one request, then its answer.

In place of http.client, whose import (ssl, email) cost ~13 ms of every `usconf plan`.
The device is untrusted: the head of an answer is read up to MAX_HEAD bytes and MAX_FIELDS
fields, its body up to a limit the caller gives (TooLarge past it), and whatever is not
HTTP/1.x as RFC 9112 writes it, or ends early, is BrokenAnswer. Control characters are
refused in host names and field values: a cookie the device sets is sent back in a request.
"""
import re

from usconf.sockets import connect, readable

BLOCK = 64 * 1024
MAX_HEAD = 64 * 1024        # the status line and the fields of an answer, trailer fields included
MAX_FIELDS = 100            # as http.client had it
DEFAULT_PORT = {"http": 80, "https": 443}

_STATUS = re.compile(rb"HTTP/1\.(\d) +(\d{3})(?: .*)?")
_NAME = re.compile(rb"[!#$%&'*+.^_`|~0-9A-Za-z-]+")
_CHUNK_SIZE = re.compile(rb"([0-9A-Fa-f]{1,16}) *(?:;.*)?")
_CONTROL = re.compile(r"[\x00-\x20\x7f]")


def _tls(sock, host, timeout):
    """`sock` (connected) wrapped in TLS. Only here: encoders serve plain HTTP, and ssl takes
    milliseconds to load. ssl wraps a socket of the `socket` module, so the connection is handed
    over to one."""
    import socket
    import ssl

    plain = socket.socket(sock.family, sock.type, sock.proto, sock.detach())
    try:
        plain.settimeout(timeout)
        return ssl.create_default_context().wrap_socket(plain, server_hostname=host)
    except BaseException:
        plain.close()
        raise


class BrokenAnswer(Exception):
    """An answer that is not HTTP/1.x as the client reads it, or one cut short."""


class TooLarge(Exception):
    """An answer longer than the caller reads from an untrusted device."""


class Connection:
    """One socket to a device, carrying one request and answer at a time."""

    def __init__(self, sock, host_field):
        self.sock = sock
        self.host_field = host_field     # the Host field of every request
        self._buffer = bytearray()       # bytes received and not yet read

    @classmethod
    def open(cls, scheme, host, port, timeout):
        """A connection to `host` (a name or an IP address, v6 without brackets); OSError if none."""
        if _CONTROL.search(host):       # refused before a name lookup, as http.client did
            raise OSError("not a host name")
        # an ASCII name goes to the resolver as bytes: a str is encoded with the idna codec first,
        # whose import (encodings.idna, stringprep) costs more than the lookup itself
        sock = connect((host.encode("ascii") if host.isascii() else host, port), timeout)
        if scheme == "https":
            sock = _tls(sock, host, timeout)
        name = host if host.isascii() else host.encode("idna").decode("ascii")
        if ":" in name:
            name = f"[{name}]"
        if port != DEFAULT_PORT[scheme]:
            name = f"{name}:{port}"
        return cls(sock, name)

    def reusable(self):
        """Open, and nothing came since the last answer: a device that closed the connection while
        it was idle makes it readable (end of file), and a request sent on it would be lost."""
        return self.sock is not None and not self._buffer and not readable(self.sock)

    def close(self):
        if self.sock is not None:
            self.sock.close()
            self.sock = None

    def exchange(self, verb, target, headers, body=None):
        """Send a request and read the head of its answer. `body`: bytes, or an object with
        len() and read(size) (an Upload, sent in blocks as it reads them)."""
        lines = [f"{verb} {target} HTTP/1.1", f"Host: {self.host_field}",
                 "Accept-Encoding: identity"]     # a compressed body could not be read
        lines += [f"{name}: {value}" for name, value in headers.items()]
        if body is not None:
            lines.append(f"Content-Length: {len(body)}")
        head = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
        if body is None or isinstance(body, bytes):
            self.sock.sendall(head + (body or b""))
        else:
            self.sock.sendall(head)
            while True:
                block = body.read(BLOCK)
                if not block:
                    break
                self.sock.sendall(block)
        return self._answer()

    # --- reading ---------------------------------------------------------------------------

    def _answer(self):
        self._head_left = MAX_HEAD
        while True:
            found = _STATUS.fullmatch(self._head_line())
            if not found:
                raise BrokenAnswer("no status line")
            fields = self._fields()
            if found.group(2) != b"100":    # 100 Continue may come unasked (RFC 9110 15.2); the answer follows
                return Answer(self, found.group(1) == b"0", int(found.group(2)), fields)

    def _fields(self):
        """(lowercase name, value) of each field up to the empty line."""
        fields = []
        while True:
            line = self._head_line()
            if not line:
                return fields
            if line[:1] in (b" ", b"\t") and fields:    # obs-fold: the value above goes on (RFC 9112 5.2)
                name, value = fields[-1]
                fields[-1] = (name, f"{value} {_value(line)}")
                continue
            name, colon, value = line.partition(b":")
            if not colon or not _NAME.fullmatch(name) or len(fields) == MAX_FIELDS:
                raise BrokenAnswer("a malformed field")
            fields.append((name.decode("ascii").lower(), _value(value)))

    def _head_line(self):
        line = self._line(self._head_left)
        self._head_left -= len(line) + 1
        return line

    def _line(self, limit):
        """The next line without its CRLF (a bare LF ends one too, as for http.client); at most
        `limit` bytes with its end."""
        while True:
            end = self._buffer.find(b"\n", 0, limit)
            if end >= 0:
                line = bytes(self._buffer[:end])
                del self._buffer[:end + 1]
                return line[:-1] if line.endswith(b"\r") else line
            if len(self._buffer) >= limit:
                raise BrokenAnswer("a line too long")
            self._receive()

    def _receive(self):
        block = self.sock.recv(BLOCK)
        if not block:
            raise BrokenAnswer("the connection ended within an answer")
        self._buffer += block

    # --- bodies, as Answer.read frames them ----------------------------------------------

    def read_exactly(self, size):
        while len(self._buffer) < size:
            self._receive()
        data = bytes(self._buffer[:size])
        del self._buffer[:size]
        return data

    def read_chunked(self, limit):
        chunks, total = [], 0
        while True:
            found = _CHUNK_SIZE.fullmatch(self._line(MAX_HEAD))
            if not found:
                raise BrokenAnswer("a malformed chunk size")
            size = int(found.group(1), 16)
            if size == 0:
                self._fields()          # trailer fields: nothing the client reads
                return b"".join(chunks)
            total += size
            if total > limit:
                raise TooLarge(limit)
            chunks.append(self.read_exactly(size))
            if self._line(2):
                raise BrokenAnswer("a chunk longer than its size")

    def read_until_close(self, limit):
        while len(self._buffer) <= limit:
            block = self.sock.recv(BLOCK)
            if not block:
                data = bytes(self._buffer)
                self._buffer.clear()
                return data
            self._buffer += block
        raise TooLarge(limit)


def _value(raw):
    """A field value as text; a CR or NUL in it is refused (RFC 9110 5.5): a cookie goes back out."""
    if b"\r" in raw or b"\0" in raw:
        raise BrokenAnswer("a control character in a field")
    return raw.strip(b" \t").decode("latin-1")


class Answer:
    """The status and fields of an answer; its body is read once, with read(limit)."""

    def __init__(self, conn, http_1_0, status, fields):
        self.status = status
        self._conn = conn
        self._fields = fields
        coding = self.header("transfer-encoding").lower()
        self._chunked = coding == "chunked"
        # with any other coding the body ends when the connection does (RFC 9112 6.3)
        self._length = None if coding else _content_length(self.all("content-length"))
        tokens = {token.strip().lower() for token in self.header("connection").split(",")}
        self._last = ("close" in tokens or (http_1_0 and "keep-alive" not in tokens)
                      or (self._length is None and not self._chunked))

    def header(self, name):
        """The value of field `name` (lowercase), "" without one; several are joined with ", " as
        http.client did."""
        return ", ".join(self.all(name))

    def all(self, name):
        return [value for field, value in self._fields if field == name]

    def read(self, limit):
        """The whole body; TooLarge past `limit` bytes, BrokenAnswer when it is cut short.
        The connection is closed after an answer that is the last on it."""
        if self._length is not None:
            if self._length > limit:
                raise TooLarge(limit)
            data = self._conn.read_exactly(self._length)
        elif self._chunked:
            data = self._conn.read_chunked(limit)
        else:
            data = self._conn.read_until_close(limit)
        if self._last:
            self._conn.close()
        return data


def _content_length(values):
    """None when there is none; unreadable, or two that differ: where the body ends is unknown."""
    if not values:
        return None
    if len(set(values)) > 1 or not (values[0].isascii() and values[0].isdigit()):
        raise BrokenAnswer("a malformed Content-Length")
    return int(values[0])
