"""The Bluetooth provisioning protocol as bytes: every frame of the reference's tables, both ways.

Pure functions, no I/O. The client side builds requests (lists of `Write`: which
buffer characteristic gets which bytes, in the order they must be written) and
parses what it reads back; the device side (the fake peripheral) does the reverse
with the same layouts, so the two cannot drift apart.

The reference gives field widths but not everything a byte codec needs. Each gap is
decided by one constant below, and docs/ble.md lists them:

- BYTE_ORDER: multi-byte numbers are little-endian, the Bluetooth convention; the
  reference's own advertising table writes the UUID ad07a961 as {0x61, 0xa9, 0x07, 0xad}.
- IP_ORDER: a 4-byte IPv4 address is its four octets first to last (network order).
- PAD: text fields are UTF-8 padded with NUL bytes to their full width; trailing NULs
  are stripped when reading. Every field is always written at full width.
- Wi-Fi name and password split: the name fills buffer-1 (18 bytes) then buffer-2 (18);
  the password fills buffer-3 (18) then buffer-4 after the opcode (16). All five
  buffers are written every time, unused parts as NULs, so nothing stale from an
  earlier attempt is left for the device to read. Longer values cannot be sent.
- Reads may return more bytes than the frame (a characteristic has a fixed size);
  bytes past the frame are ignored.
"""
import dataclasses
import enum
import hashlib
import ipaddress
import struct

from usconf.errors import UsconfError
from usconf.secrets import Secret, reveal
from usconf.spec import codes

BYTE_ORDER = "little"
_E = "<" if BYTE_ORDER == "little" else ">"
IP_ORDER = "network"
PAD = b"\x00"
TEXT_ENCODING = "utf-8"
MAX_FRAME = 20  # bytes in one ATT write or read with the default MTU (23 - 3); every frame fits

# --- UUIDs (reference: "Supported GATT Service") ----------------------------------------------
DEVICE_INFO_SERVICE = "0000180a-0000-1000-8000-00805f9b34fb"
DEVICE_INFO = {
    "manufacturer": "00002a29-0000-1000-8000-00805f9b34fb",
    "model": "00002a24-0000-1000-8000-00805f9b34fb",
    "serial": "00002a25-0000-1000-8000-00805f9b34fb",
    "hardware": "00002a26-0000-1000-8000-00805f9b34fb",
}
GATT_SERVICE = "e20a39f4-73f5-4bc4-a12f-17d1ad07a961"
BUFFER_UUIDS = {
    0: "08590f7e-db05-467e-8757-72f6faeb13d4",
    1: "f4be124e-4cdc-43e2-a6bb-8628e4009e6b",
    2: "1de1bf3d-1bbe-43aa-9a30-b2bb5ce9671d",
    3: "8d7bd67d-d0b3-4a5e-8d2b-2912af174a7d",
    4: "3a10340a-85e3-4190-86b4-b94dc505e4f8",
}
ADVERTISED_UUID = "ad07a961-0000-1000-8000-00805f9b34fb"
KEEPALIVE_BUFFER = 1


class Op(enum.IntEnum):
    WIFI_RESULT = 0x5332
    PASSWORD = 0x5333
    PASSWORD_RESULT = 0x5334
    STATUS = 0x5335
    STATUS_RESULT = 0x5336
    WIFI = 0x5337
    AP_MODE = 0x5341
    AP_MODE_RESULT = 0x5342
    AP_INFO = 0x5343
    AP_INFO_RESULT = 0x5344


class Security(enum.IntEnum):
    NONE = 0
    WEP = 1
    WPA = 2      # WPAPSK
    WPA2 = 3     # WPA2PSK


class IpMode(enum.IntEnum):
    V4 = 0       # only IPv4
    V4V6 = 1     # IPv4 or IPv6
    V6 = 2       # only IPv6


# Field widths from the tables.
WIFI_NAME_PARTS = ((1, 18), (2, 18))          # (buffer, bytes)
WIFI_PASSWORD_PARTS = ((3, 18), (4, 16))      # buffer-4 carries the opcode first
WIFI_NAME_MAX = sum(n for _, n in WIFI_NAME_PARTS)          # 36
WIFI_PASSWORD_MAX = sum(n for _, n in WIFI_PASSWORD_PARTS)  # 34
AP_TEXT = 16
WPA_MIN = 8

# Advertising (reference: "Advertising Packet Agreement").
VENDOR_ID = 0x2935
PRODUCT_ID = 0x0808
DATA_LAYOUT = 0x01
NET_PROTOCOL = 0x0001
SERIAL_LENGTH = 13


class FrameError(UsconfError):
    """Bytes that are not the frame the protocol expects at this step."""


class IndexMismatch(FrameError):
    """A reply whose index does not echo the request's: it answers some other request."""


