"""The provisioning steps against the fake peripheral: the device side of every table."""
import itertools

import pytest

from usconf.ble import codec
from usconf.ble.fake import (
    DEFAULT_AP_PASSWORD,
    FakeLink,
    FakePeripheral,
    FakeTransport,
    Network,
)
from usconf.ble.session import BleStepFailed, BleTimeout, Provisioner, WifiJoinFailed
from usconf.ble.transport import NotFound
from usconf.errors import AuthenticationFailed
from usconf.secrets import Secret
from usconf.spec import status as bits

SERIAL = "C301181214002"
NETWORKS = {"Studio": Network(password="studio-pass-1", ip="10.1.2.3"),
            "Far": Network(password="far-pass-123", in_range=False),
            "Cafe": Network(password="", security=codec.Security.NONE, ip="10.9.9.9")}


def no_sleep(_seconds):
    pass


@pytest.fixture
def box():
    return FakePeripheral(SERIAL, device_password="Admin", networks=NETWORKS, join_polls=3)


def steps_for(box, **kwargs):
    counter = itertools.count(0x4000)
    return Provisioner(FakeLink(box), SERIAL, sleep=no_sleep, new_index=lambda: next(counter), **kwargs)


def test_status_needs_no_password(box):
    assert steps_for(box).status() == bits.FIRST | bits.DISK_READY | bits.RTMP_READY


def test_wifi_join_success_reports_the_ip_and_keeps_the_link_alive(box):
    steps = steps_for(box)
    steps.authenticate(Secret("Admin"))
    result = steps.configure_wifi("Studio", Secret("studio-pass-1"), codec.Security.WPA2, codec.IpMode.V4)
    assert (result.code, result.wifi_ip, result.version) == (0, "10.1.2.3", (1, 5))
    assert box.joined == "Studio"
    # The device answered retRunning three times; buffer-1 was read between polls.
    assert box.keepalives == 3 == steps.keepalives
    # Password: buffer-4 then buffer-0; Wi-Fi: buffers 0 to 4, every one at full width.
    assert box.writes == [(4, 4), (0, 18), (0, 8), (1, 18), (2, 18), (3, 18), (4, 18)]
    assert not box.status & bits.STATUS_BITS["statusConnectWifi"]


@pytest.mark.parametrize("ssid, password, security, name", [
    ("Studio", "wrong-pass-1", codec.Security.WPA2, "errPasswd"),
    ("Studio", "studio-pass-1", codec.Security.WPA, "errPasswd"),     # right password, wrong security
    ("Far", "far-pass-123", codec.Security.WPA2, "errTimeout"),
    ("Nowhere", "whatever-1", codec.Security.WPA2, "errNotFound"),
])
def test_wifi_join_failures_name_the_devices_error(box, ssid, password, security, name):
    steps = steps_for(box)
    steps.authenticate("Admin")
    with pytest.raises(WifiJoinFailed) as failed:
        steps.configure_wifi(ssid, Secret(password), security)
    assert failed.value.code_name == name
    assert name in str(failed.value) and password not in str(failed.value)
    assert box.joined is None


def test_an_open_network_joins_without_a_password(box):
    steps = steps_for(box)
    steps.authenticate("Admin")
    assert steps.configure_wifi("Cafe", "", codec.Security.NONE).wifi_ip == "10.9.9.9"


def test_an_empty_name_written_by_hand_is_errEmpty(box):
    steps = steps_for(box)
    steps.authenticate("Admin")
    link = steps.link
    link.write(0, codec.wifi_request("x", "password1", 3, 0, 5)[0].data)
    for buffer in (1, 2, 3):
        link.write(buffer, bytes(18))
    link.write(4, bytes.fromhex("3753") + bytes(16))
    codec.parse_wifi_ack(link.read(0), 5)
    results = [codec.parse_wifi_result(link.read(4)).name for _ in range(4)]
    assert results == ["retRunning"] * 3 + ["errEmpty"]


def test_a_wrong_device_password_is_refused_and_nothing_else_is_allowed(box):
    steps = steps_for(box)
    with pytest.raises(AuthenticationFailed, match="device password is wrong") as err:
        steps.authenticate(Secret("not-admin"))
    assert "not-admin" not in str(err.value)
    with pytest.raises(WifiJoinFailed) as failed:
        steps.configure_wifi("Studio", Secret("studio-pass-1"))
    assert failed.value.code_name == "errNeedAuth"
    with pytest.raises(BleStepFailed, match="errNeedAuth"):
        steps.enable_ap()


def test_authentication_lasts_for_one_connection_only(box):
    first = steps_for(box)
    first.authenticate("Admin")
    first.link.close()
    second = steps_for(box)
    with pytest.raises(BleStepFailed, match="errNeedAuth"):
        second.enable_ap()


def test_password_frame_without_its_buffer_4_half_is_refused(box):
    link = FakeLink(box)
    link.write(0, codec.password_request("Admin", 1)[1].data)   # buffer-0 alone
    assert codec.parse_password_reply(link.read(4), 0) == -1


def test_ap_mode_then_ap_information(box):
    steps = steps_for(box)
    steps.authenticate("Admin")
    steps.enable_ap()
    assert box.status & bits.SOFTAP
    info = steps.ap_info()
    assert (info.ssid, info.security, info.password.reveal()) == (SERIAL, codec.Security.WPA2, DEFAULT_AP_PASSWORD)


class EchoesAnotherIndex(FakeLink):
    def read(self, buffer):
        data = super().read(buffer)
        if buffer == 4 and data[:2] == bytes.fromhex("3653"):
            return data[:6] + bytes([data[6] ^ 1, data[7]])
        return data


def test_a_reply_to_another_request_is_not_taken(box):
    steps = Provisioner(EchoesAnotherIndex(box), SERIAL, sleep=no_sleep)
    with pytest.raises(codec.IndexMismatch):
        steps.status()


def test_a_join_that_never_ends_times_out(box):
    box.join_polls = 10 ** 6
    ticks = itertools.count()
    steps = steps_for(box, clock=lambda: next(ticks))
    steps.authenticate("Admin")
    with pytest.raises(BleTimeout, match="Wi-Fi join still running after 5s"):
        steps.configure_wifi("Studio", "studio-pass-1", timeout=5)


def test_scan_reads_serials_from_the_advertised_names():
    transport = FakeTransport([FakePeripheral(SERIAL), FakePeripheral("A302190719003", status=0x45)])
    seen = transport.scan(1.0)
    assert [s.serial for s in seen] == [SERIAL, "A302190719003"]
    assert seen[1].status == 0x45
    with pytest.raises(NotFound, match="C301181214009"):
        transport.connect("C301181214009", 1.0)
