"""Sessions, result codes and retries against the emulator and its faults."""
import logging

import pytest

from usconf.client import UnsupportedMethod
from usconf.emulator import Faults
from usconf.errors import AuthenticationFailed, DeviceError
from usconf.secrets import Secret


def methods_sent(emu):
    return [r["method"] for r in emu.requests]


def test_context_manager_logs_in_then_out(emulator, fast_client):
    with fast_client(emulator.url) as dev:
        assert dev.get_info()["product"]["sn"]
    assert methods_sent(emulator) == ["login", "get-info", "logout"]


def test_login_is_lazy_and_happens_once(emulator, fast_client):
    dev = fast_client(emulator.url)
    dev.get_status()
    dev.get_settings()
    assert methods_sent(emulator) == ["login", "get-status", "get-settings"]


def test_ping_needs_no_session(emulator, fast_client):
    assert fast_client(emulator.url).ping()["result"] == 0
    assert methods_sent(emulator) == ["ping"]


def test_wrong_password_is_authentication_failed(emulator, fast_client):
    with pytest.raises(AuthenticationFailed) as err:
        fast_client(emulator.url, password=Secret("not-it")).get_info()
    assert str(err.value) == f"wrong username or password for {emulator.url}"


def test_unknown_user_is_authentication_failed(emulator, fast_client):
    with pytest.raises(AuthenticationFailed):
        fast_client(emulator.url, username="nobody").get_info()


def test_expired_session_logs_in_again_transparently(emulator_factory, fast_client):
    emu = emulator_factory(faults=Faults(expire_after=2))
    dev = fast_client(emu.url)
    names = [dev.get_settings()["name"] for _ in range(5)]
    assert len(set(names)) == 1
    sent = [(r["method"], r["result"]) for r in emu.requests]
    assert ("get-settings", -17) in sent
    assert sent.count(("login", 0)) >= 2
    # every refused read was repeated right after a fresh login
    for i, entry in enumerate(sent):
        if entry == ("get-settings", -17):
            assert sent[i + 1:i + 3] == [("login", 0), ("get-settings", 0)]


def test_busy_reads_and_writes_are_retried_until_done(emulator_factory, fast_client):
    from usconf.client import RetryPolicy
    emu = emulator_factory(faults=Faults(busy_rate=0.5, seed=7))
    dev = fast_client(emu.url, retries=RetryPolicy(busy_attempts=12, backoff=0.001))
    for n in range(6):
        dev.set_name(f"Studio {n}")
        assert dev.get_settings()["name"] == f"Studio {n}"
    results = [r["result"] for r in emu.requests]
    assert -9 in results


def test_busy_for_good_gives_up_after_the_attempts(emulator_factory, fast_client):
    from usconf.client import RetryPolicy
    emu = emulator_factory(faults=Faults(busy_rate=1.0))
    dev = fast_client(emu.url, retries=RetryPolicy(busy_attempts=4, backoff=0.001))
    with pytest.raises(DeviceError) as err:
        dev.set_name("Never")
    assert (err.value.code, err.value.name) == (-9, "errBusy")
    assert methods_sent(emu) == ["login"] + ["set-name"] * 4


def test_a_device_busy_several_times_in_a_row_is_waited_out(emulator_factory, fast_client):
    """errBusy has its own count: three busy answers in a row no longer fail a call (the default
    allows 8), while a lost answer is still tried `attempts` times."""
    from usconf.client import RetryPolicy
    emu = emulator_factory(faults=Faults(busy_rate=1.0))
    dev = fast_client(emu.url, retries=RetryPolicy(attempts=3, backoff=0.001, backoff_max=0.002))
    with pytest.raises(DeviceError):
        dev.set_name("Never")
    assert methods_sent(emu) == ["login"] + ["set-name"] * 8


def test_string_results_are_read_as_numbers(emulator_factory, fast_client):
    emu = emulator_factory(faults=Faults(string_results=True))
    dev = fast_client(emu.url)
    assert dev.get_info()["result"] == 0
    with pytest.raises(DeviceError) as err:
        dev.set_name("bad/name")
    assert err.value.code == -28


def test_refusal_carries_the_reference_words(emulator, fast_client):
    with pytest.raises(DeviceError) as err:
        fast_client(emulator.url).set_name(" leading space")
    exc = err.value
    assert (exc.code, exc.name, exc.description, exc.method) == (
        -28, "errString", "Input characters are not valid.", "set-name")
    assert str(exc) == "set-name: device refused with -28 errString: Input characters are not valid."


def test_method_the_firmware_lacks(emulator, fast_client):
    with pytest.raises(UnsupportedMethod) as err:
        fast_client(emulator.url).call("set-hologram", level=3)
    assert str(err.value) == "this firmware has no method 'set-hologram'"


def test_bool_and_underscore_keywords_reach_the_device_as_documented(emulator, fast_client):
    dev = fast_client(emulator.url)
    dev.call("set-ssdp", is_ssdp=False)
    assert dev.get_settings()["is-ssdp"] == 0
    dev.call("set-ssdp", {"is-ssdp": True})
    assert dev.get_settings()["is-ssdp"] == 1


def test_cloud_api_uses_its_own_port_and_code_table(emulator, fast_client):
    dev = fast_client(emulator.url, cloud_url=emulator.cloud_url)
    body = dev.cloud_status()
    assert body["result"] == 0 and len(body["status"]) == 2
    with pytest.raises(DeviceError) as err:
        dev.call("cloud-reg-ex", id=7)
    assert (err.value.code, err.value.description) == (-10, "Parameters error.")
    assert methods_sent(emulator)[-1] == "cloud-reg-ex"


def test_cloud_port_option_builds_the_cloud_url(emulator, fast_client):
    port = int(emulator.cloud_url.rsplit(":", 1)[1].split("/")[0])
    dev = fast_client(emulator.url, cloud_port=port)
    assert dev.cloud_status()["result"] == 0


def test_passwords_and_keys_never_logged(emulator, fast_client, caplog):
    caplog.set_level(logging.DEBUG)
    dev = fast_client(emulator.url, password=Secret("Admin"))
    dev.add_server({"type": 0, "name": "Main", "url": "rtmp://127.0.0.1/live", "key": Secret("sk-9f8e7d")})
    dev.add_user("ops", Secret("op-pass-77"))
    assert "sk-9f8e7d" not in caplog.text and "op-pass-77" not in caplog.text
    import hashlib
    for plain in ("Admin", "op-pass-77"):
        assert hashlib.md5(plain.encode()).hexdigest() not in caplog.text
    assert "add-server" in caplog.text  # the log is there, only masked


def test_reconnect_after_a_password_change(emulator, fast_client):
    dev = fast_client(emulator.url)
    dev.set_password("Admin", "N3w-pass")
    dev.reconnect(password=Secret("N3w-pass"))
    assert dev.get_settings()["result"] == 0
    with pytest.raises(AuthenticationFailed):
        fast_client(emulator.url).get_info()