@dataclasses.dataclass(frozen=True)
class Write:
    """Bytes for one buffer characteristic. repr() never shows them: they may hold a password."""

    buffer: int
    data: bytes = dataclasses.field(repr=False)

    def __repr__(self):
        return f"Write(buffer={self.buffer}, {len(self.data)} bytes)"


@dataclasses.dataclass(frozen=True)
class WifiResult:
    code: int
    wifi_ip: str
    status: int
    version: tuple

    @property
    def name(self):
        return result_name(self.code)


@dataclasses.dataclass(frozen=True)
class ApInfo:
    security: int
    ssid: str
    password: Secret


@dataclasses.dataclass(frozen=True)
class Advert:
    serial: str
    status: int = None
    eth_ip: str = ""
    wifi_ip: str = ""


def result_name(code):
    """The device's name for a result code (errPasswd, retRunning, ...)."""
    return codes.lookup(code).name


# --- helpers --------------------------------------------------------------------------------

def _u16(value, what):
    if not isinstance(value, int) or not 0 <= value <= 0xFFFF:
        raise FrameError(f"{what} must be a number from 0 to 65535, not {value!r}")
    return value


def _text(value, what):
    raw = reveal(value)
    data = raw.encode(TEXT_ENCODING)
    if PAD in data:
        raise FrameError(f"{what} cannot contain a NUL character")
    return data


def _field(data, width):
    return data + PAD * (width - len(data))


def _untext(data):
    return data.rstrip(PAD).decode(TEXT_ENCODING, errors="replace")


def _take(data, size, what):
    if len(data) < size:
        raise FrameError(f"{what}: expected {size} bytes, got {len(data)}")
    return bytes(data[:size])


def _opcode(data, expected, what):
    head = _take(data, 2, what)
    (op,) = struct.unpack(_E + "H", head)
    if op != expected:
        raise FrameError(f"{what}: expected opcode 0x{expected:04x}, got 0x{op:04x}")


def _echo(got, index, what):
    if got != index:
        raise IndexMismatch(f"{what}: index 0x{got:04x} does not echo the request's 0x{index:04x}")


def _ip_bytes(text):
    if not text:
        return b"\x00" * 4
    return ipaddress.IPv4Address(text).packed  # first octet first (IP_ORDER)


def _ip_text(data):
    return "" if data == b"\x00" * 4 else str(ipaddress.IPv4Address(data))


def md5(password):
    """The 16 raw bytes of MD5(password) that authentication sends (not the hex form)."""
    return hashlib.md5(_text(password, "the device password")).digest()


def _short(op, index, what="request"):
    return struct.pack(_E + "HH", op, _u16(index, "index"))


def _parse_short(data, op, what):
    _opcode(data, op, what)
    return struct.unpack(_E + "HH", _take(data, 4, what))[1]


# --- 1. device status: 0x5335 -> 0x5336 -------------------------------------------------------

def status_request(index):
    return [Write(0, _short(Op.STATUS, index))]


def status_reply(mask, index):
    return struct.pack(_E + "HIH", Op.STATUS_RESULT, mask, _u16(index, "index"))


def parse_status_reply(data, index):
    """The status mask from buffer-4, after checking opcode and index echo."""
    what = "status reply"
    _opcode(data, Op.STATUS_RESULT, what)
    _, mask, echo = struct.unpack(_E + "HIH", _take(data, 8, what))
    _echo(echo, index, what)
    return mask


# --- 2. password authentication: 0x5333 -> 0x5334 ----------------------------------------------

def password_request(password, index):
    """Buffer-4 (opcode, index) first, then buffer-0 (opcode, MD5), as the reference orders them."""
    return [Write(4, _short(Op.PASSWORD, index)),
            Write(0, struct.pack(_E + "H", Op.PASSWORD) + md5(password))]


def password_reply(code, index):
    return struct.pack(_E + "HiH", Op.PASSWORD_RESULT, code, _u16(index, "index"))


def parse_password_reply(data, index):
    """retSucceed (0) or errPasswd (-1), from buffer-4."""
    what = "password reply"
    _opcode(data, Op.PASSWORD_RESULT, what)
    _, code, echo = struct.unpack(_E + "HiH", _take(data, 8, what))
    _echo(echo, index, what)
    return code


# --- 3. Wi-Fi configuration: 0x5337 -> 0x5332 --------------------------------------------------

def _split(data, parts):
    out, at = [], 0
    for _, width in parts:
        out.append(_field(data[at:at + width], width))
        at += width
    return out


