"""Every frame of the reference's Bluetooth tables, byte for byte.

Expected bytes are written out by hand from the tables: opcode (2 bytes), then the
fields in the order and widths the tables give, little-endian, text NUL-padded.
"""
import pytest

from usconf.ble import codec
from usconf.secrets import Secret

INDEX = 0x1234   # on the wire: 34 12


def h(text):
    return bytes.fromhex(text.replace(" ", ""))


def frames(writes):
    return [(w.buffer, w.data) for w in writes]


# --- 1. status ----------------------------------------------------------------------------------

def test_status_request_is_5335_and_index_on_buffer_0():
    assert frames(codec.status_request(INDEX)) == [(0, h("3553 3412"))]


def test_status_reply_is_5336_mask_and_same_index_on_buffer_4():
    frame = h("3653 40000100 3412")           # 0x00010040 = statusPasswd | statusSoftAP
    assert codec.status_reply(0x00010040, INDEX) == frame
    assert codec.parse_status_reply(frame, INDEX) == 0x00010040


# --- 2. password ----------------------------------------------------------------------------------

def test_password_writes_buffer_4_then_buffer_0_with_the_raw_md5():
    md5_admin = "e3afed0047b08059d0fada10f400c1e5"   # MD5("Admin"), 16 bytes, not hex text
    assert frames(codec.password_request(Secret("Admin"), INDEX)) == [
        (4, h("3353 3412")),
        (0, h("3353" + md5_admin)),
    ]


@pytest.mark.parametrize("code, wire", [(0, "00000000"), (-1, "ffffffff")])
def test_password_reply_is_5334_result_and_same_index(code, wire):
    frame = h(f"3453 {wire} 3412")
    assert codec.password_reply(code, INDEX) == frame
    assert codec.parse_password_reply(frame, INDEX) == code


# --- 3. Wi-Fi -----------------------------------------------------------------------------------

def test_wifi_request_short_name_and_password():
    writes = codec.wifi_request("Studio", Secret("password123"), codec.Security.WPA2, codec.IpMode.V4V6, INDEX)
    assert frames(writes) == [
        (0, h("3753 0300 3412 0100")),                                     # opcode, secuID, index, IP mode
        (1, b"Studio" + bytes(12)),                                        # name part 1 (18)
        (2, bytes(18)),                                                    # name part 2 (18), empty
        (3, b"password123" + bytes(7)),                                    # password part 1 (18)
        (4, h("3753") + bytes(16)),                                        # opcode, password part 2 (16)
    ]


def test_wifi_request_splits_long_name_and_password_across_buffers():
    name = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123"          # 30 bytes: 18 + 12
    password = "abcdefghijklmnopqrstuvwxyz0123"      # 30 bytes: 18 + 12
    writes = codec.wifi_request(name, password, codec.Security.WPA, codec.IpMode.V6, 0xBEEF)
    assert frames(writes) == [
        (0, h("3753 0200 efbe 0200")),
        (1, b"ABCDEFGHIJKLMNOPQR"),
        (2, b"STUVWXYZ0123" + bytes(6)),
        (3, b"abcdefghijklmnopqr"),
        (4, h("3753") + b"stuvwxyz0123" + bytes(4)),
    ]


def test_wifi_request_fills_every_byte_at_the_limits():
    writes = codec.wifi_request("N" * 36, "p" * 34, codec.Security.WPA2, codec.IpMode.V4, 0)
    assert frames(writes)[1:] == [(1, b"N" * 18), (2, b"N" * 18), (3, b"p" * 18), (4, h("3753") + b"p" * 16)]


def test_wifi_open_and_wep_security_ids():
    assert codec.wifi_request("Cafe", "", codec.Security.NONE, codec.IpMode.V4, 1)[0].data == h("3753 0000 0100 0000")
    assert codec.wifi_request("Old", "12345", codec.Security.WEP, codec.IpMode.V4, 1)[0].data == h("3753 0100 0100 0000")


