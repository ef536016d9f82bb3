"""Which addresses are this machine's own: the emulator binds only to loopback, and apply
never follows a device from this machine to anywhere else.

Every spelling a resolver accepts is judged, not only the dotted one: `127.1`,
`2130706433` and `0x7f000001` are 127.0.0.1 to getaddrinfo, `[::ffff:127.0.0.1]`
is IPv4 loopback mapped into IPv6, and `0.0.0.0` (or `::`) as a destination is
this machine too. One module decides, so no caller compares strings.
"""
import _socket  # inet_aton; `socket` itself costs a plan milliseconds to load (usconf.sockets)

LOCAL_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"})


def parse(host):
    """The ipaddress object `host` names (any spelling getaddrinfo takes for a literal), or None for a name."""
    if host is None:
        return None
    # here, not at the top: ipaddress costs a start about a millisecond, and the planner's simulated
    # device loads this module for a static address on Ethernet, which few plans set
    import ipaddress

    text = str(host).strip()
    if text.startswith("[") and text.endswith("]"):
        text = text[1:-1]
    text = text.split("%", 1)[0]          # an IPv6 zone (fe80::1%eth0) does not change the address
    try:
        addr = ipaddress.ip_address(text)
    except ValueError:
        try:
            # inet_aton takes the classic shorthand forms: 127.1, 2130706433, 0x7f000001, 0177.0.0.1
            addr = ipaddress.IPv4Address(_socket.inet_aton(text))
        except (OSError, ValueError):
            return None
    if isinstance(addr, ipaddress.IPv6Address) and addr.ipv4_mapped is not None:
        addr = addr.ipv4_mapped
    return addr


def is_loopback(host):
    """True for an address only this machine can reach: 127.0.0.0/8, ::1, their other spellings, localhost.

    0.0.0.0 is not loopback: listening there opens every interface.
    """
    if host is not None and str(host).strip().lower().rstrip(".") in LOCAL_NAMES:
        return True
    addr = parse(host)
    return bool(addr is not None and addr.is_loopback)


def is_this_machine(host):
    """True when a connection to `host` stays on this machine: loopback, or 0.0.0.0 / :: as a destination."""
    addr = parse(host)
    return is_loopback(host) or bool(addr is not None and addr.is_unspecified)


def same_address(a, b):
    """True when two host spellings name one address (127.1 and 127.0.0.1); names compare as text."""
    pa, pb = parse(a), parse(b)
    if pa is not None and pb is not None:
        return pa == pb
    return str(a or "").strip("[]").lower() == str(b or "").strip("[]").lower()
