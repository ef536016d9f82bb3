"""SSDP (UPnP) search: which hosts answer an M-SEARCH, as candidates to check over HTTP.

An SSDP answer does not say that a host is an Ultra Stream (printers and TVs answer
too), so it only yields the base URL of the host's description; the caller confirms
each one with `ping` and `get-info` (usconf.discovery.sweep.check).
"""
import ipaddress
from urllib.parse import urlsplit

from usconf.discovery import probe, reply

GROUP = "239.255.255.250"
PORT = 1900
SEARCH_TARGET = "upnp:rootdevice"
MX = 2  # seconds devices may wait before answering

NOT_SSDP = "not an SSDP answer"
NO_LOCATION = "SSDP answer without a usable LOCATION"


def m_search(search_target=SEARCH_TARGET, mx=MX):
    return (f'M-SEARCH * HTTP/1.1\r\nHOST: {GROUP}:{PORT}\r\nMAN: "ssdp:discover"\r\n'
            f"MX: {mx}\r\nST: {search_target}\r\n\r\n").encode("ascii")


def parse(data, source):
    """The base URL (http://IP[:PORT]) an SSDP answer points at; raises reply.Ignored otherwise.

    Only an IP literal is accepted as LOCATION's host, and it must be the address the
    answer came from: a host cannot send us to check someone else.
    """
    if len(data) > reply.MAX_REPLY:
        raise reply.Ignored(reply.TOO_LARGE)
    try:
        text = data.decode("ascii")
    except UnicodeDecodeError:
        raise reply.Ignored(NOT_SSDP) from None
    lines = text.split("\r\n")
    if not lines or not lines[0].upper().startswith("HTTP/1.1 200"):
        raise reply.Ignored(NOT_SSDP)
    headers = {}
    for line in lines[1:]:
        name, sep, value = line.partition(":")
        if sep:
            headers[name.strip().lower()] = value.strip()
    try:
        parts = urlsplit(headers.get("location", ""))
        host, port = parts.hostname, parts.port
        addr = ipaddress.ip_address(host or "")
    except ValueError:
        raise reply.Ignored(NO_LOCATION) from None
    if parts.scheme != "http" or str(addr) != source:
        raise reply.Ignored(NO_LOCATION)
    host = f"[{addr}]" if addr.version == 6 else str(addr)
    return f"http://{host}" if port in (None, 80) else f"http://{host}:{port}"


def search(targets=None, timeout=2.0, interface=None, ignored=None):
    """Send an M-SEARCH (multicast unless `targets` are given); the candidate base URLs, each once."""
    urls = []

    def take(data, source):
        try:
            url = parse(data, source)
        except reply.Ignored as skip:
            if ignored is not None:
                ignored[skip.reason] += 1
            return
        if url not in urls:
            urls.append(url)

    probe.exchange(m_search(), targets or [(GROUP, PORT)], timeout, interface, take)
    return urls
