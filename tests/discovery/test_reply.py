"""Discovery replies as the reference shows them, and everything that is not one."""
import json
import re

import pytest

from usconf.discovery import inventory, probe, reply, ssdp, status

SAMPLE = (b'{"version":"1.0","flag":"ssip","product":"Ultra Stream","boxname":"[LH-SDI]-1.2.1",'
          b'"serialnumber":"A302190719003","wifiip":"192.168.48.1","ethip":"192.168.1.217","status":65600}')


def test_the_references_sample_reply_is_a_device_with_its_decoded_status():
    found = reply.parse(SAMPLE, "192.168.1.217")
    assert (found.serial, found.name, found.product) == ("A302190719003", "[LH-SDI]-1.2.1", "Ultra Stream")
    assert (found.eth_ip, found.wifi_ip, found.status) == ("192.168.1.217", "192.168.48.1", 65600)
    # 65600 = statusPasswd | statusSoftAP
    assert found.states == ["ap-mode", "password-set"]
    assert found.url == "http://192.168.1.217"


@pytest.mark.parametrize("data, reason", [
    (b"hello", reply.NOT_JSON),
    (b"\xff\xfe{}", reply.NOT_JSON),
    (b'["ssip"]', reply.NOT_JSON),
    (b'{"flag":"other","serialnumber":"A1"}', reply.NO_FLAG),
    (b'{"serialnumber":"A1"}', reply.NO_FLAG),
    (b'{"flag":"ssip","boxname":"x"}', reply.NO_SERIAL),
    (b'{"flag":"ssip","serialnumber":"   "}', reply.NO_SERIAL),
    (b'{"flag":"ssip","serialnumber":"A1","pad":"' + b"x" * 4096 + b'"}', reply.TOO_LARGE),
])
def test_datagrams_that_are_not_replies_are_ignored_with_a_reason(data, reason):
    with pytest.raises(reply.Ignored) as skip:
        reply.parse(data, "127.0.0.1")
    assert skip.value.reason == reason


def test_a_reply_of_exactly_4_kib_is_still_read():
    body = {"flag": "ssip", "serialnumber": "A302190719003", "boxname": ""}
    text = json.dumps(body)
    body["boxname"] = "n" * (reply.MAX_REPLY - len(text))
    data = json.dumps(body).encode()
    assert len(data) == reply.MAX_REPLY
    assert reply.parse(data, "127.0.0.1").serial == "A302190719003"


def test_device_strings_are_escaped_and_bad_addresses_dropped():
    data = json.dumps({"flag": "ssip", "serialnumber": "A3\x1b[31m", "boxname": "Hall\nB\x07",
                       "ethip": "not-an-ip", "wifiip": "0.0.0.0", "status": "65600"}).encode()
    found = reply.parse(data, "127.0.0.9")
    assert found.serial == "A3\\x1b[31m" and found.name == "Hall\\x0aB\\x07"
    assert (found.eth_ip, found.wifi_ip) == ("", "")
    assert found.url == "http://127.0.0.9"          # where it answered from
    assert found.status == 65600                     # a number sent as a string still decodes


def test_the_url_is_where_the_reply_came_from_not_what_the_device_claims():
    data = reply.build("A302190719003", "Rack", eth_ip="10.9.9.9", wifi_ip="10.8.8.8", status=0)
    found = reply.parse(data, "192.168.1.217")
    assert (found.eth_ip, found.wifi_ip, found.url) == ("10.9.9.9", "10.8.8.8", "http://192.168.1.217")


def test_an_unusable_status_is_unknown_not_a_failure():
    found = reply.parse(b'{"flag":"ssip","serialnumber":"A1","status":"busy"}', "127.0.0.1")
    assert found.status is None and found.states == ["unknown"]


def test_status_words_for_live_and_recording():
    assert status.describe(0x02 | 0x04 | 0x10 | 0x20) == ["live", "recording"]
    assert status.on_air(0x02) and status.on_air(0x04) and not status.on_air(0x10 | 0x40)


