"""TCP for usconf's HTTP: open a connection, and see whether one has something to read.

connect() opens with _socket, the C module the standard `socket` module wraps: importing
`socket` builds its enums from every constant _socket has, about 2.5 ms of each `usconf plan`,
for one create_connection(). The sockets are the same objects without the Python wrapper;
the client sends, receives and closes, which _socket's own methods do.

readable() serves both ends: the client, to see whether a device closed a kept-alive
connection while it was idle (readable at once means end of file, or bytes nobody asked for);
the emulator, to wait a moment for a keep-alive client's next request. It never touches a
socket's blocking mode or timeout.
"""
import _socket
import select

# What a timed-out socket raises: socket.timeout, the same class as TimeoutError from Python 3.10 on
TIMEOUTS = (_socket.timeout, TimeoutError)


def connect(address, timeout):
    """A TCP connection to `address` (host, port), as socket.create_connection makes it: each
    address the name resolves to in turn, and the last one's error when none answers.
    Segments go out at once (TCP_NODELAY)."""
    host, port = address
    error = None
    for family, kind, proto, _name, where in _socket.getaddrinfo(host, port, 0, _socket.SOCK_STREAM):
        sock = _socket.socket(family, kind, proto)
        try:
            sock.settimeout(timeout)
            sock.connect(where)
            # the head and a small body of a request go out in one segment; without this the
            # last piece of an upload could wait for the device's delayed ACK
            sock.setsockopt(_socket.IPPROTO_TCP, _socket.TCP_NODELAY, 1)
            return sock
        except OSError as exc:
            sock.close()
            error = exc
    if error is None:
        raise OSError("getaddrinfo returns an empty list")
    try:
        raise error
    finally:
        error = None        # as socket.create_connection: the traceback would hold the frame


if hasattr(select, "poll"):
    def readable(sock, ms=0):
        """True when `sock` has bytes (or end of file) to read within `ms` milliseconds."""
        poller = select.poll()
        poller.register(sock, select.POLLIN)
        return bool(poller.poll(ms))
else:   # Windows has no poll(); its select() is not limited by descriptor numbers there
    def readable(sock, ms=0):
        """True when `sock` has bytes (or end of file) to read within `ms` milliseconds."""
        return bool(select.select([sock], [], [], ms / 1000)[0])
