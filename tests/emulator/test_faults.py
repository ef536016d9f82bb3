"""Fault injection through the Python API: each fault does what a flaky device does, replayably."""
import time

import pytest
import requests

from tests.emulator.helpers import Api, logged_in, md5
from usconf.emulator import Faults


def test_latency_delays_every_answer(emulator_factory):
    emu = emulator_factory(faults=Faults(latency_ms=150))
    started = time.monotonic()
    Api(emu.url).call("ping")
    assert time.monotonic() - started >= 0.15


def test_write_lag_hides_a_write_from_reads_until_it_settles(emulator_factory):
    emu = emulator_factory(faults=Faults(write_lag_s=0.4))
    api = logged_in(emu)
    old = api.call("get-settings")["name"]
    assert api.result("set-name", name="Lagging") == 0
    assert api.call("get-settings")["name"] == old
    assert emu.backend.settings["name"] == "Lagging"         # applied at once, only reads lag
    time.sleep(0.5)
    assert api.call("get-settings")["name"] == "Lagging"


def test_write_lag_applies_to_users_too(emulator_factory):
    emu = emulator_factory(faults=Faults(write_lag_s=5))
    api = logged_in(emu)
    assert api.result("add-user", id="ops", **{"pass": md5("pw")}) == 0
    assert [u["id"] for u in api.call("get-users")["users"]] == ["Admin"]
    assert Api(emu.url).login("ops", "pw") == 0            # yet the user exists already


def test_write_lag_checks_rules_on_the_real_state(emulator_factory):
    emu = emulator_factory(faults=Faults(write_lag_s=5))
    api = logged_in(emu)
    api.result("add-server", type="0", name="a", url="rtmp://x/live", key="k")
    assert api.call("get-settings")["stream-server"] == []
    assert api.result("add-server", type="0", name="a", url="rtmp://x/live", key="k") == -27


def test_busy_answers_minus_9_without_applying_but_never_to_login_or_ping(emulator_factory):
    emu = emulator_factory(faults=Faults(busy_rate=1.0))
    api = Api(emu.url)
    assert api.call("ping")["result"] == 0
    assert api.login() == 0
    assert api.result("set-name", name="Busy") == -9
    assert emu.backend.settings["name"] != "Busy"


def test_drop_before_closes_without_applying(emulator_factory):
    emu = emulator_factory(faults=Faults(drop_at=2))
    api = logged_in(emu)                                    # request 1
    with pytest.raises(requests.ConnectionError):
        api.call("set-name", name="Dropped")               # request 2
    assert emu.backend.settings["name"] != "Dropped"
    assert api.result("set-name", name="Next") == 0


def test_drop_after_applies_then_closes(emulator_factory):
    emu = emulator_factory(faults=Faults(drop_at=2, drop_mode="after"))
    api = logged_in(emu)
    with pytest.raises(requests.ConnectionError):
        api.call("set-name", name="Applied")
    assert emu.backend.settings["name"] == "Applied"
    assert [r["method"] for r in emu.requests] == ["login", "set-name"]


def test_faults_can_change_while_running(emulator):
    api = logged_in(emulator)
    emulator.faults.busy_rate = 1.0
    assert api.result("set-name", name="x") == -9
    emulator.faults.busy_rate = 0.0
    assert api.result("set-name", name="x") == 0


def test_session_expires_after_n_requests(emulator_factory):
    emu = emulator_factory(faults=Faults(expire_after=3))
    api = logged_in(emu)
    assert [api.result("get-info") for _ in range(4)] == [0, 0, 0, -17]
    assert api.login() == 0 and api.result("get-info") == 0


def test_string_results(emulator_factory):
    emu = emulator_factory(faults=Faults(string_results=True))
    api = Api(emu.url)
    assert api.call("ping")["result"] == "0"
    assert api.result("get-settings") == "-17"


def _busy_pattern(emu):
    api = Api(emu.url)
    api.login()
    return [api.result("get-info") for _ in range(40)]


def test_a_seed_replays_the_same_faults(emulator_factory):
    first = _busy_pattern(emulator_factory(faults=Faults(busy_rate=0.5, seed=11)))
    again = _busy_pattern(emulator_factory(faults=Faults(busy_rate=0.5, seed=11)))
    other = _busy_pattern(emulator_factory(faults=Faults(busy_rate=0.5, seed=12)))
    assert first == again and -9 in first and 0 in first
    assert first != other


def test_request_log_masks_secrets(emulator):
    api = logged_in(emulator)
    api.result("add-server", type="0", name="a", url="rtmp://x/live", key="stream-key-123")
    logged = emulator.requests[-1]
    assert logged == {"method": "add-server", "params": {"type": "0", "name": "a", "url": "rtmp://x/live",
                                                         "key": "(sensitive)"}, "result": 0}
    assert emulator.requests[0]["params"]["pass"] == "(sensitive)"
    assert md5("Admin") not in repr(list(emulator.requests))
