"""Whether a socket has something to read within a time, without touching its blocking mode or timeout.

Both ends of usconf's HTTP use it: the client, to see whether a device closed a kept-alive
connection while it was idle (readable at once means end of file, or bytes nobody asked for);
the emulator, to wait a moment for a keep-alive client's next request.
"""
import select

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
