"""Device status mask bits (get-status `cur-status`) and storage status codes."""

STATUS_BITS = {
    "statusFirst": 0x01,
    "statusRecord": 0x02,
    "statusLiving": 0x04,
    "statusStream": 0x08,
    "statusDiskReady": 0x10,
    "statusRTMPReady": 0x20,
    "statusSoftAP": 0x40,
    "statusMIC": 0x100,
    "statusPHONE": 0x200,
    "statusOutput": 0x400,
    "statusDiskTest": 0x1000,
    "statusBlue": 0x2000,
    "statusUpgrade": 0x4000,
    "statusNetTest": 0x8000,
    "statusPasswd": 0x10000,
    "statusOccupied": 0x20000,
    "statusFormatDisk": 0x100000,
    "statusFormatSD": 0x200000,
    "statusSearchWifi": 0x400000,
    "statusConnectWifi": 0x800000,
    "statusConnectBlue": 0x1000000,
    "statusCheckUpgrade": 0x2000000,
    "statusReset": 0x4000000,
    "stausIPv6": 0x8000000,
    "statusTestLock": 0x10000000,
    "statusReboot": 0x20000000,
    "statusSendTest": 0x40000000,
}

FIRST = STATUS_BITS["statusFirst"]
RECORD = STATUS_BITS["statusRecord"]
LIVING = STATUS_BITS["statusLiving"]
DISK_READY = STATUS_BITS["statusDiskReady"]
RTMP_READY = STATUS_BITS["statusRTMPReady"]
SOFTAP = STATUS_BITS["statusSoftAP"]
DISK_TEST = STATUS_BITS["statusDiskTest"]
UPGRADE = STATUS_BITS["statusUpgrade"]
NET_TEST = STATUS_BITS["statusNetTest"]
PASSWD = STATUS_BITS["statusPasswd"]
FORMAT_DISK = STATUS_BITS["statusFormatDisk"]
FORMAT_SD = STATUS_BITS["statusFormatSD"]
CHECK_UPGRADE = STATUS_BITS["statusCheckUpgrade"]
RESET = STATUS_BITS["statusReset"]
REBOOT = STATUS_BITS["statusReboot"]
SEND_TEST = STATUS_BITS["statusSendTest"]


def flag_names(mask):
    """Names of the bits set in a status mask, lowest bit first."""
    return [name for name, bit in sorted(STATUS_BITS.items(), key=lambda kv: kv[1]) if mask & bit]


# Storage device status (`usb.disk-status`, `sd.disk-status`).
DISK_STATUS = {
    0x00: "NotDisk",
    0x01: "DiskValid",
    0x03: "NotSpace",
    0x04: "NotWrite",
    0x05: "LowSpace",
    0x06: "DiskInvalid",
}
