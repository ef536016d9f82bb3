"""Write lag: the device answers a write at once but shows it in reads only later."""
import time

import pytest

from usconf.client import WaitTimeout, wait_for
from usconf.emulator import Faults


def test_a_read_right_after_a_write_may_be_stale_and_wait_for_sees_it(emulator_factory, fast_client):
    emu = emulator_factory(faults=Faults(write_lag_s=0.5))
    dev = fast_client(emu.url)
    before = dev.get_settings()["name"]
    dev.set_name("Lagging")
    assert dev.get_settings()["name"] == before
    assert dev.wait_for(lambda: dev.get_settings()["name"] == "Lagging", timeout=5)


def test_wait_for_gives_up_after_its_timeout():
    start = time.monotonic()
    with pytest.raises(WaitTimeout, match="within 0.3s"):
        wait_for(lambda: False, timeout=0.3, interval=0.05)
    assert 0.3 <= time.monotonic() - start < 1.5


def test_wait_for_returns_the_first_true_value():
    values = iter([None, 0, {"id": 3}])
    assert wait_for(lambda: next(values), timeout=2, interval=0.01) == {"id": 3}
