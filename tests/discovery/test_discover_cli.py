"""`usconf discover` against emulated devices and scripted responders, on loopback only."""
import http.server
import json
import threading

import pytest
import yaml

from tests.discovery.conftest import free_udp_port
from usconf.client import Client
from usconf.discovery import probe, reply

WAIT = "0.4"  # seconds the probe waits for replies; loopback answers in well under that


def test_discover_lists_every_emulated_device_with_serial_name_and_addresses(emulator_factory, cli):
    group = emulator_factory(count=3, discovery_port=0)
    with Client(group.devices[1].url) as dev:
        dev.set_name("Hall B")
    code, out, err = cli("discover", "--target", f"127.0.0.1:{group.discovery.port}", "--timeout", WAIT, "--json")
    assert code == 0, err
    devices = json.loads(out)["devices"]
    assert sorted(d["serial"] for d in devices) == sorted(d.backend.serial for d in group.devices)
    by_serial = {d["serial"]: d for d in devices}
    second = by_serial[group.devices[1].backend.serial]
    assert second["name"] == "Hall B"                      # the live name, not the factory one
    assert second["eth_ip"] == "127.0.0.1" and second["url"] == group.devices[1].url
    assert all(d["states"] == ["first-boot"] for d in devices)
    assert "3 devices found" in err


def test_the_status_column_follows_the_devices_live_state(emulator_factory, cli):
    group = emulator_factory(discovery_port=0)
    with Client(group.url) as dev:
        dev.call("start-rec")
    code, out, _ = cli("discover", "--target", f"127.0.0.1:{group.discovery.port}", "--timeout", WAIT)
    assert code == 0
    header, row = out.splitlines()
    assert header.split()[:3] == ["SERIAL", "NAME", "PRODUCT"]
    assert row.startswith(group.backend.serial) and "recording" in row and group.url in row


def test_a_rebooting_device_does_not_answer(emulator_factory, cli):
    group = emulator_factory(count=2, discovery_port=0)
    with Client(group.devices[0].url) as dev:
        dev.call("reboot")
    code, out, _ = cli("discover", "--target", f"127.0.0.1:{group.discovery.port}", "--timeout", WAIT, "--json")
    assert code == 0
    assert [d["serial"] for d in json.loads(out)["devices"]] == [group.devices[1].backend.serial]


def test_malformed_replies_are_ignored_and_counted(responder, cli):
    good = reply.build("A302190719003", "Rack 1", "127.0.0.1", "", 0x10 | 0x20)
    answers = [b"not json at all", b'{"flag":"nope","serialnumber":"X"}',
               b'{"flag":"ssip","serialnumber":"B1","pad":"' + b"x" * 5000 + b'"}', good, good]
    fake = responder(answers)
    code, out, err = cli("discover", "--target", f"127.0.0.1:{fake.port}", "--timeout", WAIT, "--json")
    assert code == 0
    body = json.loads(out)
    assert [d["serial"] for d in body["devices"]] == ["A302190719003"]
    assert body["ignored"] == {"not JSON": 1, 'no flag "ssip"': 1, "over 4 KiB": 1}
    assert body["duplicates"] == 1
    assert "3 replies ignored" in err
    assert fake.received == [reply.PROBE]


def test_nothing_answering_is_an_empty_list_not_an_error(cli):
    code, out, err = cli("discover", "--target", f"127.0.0.1:{free_udp_port()}", "--timeout", "0.2", "--json")
    assert code == 0 and json.loads(out)["devices"] == [] and "0 devices found" in err


def test_emulator_ignores_datagrams_that_are_not_the_probe(emulator_factory):
    group = emulator_factory(discovery_port=0)
    got = []
    probe.exchange(b"hello?", [("127.0.0.1", group.discovery.port)], 0.3, on_datagram=lambda d, s: got.append(d))
    assert got == []