def test_collected_replies_are_deduplicated_by_serial_and_ignored_ones_counted():
    got = probe.Collected()
    got.add(SAMPLE, "192.168.1.217")
    got.add(SAMPLE.replace(b"192.168.1.217", b"10.0.0.5"), "10.0.0.5")
    got.add(b"junk", "10.0.0.6")
    got.add(b"{}", "10.0.0.7")
    got.add(b"{}", "10.0.0.8")
    assert [d.serial for d in got.devices] == ["A302190719003"]
    assert got.devices[0].eth_ip == "192.168.1.217"    # the first reply wins
    assert got.duplicates == 1
    assert got.ignored_summary() == '3 replies ignored (2 no flag "ssip", 1 not JSON)'


@pytest.mark.parametrize("text, expected", [
    ("127.0.0.1:2538", ("127.0.0.1", 2538)), ("localhost", ("localhost", 2538)), ("[::1]:9", ("::1", 9)),
])
def test_targets(text, expected):
    assert probe.parse_target(text) == expected


@pytest.mark.parametrize("text", ["127.0.0.1:x", "127.0.0.1:0", ":5", "[::1", "127.0.0.1:70000"])
def test_bad_targets_are_one_clear_error(text):
    with pytest.raises(Exception, match="bad target"):
        probe.parse_target(text)


def test_ssdp_answer_gives_the_host_of_its_location_only_when_it_is_the_sender():
    answer = (b"HTTP/1.1 200 OK\r\nCACHE-CONTROL: max-age=1800\r\nST: upnp:rootdevice\r\n"
              b"LOCATION: http://192.168.1.217:8080/description.xml\r\n\r\n")
    assert ssdp.parse(answer, "192.168.1.217") == "http://192.168.1.217:8080"
    with pytest.raises(reply.Ignored):
        ssdp.parse(answer, "192.168.1.99")
    with pytest.raises(reply.Ignored):
        ssdp.parse(b"NOTIFY * HTTP/1.1\r\n\r\n", "192.168.1.217")
    search = ssdp.m_search().decode()
    assert search.startswith("M-SEARCH * HTTP/1.1\r\n") and 'MAN: "ssdp:discover"' in search


def test_inventory_names_are_safe_unique_and_urls_are_built_by_usconf():
    a = reply.Found("A302190719003", "Studio A: left!", "", "", "10.0.0.1", "", 0, "10.0.0.1")
    b = reply.Found("A302190719004", "Studio A: left!", "", "", "10.0.0.2", "", 0, "10.0.0.2", http_port=8080)
    c = reply.Found("C301181214002", "{{ evil }}\n- x", "", "", "10.0.0.3", "", 0, "10.0.0.3")
    doc = inventory.skeleton([a, b, c])
    assert doc["usconf"] == 1
    assert doc["devices"] == {
        "studio-a-left": {"url": "http://10.0.0.1", "vars": {"serial": "A302190719003"}},
        "studio-a-left-a302190719004": {"url": "http://10.0.0.2:8080", "vars": {"serial": "A302190719004"}},
        "evil-x": {"url": "http://10.0.0.3", "vars": {"serial": "C301181214002"}},
    }
    by_serial = inventory.skeleton([a, c], source="serial")["devices"]
    assert list(by_serial) == ["a302190719003", "c301181214002"]


def test_inventory_names_fit_the_formats_name_rule_however_long_or_repeated():
    long_name = "Studio " + "x" * 200
    devices = [reply.Found(f"A3021907190{i:02d}" + "9" * 19, long_name, "", "", f"10.0.0.{i}", "", 0, f"10.0.0.{i}")
               for i in range(5)] + [reply.Found("", "", "", "", "10.0.1.1", "", 0, "10.0.1.1")] * 2
    names = list(inventory.skeleton(devices)["devices"])
    assert len(names) == len(set(names)) == 7
    assert all(re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}", n) for n in names), names