def wifi_request(ssid, password, security=Security.WPA2, ip_mode=IpMode.V4, index=0):
    """The five writes, buffer-0 to buffer-4 in the reference's order."""
    security, ip_mode = Security(security), IpMode(ip_mode)
    name = _text(ssid, "the Wi-Fi name")
    secret = _text(password, "the Wi-Fi password")
    if not name:
        raise FrameError("the Wi-Fi name is empty")
    if len(name) > WIFI_NAME_MAX:
        raise FrameError(f"the Wi-Fi name is {len(name)} bytes; Bluetooth carries at most {WIFI_NAME_MAX}")
    if len(secret) > WIFI_PASSWORD_MAX:
        raise FrameError(f"the Wi-Fi password is {len(secret)} bytes; Bluetooth carries at most "
                         f"{WIFI_PASSWORD_MAX} (use the device's AP mode or Ethernet for a longer one)")
    if security is Security.NONE and secret:
        raise FrameError("an open network (security none) takes no password")
    if security in (Security.WPA, Security.WPA2) and len(secret) < WPA_MIN:
        raise FrameError(f"a {security.name} password has at least {WPA_MIN} characters")
    name_parts = _split(name, WIFI_NAME_PARTS)
    pass_parts = _split(secret, WIFI_PASSWORD_PARTS)
    return [
        Write(0, struct.pack(_E + "HHHH", Op.WIFI, security, _u16(index, "index"), ip_mode)),
        Write(1, name_parts[0]),
        Write(2, name_parts[1]),
        Write(3, pass_parts[0]),
        Write(4, struct.pack(_E + "H", Op.WIFI) + pass_parts[1]),
    ]


def parse_wifi_request(header, name1, name2, pass1, pass4):
    """Device side: (security, index, ip_mode, ssid, password) from the five buffers as written."""
    what = "Wi-Fi request"
    _opcode(header, Op.WIFI, what)
    _, security, index, ip_mode = struct.unpack(_E + "HHHH", _take(header, 8, what))
    _opcode(pass4, Op.WIFI, what + " buffer-4")
    name = _take(name1, 18, what + " buffer-1") + _take(name2, 18, what + " buffer-2")
    secret = _take(pass1, 18, what + " buffer-3") + _take(pass4, 18, what + " buffer-4")[2:]
    return security, index, ip_mode, _untext(name), Secret(_untext(secret))


def wifi_ack(index):
    """Buffer-0 after a Wi-Fi request: 0x5332 and the same index."""
    return _short(Op.WIFI_RESULT, index)


def parse_wifi_ack(data, index):
    _echo(_parse_short(data, Op.WIFI_RESULT, "Wi-Fi acknowledgement"), index, "Wi-Fi acknowledgement")


def wifi_result(code, wifi_ip="", status=0, version=(0, 0)):
    """Buffer-4 after a Wi-Fi request: result, Wi-Fi IP (when retSucceed), status, version."""
    return struct.pack(_E + "Hi4sIHH", Op.WIFI_RESULT, code, _ip_bytes(wifi_ip), status, *version)


def parse_wifi_result(data):
    what = "Wi-Fi result"
    _opcode(data, Op.WIFI_RESULT, what)
    _, code, ip, status, major, minor = struct.unpack(_E + "Hi4sIHH", _take(data, 18, what))
    return WifiResult(code=code, wifi_ip=_ip_text(ip) if code == codes.SUCCEED else "", status=status,
                      version=(major, minor))


# --- 4. AP mode: 0x5341 -> 0x5342 ---------------------------------------------------------------

def ap_mode_request(index):
    return [Write(0, _short(Op.AP_MODE, index))]


def ap_mode_reply(code, index):
    return struct.pack(_E + "HiH", Op.AP_MODE_RESULT, code, _u16(index, "index"))


def parse_ap_mode_reply(data, index):
    """retSucceed (0), retRunning (2) or errDevice (-4)."""
    what = "AP mode reply"
    _opcode(data, Op.AP_MODE_RESULT, what)
    _, code, echo = struct.unpack(_E + "HiH", _take(data, 8, what))
    _echo(echo, index, what)
    return code


# --- 5. AP information: 0x5343 -> 0x5344 --------------------------------------------------------

AP_INFO_READ_ORDER = (4, 2, 3)


def ap_info_request(index):
    return [Write(0, _short(Op.AP_INFO, index))]


def ap_info_reply(security, ssid, password, index):
    """Device side: {buffer: bytes} for buffer-4, buffer-2 and buffer-3."""
    name, secret = _text(ssid, "the AP name"), _text(password, "the AP password")
    if len(name) > AP_TEXT or len(secret) > AP_TEXT:
        raise FrameError(f"AP name and password are at most {AP_TEXT} bytes each")
    head = struct.pack(_E + "H", Op.AP_INFO_RESULT)
    return {4: struct.pack(_E + "HHH", Op.AP_INFO_RESULT, Security(security), _u16(index, "index")),
            2: head + _field(name, AP_TEXT),
            3: head + _field(secret, AP_TEXT)}


