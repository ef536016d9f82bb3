"""Lost answers: a write is never doubled, an idempotent one is simply repeated (apply/once.py)."""
import hashlib

import pytest

from usconf.apply.once import send
from usconf.client import RetryPolicy, UncertainWrite
from usconf.emulator import Faults
from usconf.plan.records import Call

RTMP = {"type": "0", "name": "Main", "url": "rtmp://127.0.0.1/live", "key": "k-1"}
FTP = {"type": "0", "net-mode": "1", "proto": "0", "url": "127.0.0.1", "port": "21", "dir-name": "rec",
       "encryption": "0", "login-type": "1", "user-name": "u", "passwd": "p", "mode": "1"}
MAIN = {"list": "stream-server", "key": {"name": "Main"}, "label": 'live.servers["Main"]'}


def add_server_once(dev, params=RTMP):
    send(dev, Call("add-server", dict(params), "test"))
    return next(s["id"] for s in dev.get_settings()["stream-server"] if s["name"] == params["name"])


def servers(dev, name="Main"):
    return [s for s in dev.get_settings()["stream-server"] if s["name"] == name]


def dropped(mode, at=2, **more):
    # request 1 is the login, request 2 the write under test
    return Faults(drop_at=at, drop_mode=mode, **more)


@pytest.mark.parametrize("mode", ["after", "before"])
def test_add_server_once_leaves_exactly_one_server(emulator_factory, fast_client, mode):
    emu = emulator_factory(faults=dropped(mode))
    dev = fast_client(emu.url)
    server_id = add_server_once(dev)
    found = servers(dev)
    assert len(found) == 1 and found[0]["id"] == server_id
    adds = [r["result"] for r in emu.requests if r["method"] == "add-server"]
    assert adds == ([0] if mode == "after" else ["dropped", 0])


def test_plain_add_server_raises_uncertain_write(emulator_factory, fast_client):
    emu = emulator_factory(faults=dropped("after"))
    dev = fast_client(emu.url)
    with pytest.raises(UncertainWrite) as err:
        dev.add_server(dict(RTMP, key="secret-key-42"))
    assert err.value.method == "add-server"
    assert "may or may not have been applied" in str(err.value)
    assert "secret-key-42" not in str(err.value)
    assert len(servers(dev)) == 1


def test_add_server_once_sees_through_write_lag(emulator_factory, fast_client):
    emu = emulator_factory(faults=dropped("after", write_lag_s=0.4))
    dev = fast_client(emu.url, retries=RetryPolicy(attempts=3, backoff=0.001, settle=3))
    send(dev, Call("add-server", dict(RTMP), "test"))
    assert len(dev.wait_for(lambda: servers(dev), timeout=3)) == 1
    assert [r["method"] for r in emu.requests].count("add-server") == 1


def test_add_user_once_after_a_lost_answer(emulator_factory, fast_client):
    emu = emulator_factory(faults=dropped("after"))
    dev = fast_client(emu.url)
    send(dev, Call("add-user", {"id": "ops", "pass": hashlib.md5(b"op-pass").hexdigest()}, "test"))
    assert [u["id"] for u in dev.get_users()["users"]].count("ops") == 1


def test_send_file_add_server_once_after_a_lost_answer(emulator_factory, fast_client):
    emu = emulator_factory(faults=dropped("after"))
    dev = fast_client(emu.url)
    send(dev, Call("send-file-add-server", dict(FTP), "test"))
    uploads = dev.get_settings()["send-file-cloud"]
    assert [(u["url"], u["dir-name"]) for u in uploads] == [("127.0.0.1", "rec")]


@pytest.mark.parametrize("mode", ["after", "before"])
def test_del_server_once_is_done_when_the_server_is_gone(emulator_factory, fast_client, mode):
    emu = emulator_factory(faults=dropped(mode, at=4))  # login, add-server, get-settings, del-server
    dev = fast_client(emu.url)
    add_server_once(dev)
    send(dev, Call("del-server", {}, "test", target=MAIN))
    assert servers(dev) == []


def test_idempotent_write_is_repeated_after_a_drop(emulator_factory, fast_client):
    emu = emulator_factory(faults=dropped("before"))
    dev = fast_client(emu.url)
    dev.set_name("Stage Left")
    assert dev.get_settings()["name"] == "Stage Left"
    assert [r["result"] for r in emu.requests if r["method"] == "set-name"] == ["dropped", 0]


def test_read_is_repeated_after_a_drop(emulator_factory, fast_client):
    emu = emulator_factory(faults=dropped("after"))
    assert fast_client(emu.url).get_status()["result"] == 0
    assert [r["method"] for r in emu.requests] == ["login", "get-status", "get-status"]
