"""Sending the discovery probe (multicast, or unicast to one target) and collecting replies.

Replies are deduplicated by serial number: a device reachable on two interfaces, or
found both by the probe and by SSDP, is one device. Datagrams that are not replies
are counted by reason so the user sees that something answered and why it was skipped.
"""
import collections
import dataclasses
import select
import socket
import time

from usconf.discovery import reply
from usconf.errors import UsconfError

RECV_SIZE = 65536  # read whole datagrams so an oversized one is measured, not truncated
RECV_BUFFER = 4 * 1024 * 1024


@dataclasses.dataclass
class Collected:
    devices: list = dataclasses.field(default_factory=list)   # Found, in order of first reply
    ignored: collections.Counter = dataclasses.field(default_factory=collections.Counter)
    duplicates: int = 0

    def serials(self):
        return {d.serial for d in self.devices}

    def add(self, data, source):
        """Take one datagram; returns the new Found, or None (ignored or a duplicate)."""
        try:
            found = reply.parse(data, source)
        except reply.Ignored as skip:
            self.ignored[skip.reason] += 1
            return None
        return self.add_found(found)

    def add_found(self, found):
        if found.serial in self.serials():
            self.duplicates += 1
            return None
        self.devices.append(found)
        return found

    def ignored_summary(self):
        """'3 replies ignored (2 not JSON, 1 over 4 KiB)', or '' when nothing was ignored."""
        total = sum(self.ignored.values())
        if not total:
            return ""
        parts = ", ".join(f"{n} {reason}" for reason, n in sorted(self.ignored.items(), key=lambda kv: (-kv[1], kv[0])))
        return f"{total} {'reply' if total == 1 else 'replies'} ignored ({parts})"


def parse_target(text, default_port=reply.PORT):
    """'HOST:PORT', 'HOST' or '[V6]:PORT' -> (host, port); UsconfError when it is neither."""
    text = text.strip()
    host, port = text, default_port
    if text.startswith("["):
        end = text.find("]")
        if end < 0:
            raise UsconfError(f"bad target {text!r}: expected HOST:PORT")
        host, rest = text[1:end], text[end + 1:]
        if rest:
            if not rest.startswith(":"):
                raise UsconfError(f"bad target {text!r}: expected HOST:PORT")
            port = rest[1:]
    elif text.count(":") == 1:
        host, port = text.split(":")
    try:
        port = int(port)
    except ValueError:
        raise UsconfError(f"bad target {text!r}: the port must be a number") from None
    if not host or not 0 < port < 65536:
        raise UsconfError(f"bad target {text!r}: expected HOST:PORT with a port from 1 to 65535")
    return host, port


def _open(targets, interface):
    """One UDP socket fit for every target; (socket, resolved targets)."""
    if not targets:
        raise UsconfError("no address to send the probe to")
    resolved = []
    for host, port in targets:
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_DGRAM)
        except socket.gaierror as exc:
            raise UsconfError(f"cannot resolve {host}: {exc.strerror}") from None
        # "localhost" and similar names resolve to both families; IPv4 first, as devices speak it.
        infos.sort(key=lambda info: info[0] != socket.AF_INET)
        resolved.append(infos[0][4][:2])
        family = infos[0][0]
    families = {socket.AF_INET6 if ":" in addr[0] else socket.AF_INET for addr in resolved}
    if len(families) > 1:
        raise UsconfError("targets mix IPv4 and IPv6 addresses: probe them in separate runs")
    sock = socket.socket(family, socket.SOCK_DGRAM)
    try:
        sock.bind((interface or ("::" if family == socket.AF_INET6 else "0.0.0.0"), 0))
        # Many devices answer at once; a larger receive buffer keeps their replies from
        # being dropped before they are read (the kernel caps it at its own limit).
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, RECV_BUFFER)
        if family == socket.AF_INET and any(_is_multicast(addr[0]) for addr in resolved):
            # One hop: discovery stays on the local network, as SSDP does.
            sock.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_TTL, 1)
            if interface:
                sock.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_IF, socket.inet_aton(interface))
    except OSError as exc:
        sock.close()
        where = f" on {interface}" if interface else ""
        raise UsconfError(f"cannot open a UDP socket{where}: {exc.strerror or exc}") from None
    return sock, resolved


def _is_multicast(host):
    try:
        return 224 <= int(host.split(".")[0]) <= 239
    except ValueError:
        return False


def exchange(payload, targets, timeout, interface=None, on_datagram=None, clock=time.monotonic):
    """Send `payload` to every (host, port) target and hand each datagram that comes back
    to on_datagram(data, source_host) until `timeout` seconds have passed."""
    sock, resolved = _open(targets, interface)
    try:
        for addr in resolved:
            try:
                sock.sendto(payload, addr)
            except OSError as exc:
                raise UsconfError(f"cannot send the probe to {addr[0]}:{addr[1]}: {exc.strerror or exc}") from None
        deadline = clock() + timeout
        while True:
            left = deadline - clock()
            if left <= 0:
                return
            ready, _, _ = select.select([sock], [], [], left)
            if not ready:
                return
            try:
                data, source = sock.recvfrom(RECV_SIZE)
            except OSError:
                # An ICMP "port unreachable" from a unicast target shows up here; nothing listens there.
                continue
            if on_datagram:
                on_datagram(data, source[0])
    finally:
        sock.close()


def probe(targets=None, timeout=2.0, interface=None, collected=None, on_found=None):
    """Send the probe (multicast unless `targets` lists (host, port) pairs) and collect replies."""
    collected = collected or Collected()

    def take(data, source):
        found = collected.add(data, source)
        if found and on_found:
            on_found(found)

    exchange(reply.PROBE, targets or [(reply.GROUP, reply.PORT)], timeout, interface, take)
    return collected
