"""Reboot makes the device unreachable for a while; a static loopback address moves the listener."""
import time

import pytest
import requests

from tests.emulator.helpers import Api, logged_in
from usconf.spec.status import STATUS_BITS


def test_reboot_drops_requests_then_ping_answers_and_sessions_are_gone(emulator_factory):
    emu = emulator_factory(timings={"shutdown": 0.3, "reboot": 0.5})
    api = logged_in(emu)
    assert api.result("reboot") == 0
    # First it shuts down, still answering ping with statusReboot set ...
    assert Api(emu.url).call("ping")["cur-status"] & STATUS_BITS["statusReboot"]
    time.sleep(0.35)
    # ... then it is gone ...
    with pytest.raises(requests.ConnectionError):
        Api(emu.url).call("ping")
    time.sleep(0.6)
    # ... and back, without the bit, every session gone.
    back = Api(emu.url).call("ping")
    assert back["result"] == 0 and not back["cur-status"] & STATUS_BITS["statusReboot"]
    assert api.result("get-settings") == -17


def test_static_loopback_address_moves_the_device(emulator):
    api = logged_in(emulator)
    port = emulator.port
    assert api.result("set-net", type="1", **{"is-dhcp": "0", "ip": "127.0.0.2", "mask": "255.0.0.0",
                                               "router": "127.0.0.1", "dns": "127.0.0.1"}) == 0
    time.sleep(0.2)
    assert emulator.url == f"http://127.0.0.2:{port}"
    moved = Api(emulator.url)
    assert moved.call("ping")["result"] == 0
    with pytest.raises(requests.ConnectionError):
        Api(f"http://127.0.0.1:{port}").call("ping")
    assert moved.login() == 0
    assert moved.call("get-status")["eth"]["ip"] == "127.0.0.2"


def test_other_static_addresses_are_only_recorded(emulator):
    api = logged_in(emulator)
    assert api.result("set-net", type="1", **{"is-dhcp": "0", "ip": "10.9.8.7", "mask": "255.0.0.0",
                                               "router": "10.0.0.1"}) == 0
    assert api.call("get-settings")["eth"]["ip"] == "10.9.8.7"
    assert api.call("ping")["result"] == 0          # still here, nothing was bound elsewhere
