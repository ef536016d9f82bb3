"""Bluetooth first contact: give a box with no network yet its Wi-Fi, or turn on its AP mode.

    codec      the frames of the reference's GATT tables, built and parsed byte for byte
    session    Provisioner: status, password, Wi-Fi, AP mode, AP info over a Link
    transport  the Link/Transport interface; bleak_transport (optional extra) and fake implement it
"""


def open_transport(emulate=False):
    """The fake scene with `emulate`, else bleak (BleUnavailable, one line, when it cannot work)."""
    if emulate:
        from usconf.ble.fake import emulated_transport
        return emulated_transport()
    from usconf.ble.bleak_transport import BleakTransport
    return BleakTransport()
