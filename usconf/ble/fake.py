"""A fake Ultra Stream GATT peripheral: the device side of the provisioning protocol, in memory.

It keeps the five buffer characteristics and acts on writes as the reference's
tables describe: a status request answers at once; authentication compares the MD5;
a Wi-Fi request starts a join that answers retRunning for `join_polls` reads and then
its result (success, errPasswd, errTimeout, errNotFound, errEmpty); AP mode answers
retRunning once, then succeeds. Steps other than status need authentication first
(the reference does not say; this is what a stricter device would do) and answer
errNeedAuth (-17) otherwise. Nothing sleeps: time is counted in reads.
"""
import dataclasses

from usconf.ble import codec
from usconf.ble.transport import Link, NotFound, Seen, Transport
from usconf.secrets import Secret, reveal
from usconf.spec import codes
from usconf.spec import status as bits

VERSION = (1, 5)
DEFAULT_AP_PASSWORD = "fake-ap-pass"
NEED_AUTH = codes.NEED_AUTH
EMPTY = -20
TIMEOUT = -12


@dataclasses.dataclass
class Network:
    """An access point the fake can see."""

    password: str
    security: int = codec.Security.WPA2
    in_range: bool = True          # False: the join times out (errTimeout)
    ip: str = "192.168.1.100"


class FakePeripheral:
    def __init__(self, serial, device_password="Admin", networks=None, join_polls=2, status=None,
                 model="ULTRA STREAM HDMI", ap_ssid=None, ap_password=None):
        self.serial = serial
        self.model = model
        self.md5 = codec.md5(device_password)
        self.networks = dict(networks or {})
        self.join_polls = join_polls
        self.status = status if status is not None else bits.FIRST | bits.DISK_READY | bits.RTMP_READY
        self.ap_ssid = ap_ssid or serial
        self.ap_password = Secret(ap_password or DEFAULT_AP_PASSWORD)
        self.buffers = {b: b"" for b in range(5)}
        self.writes = []            # (buffer, length) of every write, in order
        self.keepalives = 0
        self.wifi_ip = ""
        self.joined = None          # SSID joined
        self.connected = False
        self._reset_session()

    def _reset_session(self):
        self.authenticated = False
        self.password_index = None
        self.wifi_header = None
        self.join = None            # (remaining running reads, final frame)
        self.ap_pending = None      # (index, remaining running reads)

    # --- GATT ---------------------------------------------------------------------------

    def connect(self):
        self.connected = True
        self._reset_session()

    def disconnect(self):
        self.connected = False
        self._reset_session()

    def device_info(self):
        return {"manufacturer": "MAGEWELL", "model": self.model, "serial": self.serial, "hardware": "1.3.11"}

    def advert(self):
        return (codec.advertising_data(self.status, "", self.wifi_ip), codec.scan_response(self.serial))

    def write(self, buffer, data):
        data = bytes(data)
        if not 0 <= buffer <= 4 or len(data) > codec.MAX_FRAME:
            raise ValueError("the characteristic rejects this write")
        self.writes.append((buffer, len(data)))
        self.buffers[buffer] = data
        if buffer == 0:
            self._on_buffer0(data)
        elif buffer == 4:
            self._on_buffer4(data)

    def read(self, buffer):
        if buffer == codec.KEEPALIVE_BUFFER:
            self.keepalives += 1
        if buffer == 4 and self.join is not None:
            return self._join_step()
        if buffer == 4 and self.ap_pending is not None:
            return self._ap_step()
        return self.buffers[buffer]

    # --- requests -----------------------------------------------------------------------

    def _on_buffer4(self, data):
        op = _op(data)
        if op == codec.Op.PASSWORD:
            self.password_index = codec.request_index(data, codec.Op.PASSWORD)
        elif op == codec.Op.WIFI and self.wifi_header is not None:
            self._start_join()

    def _on_buffer0(self, data):
        op = _op(data)
        if op == codec.Op.STATUS:
            self.buffers[4] = codec.status_reply(self.status, codec.request_index(data, op))
        elif op == codec.Op.PASSWORD:
            index = self.password_index if self.password_index is not None else 0
            ok = self.password_index is not None and codec.password_digest(data) == self.md5
            self.authenticated = ok
            self.password_index = None
            self.buffers[4] = codec.password_reply(codes.SUCCEED if ok else codes.PASSWD, index)
        elif op == codec.Op.WIFI:
            self.wifi_header = data
            self.join = None
        elif op == codec.Op.AP_MODE:
            index = codec.request_index(data, op)
            if not self.authenticated:
                self.buffers[4] = codec.ap_mode_reply(NEED_AUTH, index)
            else:
                self.ap_pending = (index, 1)
        elif op == codec.Op.AP_INFO:
            index = codec.request_index(data, op)
            if not self.authenticated:
                # No result field in this reply; an unauthenticated client gets nothing of it.
                self.buffers[4] = b""
                return
            self.buffers.update(codec.ap_info_reply(codec.Security.WPA2, self.ap_ssid, self.ap_password, index))

    def _start_join(self):
        security, index, _ip_mode, ssid, password = codec.parse_wifi_request(
            self.wifi_header, self.buffers[1], self.buffers[2], self.buffers[3], self.buffers[4])
        self.wifi_header = None
        self.buffers[0] = codec.wifi_ack(index)
        if not self.authenticated:
            code = NEED_AUTH
        elif not ssid:
            code = EMPTY
        elif ssid not in self.networks:
            code = codes.NOT_FOUND
        else:
            net = self.networks[ssid]
            if not net.in_range:
                code = TIMEOUT
            elif security != net.security or reveal(password) != net.password:
                code = codes.PASSWD
            else:
                code = codes.SUCCEED
        if code == codes.SUCCEED:
            self.wifi_ip, self.joined = self.networks[ssid].ip, ssid
        self.status |= bits.STATUS_BITS["statusConnectWifi"]
        self.join = [self.join_polls, code]

    def _join_step(self):
        remaining, code = self.join
        if remaining > 0:
            self.join[0] -= 1
            return codec.wifi_result(codes.RUNNING, "", self.status, VERSION)
        self.status &= ~bits.STATUS_BITS["statusConnectWifi"]
        self.join = None
        self.buffers[4] = codec.wifi_result(code, self.wifi_ip if code == codes.SUCCEED else "", self.status,
                                            VERSION)
        return self.buffers[4]

    def _ap_step(self):
        index, remaining = self.ap_pending
        if remaining > 0:
            self.ap_pending = (index, remaining - 1)
            return codec.ap_mode_reply(codes.RUNNING, index)
        self.ap_pending = None
        self.status |= bits.SOFTAP
        self.buffers[4] = codec.ap_mode_reply(codes.SUCCEED, index)
        return self.buffers[4]


