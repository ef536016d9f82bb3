"""The status mask of a discovery reply (or a BLE status frame) as words a user reads."""
from usconf.spec import status as bits

# Which bits are worth a word in a one-row listing, in the order they are shown.
# Reserved bits and the always-set readiness bits (disk, RTMP) are left out.
WORDS = (
    (bits.LIVING, "live"),
    (bits.RECORD, "recording"),
    (bits.SOFTAP, "ap-mode"),
    (bits.FIRST, "first-boot"),
    (bits.PASSWD, "password-set"),
    (bits.STATUS_BITS["statusOccupied"], "occupied"),
    (bits.UPGRADE, "updating"),
    (bits.CHECK_UPGRADE, "checking-update"),
    (bits.FORMAT_DISK, "formatting-usb"),
    (bits.FORMAT_SD, "formatting-sd"),
    (bits.DISK_TEST, "disk-test"),
    (bits.NET_TEST, "stream-test"),
    (bits.SEND_TEST, "upload-test"),
    (bits.STATUS_BITS["statusSearchWifi"], "searching-wifi"),
    (bits.STATUS_BITS["statusConnectWifi"], "connecting-wifi"),
    (bits.RESET, "resetting"),
    (bits.REBOOT, "rebooting"),
)


def describe(mask):
    """Words for the set bits that matter (['live', 'recording']); ['unknown'] without a mask."""
    if mask is None:
        return ["unknown"]
    return [word for bit, word in WORDS if mask & bit]


def on_air(mask):
    """Live or recording: a box nothing may interrupt unless the user said so."""
    return mask is not None and bool(mask & (bits.LIVING | bits.RECORD))
