"""One judge of addresses: every spelling of loopback is loopback, and apply follows a device only
to the address the document itself gave it."""
import pytest

from usconf.addresses import is_loopback, is_this_machine, same_address
from usconf.apply.run import new_address
from usconf.plan.records import Call


@pytest.mark.parametrize("host", ["127.0.0.1", "127.1", "2130706433", "0x7f000001", "0177.0.0.1",
                                  "[::ffff:127.0.0.1]", "::ffff:127.0.0.1", "::1", "[::1]", "localhost",
                                  "127.254.0.9"])
def test_every_spelling_of_loopback_is_loopback(host):
    assert is_loopback(host)
    assert is_this_machine(host)


@pytest.mark.parametrize("host", ["10.0.0.5", "167772165", "0x0a000005", "[::ffff:10.0.0.5]", "2001:db8::1",
                                  "example.com", "127.0.0.1.example.com", "", None])
def test_other_addresses_are_not_loopback(host):
    assert not is_loopback(host)
    assert not is_this_machine(host)


def test_the_unspecified_address_is_this_machine_but_not_a_loopback_to_listen_on():
    # connecting to 0.0.0.0 reaches this machine; listening there opens every interface
    for host in ("0.0.0.0", "0", "::", "[::]"):
        assert is_this_machine(host)
        assert not is_loopback(host)


def test_same_address_sees_through_spellings():
    assert same_address("127.1", "127.0.0.1")
    assert same_address("[::ffff:10.0.0.5]", "10.0.0.5")
    assert not same_address("10.0.0.5", "10.0.0.6")


class _Tool:
    def __init__(self, base):
        self.base = base


def _set_net(ip, kind="1"):
    return Call("set-net", {"type": kind, "is-dhcp": "0", "ip": ip, "mask": "255.0.0.0"}, "network.ethernet")


WANTED = {"network": {"ethernet": {"dhcp": False, "address": "10.9.8.7"}}}


@pytest.mark.parametrize("host", ["127.1", "0.0.0.0", "2130706433", "0x7f000001", "[::ffff:127.0.0.1]", "[::1]"])
def test_a_tool_on_this_machine_never_follows_the_device_off_it(host):
    assert new_address(_Tool(f"http://{host}:8080"), [_set_net("10.9.8.7")], WANTED) is None


def test_a_remote_tool_follows_to_the_address_the_document_set():
    assert new_address(_Tool("http://10.0.0.5"), [_set_net("10.9.8.7")], WANTED) == "http://10.9.8.7"


def test_an_address_the_document_did_not_set_is_never_followed():
    # the document changes only the DNS server: set-net carries the address the device
    # reported, and a device that lies about it must not lead the tool anywhere
    wanted = {"network": {"ethernet": {"dns": "10.0.0.1"}}}
    assert new_address(_Tool("http://10.0.0.5"), [_set_net("203.0.113.66")], wanted) is None
    # nor is an address set for the other interface
    assert new_address(_Tool("http://10.0.0.5"), [_set_net("10.9.8.7", kind="0")], WANTED) is None


def test_apply_prints_the_address_a_set_net_gave_the_device(emulator, tmp_path, cli):
    doc = tmp_path / "net.yaml"
    doc.write_text("usconf: 1\nnetwork:\n  ethernet: {dhcp: false, address: 127.0.0.2, netmask: 255.0.0.0, "
                   "gateway: 127.0.0.254}\n")
    code, _out, err = cli("apply", doc, "--yes", "--device", emulator.url)
    assert code == 0, err
    port = emulator.url.rsplit(":", 1)[1]
    assert f"The device's address is now 127.0.0.2 (reconnected at http://127.0.0.2:{port})." in err