def _op(data):
    try:
        return codec.request_op(data)
    except codec.FrameError:
        return None


class FakeLink(Link):
    poll_interval = 0.01   # the fake counts polls, not seconds; no need to wait between them

    def __init__(self, peripheral):
        self.peripheral = peripheral
        peripheral.connect()

    def read(self, buffer):
        return self.peripheral.read(buffer)

    def write(self, buffer, data):
        self.peripheral.write(buffer, data)

    def device_info(self):
        return self.peripheral.device_info()

    def close(self):
        self.peripheral.disconnect()


class FakeTransport(Transport):
    def __init__(self, peripherals):
        self.peripherals = {p.serial: p for p in peripherals}

    def scan(self, timeout):
        seen = []
        for i, p in enumerate(self.peripherals.values()):
            packet, response = p.advert()
            advert = codec.parse_advertisement(packet, response)
            seen.append(Seen(serial=advert.serial, address=f"fake:{i}", rssi=-40 - 5 * i, status=advert.status,
                             eth_ip=advert.eth_ip, wifi_ip=advert.wifi_ip))
        return seen

    def connect(self, serial, timeout):
        peripheral = self.peripherals.get(serial)
        if peripheral is None:
            raise NotFound(f"no Ultra Stream advertising {serial} answered within {timeout:g}s")
        return FakeLink(peripheral)


# The scene `usconf ble ... --emulate` runs against; docs/ble.md lists it.
EMULATED_SERIALS = ("C301181214002", "A302190719003")
EMULATED_NETWORKS = {
    "usconf-lab": Network(password="lab-password-1", ip="192.168.1.100"),
    "usconf-far": Network(password="far-password-1", in_range=False),
}


def emulated_transport():
    models = ("ULTRA STREAM HDMI", "ULTRA STREAM SDI")
    return FakeTransport([FakePeripheral(serial, networks=EMULATED_NETWORKS, model=model)
                          for serial, model in zip(EMULATED_SERIALS, models)])
