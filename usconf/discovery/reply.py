"""The multicast discovery protocol: the probe we send and the replies we accept.

The reference gives the group (239.255.255.250), the port (2538) and the reply's
fields, but not what the probe carries. PROBE is that one choice, kept here so a
capture from a real device can replace it in one place. Replies are accepted by
their content (JSON with `flag: "ssip"`), never by what the probe said.
"""
import dataclasses
import ipaddress
import json

from usconf.discovery import status as status_bits
from usconf.discovery.text import clean

GROUP = "239.255.255.250"
PORT = 2538
# The reference does not document the probe's payload. A JSON object with the
# protocol's own flag and version is what a device that parses its requests the
# way it writes its replies would accept; the emulator answers exactly this.
PROBE = b'{"version":"1.0","flag":"ssip","command":"search"}'
FLAG = "ssip"
MAX_REPLY = 4096  # bytes; a larger datagram is ignored unread
# The emulator serves many devices on one address, each on its own HTTP port, and
# says which in this extra field. Real devices serve on port 80 and never send it.
EMULATOR_PORT_FIELD = "httpport"
DEFAULT_HTTP_PORT = 80

# Why a datagram was not taken as a device (counted, shown as a summary).
NOT_JSON = "not JSON"
NO_FLAG = 'no flag "ssip"'
TOO_LARGE = "over 4 KiB"
NO_SERIAL = "no serial number"


class Ignored(Exception):
    """A datagram that is not a discovery reply; `reason` is one of the constants above."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


@dataclasses.dataclass
class Found:
    """One device as it described itself. Every string is cleaned; addresses are valid IPs or ''."""

    serial: str
    name: str
    product: str
    version: str
    eth_ip: str
    wifi_ip: str
    status: object          # the mask as an int, or None when the reply had no usable one
    source: str             # the address the reply came from
    http_port: int = DEFAULT_HTTP_PORT
    via: str = "probe"      # probe | ssdp

    @property
    def address(self):
        """Where to reach the device's API: the address its reply came from.

        That address has just reached us; `ethip` and `wifiip` are what the device
        says about itself and are shown as such, never used to decide where usconf
        later sends credentials.
        """
        return self.source

    @property
    def url(self):
        host = self.address
        if ":" in host:
            host = f"[{host}]"
        return f"http://{host}" if self.http_port == DEFAULT_HTTP_PORT else f"http://{host}:{self.http_port}"

    @property
    def states(self):
        return status_bits.describe(self.status)

    def as_json(self):
        return {"serial": self.serial, "name": self.name, "product": self.product, "version": self.version,
                "eth_ip": self.eth_ip, "wifi_ip": self.wifi_ip, "status": self.status, "states": self.states,
                "url": self.url, "source": self.source, "via": self.via}


def _ip(value):
    """A device-claimed address, kept only when it is an IP address that means something."""
    if not isinstance(value, str) or not value or len(value) > 64:
        return ""
    try:
        addr = ipaddress.ip_address(value.strip())
    except ValueError:
        return ""
    if addr.is_unspecified or addr.is_multicast:
        return ""
    return str(addr)


def _mask(value):
    # Some firmware sends numbers as strings (as the HTTP API's `result` shows).
    if isinstance(value, bool):
        return None
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, int) and 0 <= value < 2 ** 32:
        return value
    return None


def _port(value):
    if isinstance(value, int) and not isinstance(value, bool) and 0 < value < 65536:
        return value
    return DEFAULT_HTTP_PORT


def parse(data, source):
    """The Found device a datagram describes; raises Ignored(reason) for anything else."""
    if len(data) > MAX_REPLY:
        raise Ignored(TOO_LARGE)
    try:
        body = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise Ignored(NOT_JSON) from None
    if not isinstance(body, dict):
        raise Ignored(NOT_JSON)
    if body.get("flag") != FLAG:
        raise Ignored(NO_FLAG)
    raw_serial = body.get("serialnumber")
    serial = clean(raw_serial, 32) if isinstance(raw_serial, (str, int)) and not isinstance(raw_serial, bool) else ""
    if not serial.strip():
        raise Ignored(NO_SERIAL)
    return Found(serial=serial.strip(), name=clean(body.get("boxname")), product=clean(body.get("product")),
                 version=clean(body.get("version"), 16), eth_ip=_ip(body.get("ethip")),
                 wifi_ip=_ip(body.get("wifiip")), status=_mask(body.get("status")), source=source,
                 http_port=_port(body.get(EMULATOR_PORT_FIELD)))


def build(serial, name, eth_ip, wifi_ip, status, product="Ultra Stream", version="1.0", http_port=None):
    """A reply as a device sends it (the emulator's side of the protocol)."""
    body = {"version": version, "flag": FLAG, "product": product, "boxname": name, "serialnumber": serial,
            "wifiip": wifi_ip, "ethip": eth_ip, "status": status}
    if http_port is not None:
        body[EMULATOR_PORT_FIELD] = http_port
    return json.dumps(body).encode("utf-8")


def is_probe(data):
    """Whether a datagram is our probe: the device side answers only that."""
    return data.strip() == PROBE