def parse_ap_info(buffer4, buffer2, buffer3, index):
    what = "AP information"
    _opcode(buffer4, Op.AP_INFO_RESULT, what)
    _, security, echo = struct.unpack(_E + "HHH", _take(buffer4, 6, what))
    _echo(echo, index, what)
    _opcode(buffer2, Op.AP_INFO_RESULT, what + " buffer-2")
    _opcode(buffer3, Op.AP_INFO_RESULT, what + " buffer-3")
    ssid = _untext(_take(buffer2, 2 + AP_TEXT, what + " buffer-2")[2:])
    password = _untext(_take(buffer3, 2 + AP_TEXT, what + " buffer-3")[2:])
    return ApInfo(security=security, ssid=ssid, password=Secret(password))


# --- device side: what a write to buffer-0 asks for ----------------------------------------------

def request_op(data):
    """The opcode at the start of a written frame (device side)."""
    (op,) = struct.unpack(_E + "H", _take(data, 2, "request"))
    return op


def request_index(data, op):
    """The index of a short request (status, AP mode, AP info; password's buffer-4 part)."""
    return _parse_short(data, op, "request")


def password_digest(data):
    """Device side: the 16 MD5 bytes of a password frame on buffer-0."""
    _opcode(data, Op.PASSWORD, "password frame")
    return _take(data, 18, "password frame")[2:]


# --- advertising ----------------------------------------------------------------------------------

def is_serial(name):
    """Whether an advertised name is a device serial number: a capital letter and 12 digits."""
    return (isinstance(name, str) and len(name) == SERIAL_LENGTH and "A" <= name[0] <= "Z"
            and name[1:].isdigit() and name[1:].isascii())


def advertising_data(status, eth_ip="", wifi_ip=""):
    """The advertising packet: the 32-bit service UUID, then the manufacturer data."""
    # Bluetooth writes UUIDs little-endian whatever BYTE_ORDER says; the table shows it so.
    uuid = bytes([0x05, 0x04]) + struct.pack("<I", int(ADVERTISED_UUID[:8], 16))
    return uuid + bytes([0x16, 0xFF]) + manufacturer_data(status, eth_ip, wifi_ip)


def manufacturer_data(status, eth_ip="", wifi_ip=""):
    """The 21 bytes of AD data after type 0xFF, as the table lists them."""
    return (bytes([0x14, 0xFF]) + struct.pack(_E + "HHBHI", VENDOR_ID, PRODUCT_ID, DATA_LAYOUT, NET_PROTOCOL, status)
            + _ip_bytes(eth_ip) + _ip_bytes(wifi_ip))


def scan_response(serial):
    """The scan response: the complete local name, which is the 13-character serial number."""
    name = serial.encode("ascii")
    if not is_serial(serial):
        raise FrameError(f"{serial!r} is not a serial number (a capital letter and 12 digits)")
    return bytes([len(name) + 1, 0x09]) + name


def ad_structures(packet):
    """[(type, data)] of an advertising packet or scan response."""
    out, at = [], 0
    while at < len(packet):
        length = packet[at]
        if length == 0:
            break
        if at + 1 + length > len(packet):
            raise FrameError("advertising packet: an AD structure runs past the end")
        out.append((packet[at + 1], bytes(packet[at + 2:at + 1 + length])))
        at += 1 + length
    return out


def parse_manufacturer_data(data):
    """Status and addresses from the 21 bytes of manufacturer AD data; FrameError if not ours."""
    what = "manufacturer data"
    data = _take(data, 21, what)
    if data[:2] != bytes([0x14, 0xFF]):
        raise FrameError(f"{what}: not the Ultra Stream layout")
    vendor, product, layout, _version, status = struct.unpack(_E + "HHBHI", data[2:13])
    if (vendor, product, layout) != (VENDOR_ID, PRODUCT_ID, DATA_LAYOUT):
        raise FrameError(f"{what}: vendor 0x{vendor:04x} product 0x{product:04x} is not an Ultra Stream")
    return status, _ip_text(data[13:17]), _ip_text(data[17:21])


def parse_advertisement(packet, response):
    """An Advert from an advertising packet and its scan response; None when it is not an Ultra Stream."""
    serial, status, eth, wifi = None, None, "", ""
    for kind, data in ad_structures(response) + ad_structures(packet):
        if kind == 0x09:
            name = data.decode("ascii", errors="replace")
            serial = name if is_serial(name) else None
        elif kind == 0xFF:
            try:
                status, eth, wifi = parse_manufacturer_data(data)
            except FrameError:
                pass
    return Advert(serial, status, eth, wifi) if serial else None