def test_inventory_out_writes_a_fleet_inventory_of_every_device(emulator_factory, cli, tmp_path):
    group = emulator_factory(count=2, discovery_port=0)
    target = tmp_path / "fleet.yaml"
    code, _, err = cli("discover", "--target", f"127.0.0.1:{group.discovery.port}", "--timeout", WAIT,
                       "--inventory-out", str(target), "--names", "serial")
    assert code == 0, err
    doc = yaml.safe_load(target.read_text())
    assert doc["usconf"] == 1 and set(doc) == {"usconf", "devices"}
    assert {name: entry["url"] for name, entry in doc["devices"].items()} == {
        d.backend.serial.lower(): d.url for d in group.devices}
    # Each URL is a device one can log in to.
    for entry in doc["devices"].values():
        with Client(entry["url"]) as dev:
            assert dev.get_info()["product"]["sn"] == entry["vars"]["serial"]
    # An existing file is not replaced unless asked.
    code, _, err = cli("discover", "--target", f"127.0.0.1:{group.discovery.port}", "--timeout", "0.1",
                       "--inventory-out", str(target))
    assert code == 1 and "exists" in err and "Traceback" not in err
    code, _, _ = cli("discover", "--target", f"127.0.0.1:{group.discovery.port}", "--timeout", "0.1",
                     "--inventory-out", str(target), "--force")
    assert code == 0


class _NotADevice(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = b"<html>router admin</html>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def web_server():
    servers = []

    def start(host, port):
        server = http.server.ThreadingHTTPServer((host, port), _NotADevice)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return server
    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def test_scan_finds_devices_on_several_loopback_addresses(same_port_on, web_server, cli):
    port, groups = same_port_on(["127.0.0.1", "127.0.0.2", "127.0.0.3"], models=["hdmi", "sdi", "hdmi"])
    for i, group in enumerate(groups):
        with Client(group.url) as dev:
            dev.set_name(f"Rack {i + 1}")
    web_server("127.0.0.5", port)
    code, out, err = cli("discover", "--scan", "127.0.0.0/29", "--port", str(port), "--timeout", "2", "--json")
    assert code == 0, err
    body = json.loads(out)
    found = {d["url"]: d for d in body["devices"]}
    assert list(found) == [f"http://127.0.0.{i}:{port}" for i in (1, 2, 3)]   # address order
    assert [d["name"] for d in found.values()] == ["Rack 1", "Rack 2", "Rack 3"]
    assert found[f"http://127.0.0.2:{port}"]["model"] == "Ultra Stream SDI"
    assert all(d["serial"] and d["firmware"] and d["error"] is None for d in found.values())
    assert body["not_ultra_stream"] == 1
    assert "3 devices found in 127.0.0.0/29; 1 other HTTP hosts ignored" in err


def test_scan_text_rows_and_inventory(same_port_on, cli, tmp_path):
    port, groups = same_port_on(["127.0.0.2", "127.0.0.3"])
    target = tmp_path / "fleet.yaml"
    code, out, err = cli("discover", "--scan", "127.0.0.0/29", "--port", str(port), "--inventory-out", str(target))
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].split() == ["SERIAL", "NAME", "MODEL", "FIRMWARE", "URL", "STATUS", "ERROR"]
    assert [line.split()[0] for line in lines[1:]] == [g.backend.serial for g in groups]
    doc = yaml.safe_load(target.read_text())
    assert sorted(e["url"] for e in doc["devices"].values()) == sorted(g.url for g in groups)
    assert len(doc["devices"]) == 2   # same factory name and serial: names made unique


def test_scan_with_a_wrong_password_lists_the_device_and_why(same_port_on, cli, tmp_path):
    port, _ = same_port_on(["127.0.0.2"])
    secret = tmp_path / "pw"
    secret.write_text("not-the-password\n")
    code, out, err = cli("discover", "--scan", "127.0.0.2/32", "--port", str(port), "--password-file", str(secret),
                         "--json")
    assert code == 0
    (device,) = json.loads(out)["devices"]
    assert device["error"] == "wrong username or password" and device["serial"] == ""
    assert "not-the-password" not in out + err


@pytest.mark.parametrize("cidr, message", [
    ("10.0.0.0/8", "the limit is 65536 (a /16): split it"),
    ("banana", "bad --scan range 'banana'"),
    ("224.0.0.0/30", "not a range of host addresses"),
])
def test_scan_refuses_bad_or_huge_ranges_in_one_line(cli, cidr, message):
    code, out, err = cli("discover", "--scan", cidr, "--port", "1")
    assert code == 1 and message in err and len(err.strip().splitlines()) == 1 and out == ""


