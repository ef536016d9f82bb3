"""`usconf ble ...` as a user runs it: --emulate flows, secrets never shown, one-line errors."""
import asyncio
import json
import os
import stat
import sys
import types

import pytest

from usconf.ble import codec
from usconf.ble.fake import (
    DEFAULT_AP_PASSWORD,
    EMULATED_NETWORKS,
    FakePeripheral,
    FakeTransport,
    Network,
)
from usconf.cli import main
from usconf.spec import status as bits

SERIAL = "C301181214002"
LAB_PASSWORD = EMULATED_NETWORKS["usconf-lab"].password


@pytest.fixture
def cli(capsys, monkeypatch):
    monkeypatch.setenv("LAB_WIFI", LAB_PASSWORD)
    monkeypatch.setenv("BAD_WIFI", "not-the-lab-password")

    def run(*args):
        with pytest.raises(SystemExit) as done:
            main(list(args))
        out = capsys.readouterr()
        return done.value.code, out.out, out.err
    return run


def test_wifi_succeeds_and_prints_the_wifi_ip(cli):
    code, out, err = cli("ble", "wifi", SERIAL, "--ssid", "usconf-lab", "--password-env", "LAB_WIFI", "--emulate")
    assert (code, err) == (0, "")
    assert out == f"{SERIAL} joined Wi-Fi 'usconf-lab': IP 192.168.1.100\n"


def test_wifi_json(cli):
    code, out, _ = cli("ble", "wifi", SERIAL, "--ssid", "usconf-lab", "--password-env", "LAB_WIFI",
                       "--security", "wpa2", "--ip", "v4v6", "--emulate", "--json")
    body = json.loads(out)
    assert code == 0 and body["wifi_ip"] == "192.168.1.100" and body["serial"] == SERIAL
    assert LAB_PASSWORD not in out


def test_wifi_with_a_wrong_password_fails_in_one_clear_line(cli):
    code, out, err = cli("ble", "wifi", SERIAL, "--ssid", "usconf-lab", "--password-env", "BAD_WIFI", "--emulate")
    assert code == 1 and out == ""
    assert err == (f"Error: {SERIAL} did not join Wi-Fi 'usconf-lab': errPasswd (-1): "
                   "the Wi-Fi password is wrong\n")
    assert "not-the-lab-password" not in err


@pytest.mark.parametrize("ssid, name", [("usconf-far", "errTimeout"), ("elsewhere", "errNotFound")])
def test_wifi_other_failures_name_the_devices_error(cli, ssid, name):
    code, _, err = cli("ble", "wifi", SERIAL, "--ssid", ssid, "--password-env", "LAB_WIFI", "--emulate")
    assert code == 1 and name in err and len(err.splitlines()) == 1


def test_a_wrong_device_password_is_one_line_and_not_shown(cli, monkeypatch):
    monkeypatch.setenv("BOX_PW", "hunter22")
    code, out, err = cli("ble", "wifi", SERIAL, "--ssid", "usconf-lab", "--password-env", "LAB_WIFI",
                         "--device-password-env", "BOX_PW", "--emulate")
    assert code == 1 and err == f"Error: {SERIAL}: the device password is wrong (errPasswd)\n"
    assert "hunter22" not in out + err


def test_missing_password_variables_are_named(cli, monkeypatch):
    monkeypatch.delenv("NOPE", raising=False)
    code, _, err = cli("ble", "wifi", SERIAL, "--ssid", "usconf-lab", "--password-env", "NOPE", "--emulate")
    assert code == 1 and err == "Error: environment variable NOPE is not set (it should hold the Wi-Fi password)\n"
    code, _, err = cli("ble", "ap", SERIAL, "--device-password-env", "NOPE", "--emulate")
    assert code == 1 and "NOPE is not set (it should hold the device password)" in err


def test_open_networks_need_no_password_variable_but_others_do(cli, monkeypatch):
    code, _, err = cli("ble", "wifi", SERIAL, "--ssid", "usconf-lab", "--emulate")
    assert code == 2 and "--password-env VAR is required for a wpa2 network" in err
    cafe = FakePeripheral(SERIAL, networks={"cafe": Network(password="", security=codec.Security.NONE, ip="10.0.0.7")})
    monkeypatch.setattr("usconf.cli.ble.open_transport", lambda emulate: FakeTransport([cafe]))
    code, out, _ = cli("ble", "wifi", SERIAL, "--ssid", "cafe", "--security", "none", "--emulate")
    assert code == 0 and out.endswith("IP 10.0.0.7\n")


def test_a_password_too_long_for_bluetooth_is_refused_before_connecting(cli, monkeypatch):
    monkeypatch.setenv("LONG", "x" * 40)
    code, _, err = cli("ble", "wifi", SERIAL, "--ssid", "usconf-lab", "--password-env", "LONG", "--emulate")
    assert code == 1 and "at most 34" in err and "x" * 10 not in err