@pytest.mark.parametrize("ssid, password, security, message", [
    ("N" * 37, "password1", codec.Security.WPA2, "at most 36"),
    ("Studio", "p" * 35, codec.Security.WPA2, "at most 34"),
    ("", "password1", codec.Security.WPA2, "empty"),
    ("Studio", "short", codec.Security.WPA2, "at least 8"),
    ("Cafe", "secret99", codec.Security.NONE, "takes no password"),
    ("Stu\x00dio", "password1", codec.Security.WPA2, "NUL"),
])
def test_wifi_values_that_cannot_be_sent_are_refused_before_anything_is_written(ssid, password, security, message):
    with pytest.raises(codec.FrameError, match=message) as err:
        codec.wifi_request(ssid, Secret(password), security, codec.IpMode.V4, 0)
    assert password not in str(err.value) or len(password) < 3


def test_utf8_names_are_split_by_bytes_and_joined_back():
    name = "Studio Ä Ü 東京 Ø"   # multi-byte characters across the 18-byte boundary
    writes = codec.wifi_request(name, "password1", codec.Security.WPA2, codec.IpMode.V4, 7)
    data = {w.buffer: w.data for w in writes}
    _, index, _, ssid, password = codec.parse_wifi_request(data[0], data[1], data[2], data[3], data[4])
    assert (index, ssid, password.reveal()) == (7, name, "password1")


def test_wifi_ack_is_5332_and_same_index_on_buffer_0():
    assert codec.wifi_ack(INDEX) == h("3253 3412")
    codec.parse_wifi_ack(h("3253 3412"), INDEX)


def test_wifi_result_success_carries_ip_status_and_version():
    frame = h("3253 00000000 c0a80164 31000000 0100 0500")
    assert codec.wifi_result(0, "192.168.1.100", 0x31, (1, 5)) == frame
    result = codec.parse_wifi_result(frame)
    assert (result.code, result.wifi_ip, result.status, result.version) == (0, "192.168.1.100", 0x31, (1, 5))
    assert result.name == "retSucceed"


@pytest.mark.parametrize("code, wire, name", [
    (2, "02000000", "retRunning"), (-1, "ffffffff", "errPasswd"), (-4, "fcffffff", "errDevice"),
    (-12, "f4ffffff", "errTimeout"), (-14, "f2ffffff", "errNotFound"), (-20, "ecffffff", "errEmpty"),
])
def test_wifi_result_codes_map_to_the_devices_error_names(code, wire, name):
    frame = h(f"3253 {wire} 00000000 31000000 0100 0500")
    assert codec.wifi_result(code, "", 0x31, (1, 5)) == frame
    result = codec.parse_wifi_result(frame)
    assert (result.code, result.name, result.wifi_ip) == (code, name, "")


def test_wifi_ip_is_only_taken_from_a_success():
    result = codec.parse_wifi_result(h("3253 ffffffff c0a80164 31000000 0100 0500"))
    assert result.wifi_ip == ""


# --- 4. AP mode -----------------------------------------------------------------------------------

def test_ap_mode_request_and_replies():
    assert frames(codec.ap_mode_request(INDEX)) == [(0, h("4153 3412"))]
    for code, wire in ((0, "00000000"), (2, "02000000"), (-4, "fcffffff")):
        frame = h(f"4253 {wire} 3412")
        assert codec.ap_mode_reply(code, INDEX) == frame
        assert codec.parse_ap_mode_reply(frame, INDEX) == code


# --- 5. AP information ----------------------------------------------------------------------------

def test_ap_info_request_and_the_three_reply_buffers():
    assert frames(codec.ap_info_request(INDEX)) == [(0, h("4353 3412"))]
    reply = codec.ap_info_reply(codec.Security.WPA2, "C301181214002", "ap-secret-99", INDEX)
    assert reply == {4: h("4453 0300 3412"),
                     2: h("4453") + b"C301181214002" + bytes(3),
                     3: h("4453") + b"ap-secret-99" + bytes(4)}
    assert codec.AP_INFO_READ_ORDER == (4, 2, 3)
    info = codec.parse_ap_info(reply[4], reply[2], reply[3], INDEX)
    assert (info.security, info.ssid, info.password.reveal()) == (3, "C301181214002", "ap-secret-99")
    assert "ap-secret-99" not in repr(info)


# --- 6. keep-alive and advertising -------------------------------------------------------------------

def test_keepalive_reads_buffer_1_whose_uuid_is_the_references():
    assert codec.BUFFER_UUIDS[codec.KEEPALIVE_BUFFER] == "f4be124e-4cdc-43e2-a6bb-8628e4009e6b"


