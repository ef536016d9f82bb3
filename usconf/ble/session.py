"""The provisioning steps over a Link: status, password, Wi-Fi, AP mode, AP information.

Each step draws a fresh random index, writes the request frames in the order the
reference gives, reads the reply and checks that it echoes the index. Steps that
the device answers with retRunning are polled; between polls buffer-1 is read, which
is the reference's keep-alive, so a long Wi-Fi join does not lose the connection.
"""
import secrets
import time

from usconf.ble import codec
from usconf.discovery.text import clean
from usconf.errors import AuthenticationFailed, UsconfError
from usconf.spec import codes

POLL_INTERVAL = 0.5   # seconds between reads of a running step
WIFI_TIMEOUT = 60.0   # a join the device has not finished by then is reported as a timeout
AP_TIMEOUT = 30.0

# What a Wi-Fi result code means for the user (the codes are the reference's 0x5332 list).
WIFI_REASONS = {
    codes.PASSWD: "the Wi-Fi password is wrong",
    -4: "the device could not use its Wi-Fi (errDevice)",
    -12: "timed out joining the network",
    codes.NOT_FOUND: "no network with that name is in range",
    -20: "the Wi-Fi name is empty",
}


class BleStepFailed(UsconfError):
    """The device answered a provisioning step with an error code."""

    def __init__(self, message, code):
        super().__init__(message)
        self.code = code
        self.code_name = codec.result_name(code)


class WifiJoinFailed(BleStepFailed):
    pass


class BleTimeout(UsconfError):
    pass


class Provisioner:
    def __init__(self, link, serial, poll_interval=None, sleep=time.sleep, clock=time.monotonic,
                 new_index=None):
        self.link = link
        self.serial = serial
        self.poll_interval = poll_interval or getattr(link, "poll_interval", None) or POLL_INTERVAL
        self._sleep = sleep
        self._clock = clock
        self._new_index = new_index or (lambda: secrets.randbelow(0x10000))
        self.keepalives = 0

    def _send(self, writes):
        for write in writes:
            self.link.write(write.buffer, write.data)

    def keep_alive(self):
        self.link.read(codec.KEEPALIVE_BUFFER)
        self.keepalives += 1

    def _poll(self, read_code, timeout, what):
        """Call read_code() until it answers something other than retRunning."""
        deadline = self._clock() + timeout
        while True:
            code, value = read_code()
            if code != codes.RUNNING:
                return code, value
            if self._clock() >= deadline:
                raise BleTimeout(f"{self.serial}: {what} still running after {timeout:g}s")
            self._sleep(self.poll_interval)
            self.keep_alive()

    # --- steps --------------------------------------------------------------------------

    def status(self):
        """The device status mask (no password needed)."""
        index = self._new_index()
        self._send(codec.status_request(index))
        return codec.parse_status_reply(self.link.read(4), index)

    def authenticate(self, password):
        """Password authentication (MD5); AuthenticationFailed on errPasswd."""
        index = self._new_index()
        self._send(codec.password_request(password, index))
        code = codec.parse_password_reply(self.link.read(4), index)
        if code == codes.PASSWD:
            raise AuthenticationFailed(f"{self.serial}: the device password is wrong (errPasswd)")
        if code != codes.SUCCEED:
            raise BleStepFailed(f"{self.serial}: password step refused with {code} {codec.result_name(code)}", code)

    def configure_wifi(self, ssid, password, security=codec.Security.WPA2, ip_mode=codec.IpMode.V4,
                       timeout=WIFI_TIMEOUT):
        """Send the Wi-Fi settings and wait for the join; the WifiResult on success."""
        index = self._new_index()
        self._send(codec.wifi_request(ssid, password, security, ip_mode, index))

        def read():
            codec.parse_wifi_ack(self.link.read(0), index)
            result = codec.parse_wifi_result(self.link.read(4))
            return result.code, result

        code, result = self._poll(read, timeout, "Wi-Fi join")
        if code != codes.SUCCEED:
            reason = WIFI_REASONS.get(code, codes.lookup(code).description)
            raise WifiJoinFailed(f"{self.serial} did not join Wi-Fi {clean(ssid)!r}: {codec.result_name(code)} "
                                 f"({code}): {reason}", code)
        return result

    def enable_ap(self, timeout=AP_TIMEOUT):
        index = self._new_index()
        self._send(codec.ap_mode_request(index))

        def read():
            return codec.parse_ap_mode_reply(self.link.read(4), index), None

        code, _ = self._poll(read, timeout, "enabling AP mode")
        if code != codes.SUCCEED:
            raise BleStepFailed(f"{self.serial}: AP mode refused with {code} {codec.result_name(code)}", code)

    def ap_info(self):
        index = self._new_index()
        self._send(codec.ap_info_request(index))
        frames = {b: self.link.read(b) for b in codec.AP_INFO_READ_ORDER}
        return codec.parse_ap_info(frames[4], frames[2], frames[3], index)