def test_scan_status_and_ap(cli, tmp_path):
    code, out, err = cli("ble", "scan", "--emulate")
    assert code == 0 and [line.split()[0] for line in out.splitlines()] == [SERIAL, "A302190719003"]
    assert "2 devices found" in err
    code, out, _ = cli("ble", "status", SERIAL, "--emulate")
    assert code == 0 and "Model     ULTRA STREAM HDMI" in out and "first-boot" in out
    secret_file = tmp_path / "ap.txt"
    code, out, _ = cli("ble", "ap", SERIAL, "--emulate", "--password-out", str(secret_file))
    assert code == 0
    assert out == f"{SERIAL} AP mode on: SSID '{SERIAL}' (wpa2); password written to {secret_file}\n"
    assert secret_file.read_text() == DEFAULT_AP_PASSWORD + "\n"
    assert stat.S_IMODE(os.stat(secret_file).st_mode) == 0o600
    code, out, _ = cli("ble", "ap", SERIAL, "--emulate")
    assert code == 0 and DEFAULT_AP_PASSWORD not in out and "password not shown" in out


def test_bad_serial_is_a_usage_error(cli):
    code, _, err = cli("ble", "status", "printer", "--emulate")
    assert code == 2 and "not a serial number" in err


def test_a_live_box_is_not_interrupted_unless_asked(cli, monkeypatch):
    live = FakePeripheral(SERIAL, networks=EMULATED_NETWORKS, status=bits.LIVING | bits.DISK_READY)
    monkeypatch.setattr("usconf.cli.ble.open_transport", lambda emulate: FakeTransport([live]))
    code, _, err = cli("ble", "wifi", SERIAL, "--ssid", "usconf-lab", "--password-env", "LAB_WIFI", "--emulate")
    assert code == 1 and "is live: changing its Wi-Fi could interrupt it; pass --allow-interrupt" in err
    assert live.joined is None
    code, out, _ = cli("ble", "wifi", SERIAL, "--ssid", "usconf-lab", "--password-env", "LAB_WIFI", "--emulate",
                       "--allow-interrupt")
    assert code == 0 and "192.168.1.100" in out


# --- the bleak transport, with bleak missing, without an adapter, and with a stand-in ----------

def test_missing_extra_is_one_line(cli, monkeypatch):
    monkeypatch.setitem(sys.modules, "bleak", None)   # import bleak -> ImportError
    code, out, err = cli("ble", "scan")
    assert (code, out) == (1, "")
    assert err == "Error: Bluetooth needs the optional extra: pip install 'usconf[ble]'\n"


class BleakError(Exception):
    pass


def stand_in_bleak(peripheral=None, adapter=True):
    """A module with bleak's names, backed by a fake peripheral (or by no adapter at all)."""
    module = types.ModuleType("bleak")
    module.exc = types.SimpleNamespace(BleakError=BleakError)

    class Device:
        address, name = "AA:BB:CC:DD:EE:FF", peripheral.serial if peripheral else None

    def adv():
        packet, response = peripheral.advert()
        structures = dict(codec.ad_structures(packet) + codec.ad_structures(response))
        data = structures[0xFF]
        return types.SimpleNamespace(local_name=structures[0x09].decode(), rssi=-51,
                                     manufacturer_data={int.from_bytes(data[:2], "little"): data[2:]})

    class BleakScanner:
        @staticmethod
        async def discover(timeout, return_adv):
            if not adapter:
                raise BleakError("No Bluetooth adapters found.")
            return {Device.address: (Device(), adv())}

        @staticmethod
        async def find_device_by_filter(predicate, timeout):
            return Device() if predicate(Device(), adv()) else None

    class BleakClient:
        def __init__(self, device, timeout):
            self.by_uuid = {u: b for b, u in codec.BUFFER_UUIDS.items()}

        async def connect(self):
            peripheral.connect()

        async def disconnect(self):
            peripheral.disconnect()

        async def read_gatt_char(self, uuid):
            await asyncio.sleep(0)
            if uuid in self.by_uuid:
                return bytearray(peripheral.read(self.by_uuid[uuid]))
            key = {v: k for k, v in codec.DEVICE_INFO.items()}[uuid]
            return bytearray(peripheral.device_info()[key].encode())

        async def write_gatt_char(self, uuid, data, response):
            peripheral.write(self.by_uuid[uuid], data)

    module.BleakScanner, module.BleakClient = BleakScanner, BleakClient
    return module


def test_no_adapter_is_one_line(cli, monkeypatch):
    monkeypatch.setitem(sys.modules, "bleak", stand_in_bleak(adapter=False))
    code, _, err = cli("ble", "scan", "--timeout", "1")
    assert code == 1 and err == "Error: no usable Bluetooth adapter: No Bluetooth adapters found.\n"


def test_the_bleak_transport_runs_the_protocol_on_the_reference_uuids(cli, monkeypatch):
    box = FakePeripheral(SERIAL, networks=EMULATED_NETWORKS, status=0x31)
    monkeypatch.setitem(sys.modules, "bleak", stand_in_bleak(box))
    code, out, _ = cli("ble", "scan", "--json", "--timeout", "1")
    assert code == 0
    (seen,) = json.loads(out)["devices"]
    assert (seen["serial"], seen["status"], seen["rssi"]) == (SERIAL, 0x31, -51)
    code, out, err = cli("ble", "wifi", SERIAL, "--ssid", "usconf-lab", "--password-env", "LAB_WIFI")
    assert code == 0, err
    assert out == f"{SERIAL} joined Wi-Fi 'usconf-lab': IP 192.168.1.100\n"
    assert box.keepalives >= 1 and not box.connected