def test_ssdp_hosts_are_confirmed_over_http(emulator_factory, responder, cli):
    group = emulator_factory()
    location = f"HTTP/1.1 200 OK\r\nST: upnp:rootdevice\r\nLOCATION: {group.url}/description.xml\r\n\r\n"
    elsewhere = "HTTP/1.1 200 OK\r\nLOCATION: http://127.0.0.9:1/description.xml\r\n\r\n"
    fake_ssdp = responder([location.encode(), elsewhere.encode(), b"garbage"])
    code, out, err = cli("discover", "--target", f"127.0.0.1:{free_udp_port()}",
                         "--ssdp-target", f"127.0.0.1:{fake_ssdp.port}", "--timeout", WAIT, "--json")
    assert code == 0, err
    body = json.loads(out)
    (device,) = body["devices"]
    assert (device["serial"], device["url"], device["via"]) == (group.backend.serial, group.url, "ssdp")
    assert body["ignored"] == {"SSDP answer without a usable LOCATION": 1, "not an SSDP answer": 1}
    assert fake_ssdp.received[0].startswith(b"M-SEARCH * HTTP/1.1")


def test_emulator_command_announces_its_discovery_port():
    import subprocess
    import sys
    proc = subprocess.Popen([sys.executable, "-m", "usconf", "emulator", "--port", "0", "--discovery-port", "0"],
                            stdout=subprocess.PIPE, text=True)
    try:
        first, second = proc.stdout.readline(), proc.stdout.readline()
        assert first.startswith("ready http://127.0.0.1:")
        assert second.startswith("discovery 127.0.0.1:")
        port = int(second.split(":")[1])
        got = probe.probe([("127.0.0.1", port)], timeout=float(WAIT))
        assert [d.url for d in got.devices] == [first.split()[1]]
    finally:
        proc.terminate()
        proc.wait(10)


def test_a_discovery_port_in_use_is_one_clear_error(cli):
    import socket
    taken = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    taken.bind(("127.0.0.1", 0))
    try:
        code, out, err = cli("emulator", "--port", "0", "--discovery-port", str(taken.getsockname()[1]))
    finally:
        taken.close()
    assert code == 1 and out == ""
    assert err.startswith("Error: cannot listen for discovery on 127.0.0.1 UDP port ") and len(err.splitlines()) == 1


def test_inventory_with_config_names_the_desired_state_relative_to_itself(emulator_factory, cli, tmp_path):
    group = emulator_factory(count=2, discovery_port=0)
    (tmp_path / "configs").mkdir()
    (tmp_path / "inv").mkdir()
    config = tmp_path / "configs" / "studio.yaml"
    config.write_text("usconf: 1\ndevice:\n  name: Studio Encoder\n")
    target = tmp_path / "inv" / "fleet.yaml"
    code, _, err = cli("discover", "--target", f"127.0.0.1:{group.discovery.port}", "--timeout", WAIT,
                       "--inventory-out", str(target), "--config", str(config))
    assert code == 0, err
    doc = yaml.safe_load(target.read_text())
    assert list(doc) == ["usconf", "defaults", "devices"]
    assert doc["defaults"] == {"file": "../configs/studio.yaml"}
    assert len(doc["devices"]) == 2
    # The file every device gets, resolved as the inventory resolves it, is a valid desired state.
    resolved = (target.parent / doc["defaults"]["file"]).resolve()
    assert resolved == config.resolve()
    code, out, err = cli("validate", str(resolved))
    assert code == 0, out + err


def test_config_without_inventory_out_is_a_usage_error(cli, tmp_path):
    config = tmp_path / "c.yaml"
    config.write_text("usconf: 1\n")
    code, _, err = cli("discover", "--target", "127.0.0.1:9", "--config", str(config))
    assert code == 2 and "--inventory-out" in err


def test_the_written_inventory_passes_validate_i_where_the_tree_has_it(emulator_factory, cli, tmp_path):
    from usconf.cli import _register
    from usconf.cli import cli as root
    _register()
    validate = root.commands.get("validate")
    if validate is None or "inventory" not in {p.name for p in validate.params}:
        pytest.skip("`usconf validate -i` is not in this tree yet; the structure is checked above")
    group = emulator_factory(count=2, discovery_port=0)
    config = tmp_path / "studio.yaml"
    config.write_text("usconf: 1\ndevice:\n  name: Studio Encoder\n")
    target = tmp_path / "fleet.yaml"
    code, _, err = cli("discover", "--target", f"127.0.0.1:{group.discovery.port}", "--timeout", WAIT,
                       "--inventory-out", str(target), "--config", str(config))
    assert code == 0, err
    code, out, err = cli("validate", "-i", str(target))
    assert code == 0, out + err