def test_uuids_are_the_references():
    assert codec.GATT_SERVICE == "e20a39f4-73f5-4bc4-a12f-17d1ad07a961"
    assert codec.BUFFER_UUIDS == {
        0: "08590f7e-db05-467e-8757-72f6faeb13d4", 1: "f4be124e-4cdc-43e2-a6bb-8628e4009e6b",
        2: "1de1bf3d-1bbe-43aa-9a30-b2bb5ce9671d", 3: "8d7bd67d-d0b3-4a5e-8d2b-2912af174a7d",
        4: "3a10340a-85e3-4190-86b4-b94dc505e4f8"}
    assert codec.DEVICE_INFO["serial"] == "00002a25-0000-1000-8000-00805f9b34fb"


def test_advertising_packet_and_scan_response_as_the_table_lists_them():
    packet = codec.advertising_data(0x01010101)
    assert packet == h("05 04 61a907ad" "16 ff" "14 ff 3529 0808 01 0100 01010101 00000000 00000000")
    assert len(packet) == 6 + 23
    response = codec.scan_response("C301170101001")
    assert response == h("0e 09") + b"C301170101001" and len(response) == 15
    advert = codec.parse_advertisement(codec.advertising_data(0x45, "192.168.1.217", "192.168.48.1"), response)
    assert advert == codec.Advert("C301170101001", 0x45, "192.168.1.217", "192.168.48.1")


@pytest.mark.parametrize("name, ok", [("C301170101001", True), ("c301170101001", False), ("C30117010100", False),
                                      ("C30117010100X", False), ("C3011701010011", False)])
def test_serial_numbers_from_advertised_names(name, ok):
    assert codec.is_serial(name) is ok


def test_other_manufacturers_data_is_not_an_ultra_stream():
    with pytest.raises(codec.FrameError):
        codec.parse_manufacturer_data(h("14ff 4c00 0808 01 0100") + bytes(12))


# --- checks on what is read ------------------------------------------------------------------------

def test_a_reply_with_another_index_is_refused():
    with pytest.raises(codec.IndexMismatch, match="0x1235 does not echo the request's 0x1234"):
        codec.parse_status_reply(h("3653 31000000 3512"), INDEX)
    for parse in (codec.parse_password_reply, codec.parse_ap_mode_reply):
        with pytest.raises(codec.IndexMismatch):
            parse(codec.password_reply(0, 1) if parse is codec.parse_password_reply else codec.ap_mode_reply(0, 1),
                  2)
    with pytest.raises(codec.IndexMismatch):
        codec.parse_wifi_ack(h("3253 0100"), 2)
    reply = codec.ap_info_reply(0, "x", "", 9)
    with pytest.raises(codec.IndexMismatch):
        codec.parse_ap_info(reply[4], reply[2], reply[3], 8)


def test_a_reply_with_another_opcode_or_too_short_is_refused():
    with pytest.raises(codec.FrameError, match="expected opcode 0x5336, got 0x5334"):
        codec.parse_status_reply(h("3453 00000000 3412"), INDEX)
    with pytest.raises(codec.FrameError, match="expected 8 bytes, got 5"):
        codec.parse_status_reply(h("3653 000000"), INDEX)
    with pytest.raises(codec.FrameError):
        codec.parse_wifi_result(b"")


def test_bytes_past_the_frame_are_ignored():
    # A characteristic read can return its whole fixed-size value.
    assert codec.parse_status_reply(h("3653 31000000 3412") + bytes(12), INDEX) == 0x31


def test_every_frame_fits_one_default_mtu_write_and_never_shows_its_bytes():
    writes = (codec.status_request(1) + codec.password_request("Admin", 1) + codec.ap_mode_request(1)
              + codec.ap_info_request(1) + codec.wifi_request("N" * 36, "p" * 34, 3, 0, 1))
    assert all(len(w.data) <= codec.MAX_FRAME for w in writes)
    replies = [codec.status_reply(1, 1), codec.password_reply(0, 1), codec.wifi_result(0, "10.0.0.1", 1, (1, 1)),
               codec.ap_mode_reply(0, 1), *codec.ap_info_reply(3, "A" * 16, "B" * 16, 1).values()]
    assert all(len(r) <= codec.MAX_FRAME for r in replies)
    assert "pppp" not in repr(writes)


def test_index_out_of_range_is_a_clear_error():
    with pytest.raises(codec.FrameError, match="from 0 to 65535"):
        codec.status_request(0x10000)
