"""A tool on loopback that moves the device's own interface never follows it off loopback."""
from usconf import model
from usconf.apply.run import apply_plan
from usconf.client import Client, wire
from usconf.language.load import load_text
from usconf.plan.make import make_plan

DESIRED = """usconf: 1
network:
  ethernet: {dhcp: false, address: 10.9.8.7, netmask: 255.0.0.0, gateway: 10.0.0.1, dns: 10.0.0.1}
"""


def test_static_address_applies_without_connecting_anywhere_but_loopback(emulator, monkeypatch):
    hosts = []
    real = wire.connect

    def recording(address, timeout):    # every connection the client opens goes through wire.connect
        host = address[0].decode() if isinstance(address[0], bytes) else address[0]
        hosts.append(host)
        if not host.startswith("127."):
            raise OSError(f"test refused a connection to {host}")
        return real(address, timeout)

    monkeypatch.setattr(wire, "connect", recording)
    desired = load_text(DESIRED, name="net.yaml")
    with Client(emulator.url, cloud_url=emulator.cloud_url) as dev:
        plan = make_plan(desired, dev)
        assert plan.calls[-1].method == "set-net"
        result = apply_plan(plan, dev, desired)
        assert result.ok, (result.error, result.failed)
        assert model.read_snapshot(dev).settings["eth"]["ip"] == "10.9.8.7"
    assert hosts and all(h.startswith("127.") for h in hosts), hosts
