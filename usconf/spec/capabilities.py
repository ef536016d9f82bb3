"""The `get-info` body of each model, as the reference's sample shows it.

These are the capability ranges used for offline validation and served by the
emulator. A real device's own `get-info` always wins when one is reachable.
"""
from usconf.copies import plain_copy


def _named(pairs):
    return [{"name": name, "value": value} for name, value in pairs]


RESOLUTIONS = [
    (480, 360), (640, 360), (640, 480), (720, 480), (720, 576), (768, 576), (800, 600),
    (960, 540), (1024, 768), (1280, 720), (1280, 800), (1280, 960), (1280, 1024),
    (1440, 900), (1440, 1080), (1600, 1200), (1920, 1080),
]

# Frame interval in 100 ns units, as the device reports it.
DURATIONS = [
    ("15 FPS", 666667), ("24 FPS", 416667), ("25 FPS", 400000), ("29.97 FPS", 333667),
    ("30 FPS", 333333), ("50 FPS", 200000), ("59.94 FPS", 166833), ("60 FPS", 166667),
]

_HDMI_INFO = {
    "result": 0,
    "mac-addr": {"eth": "70:b3:d5:75:d5:fc", "wifi": "70:b3:d5:75:d5:fd", "blue": "70:b3:d5:75:d5:fe"},
    "snapshot": "/tmp/sbox-snapshot/sbox-quarter.jpg",
    "product": {
        "sn": "C301181214002",
        "product-id": 769,
        "hardware-ver": "C",
        "firmware-id": 0,
        "firmware-ver-s": "1.2.122",
        "factory-firmware-ver-s": "1.2.115",
        "product-name": "Ultra Stream",
        "module-name": "Ultra Stream HDMI",
        "manu-name": "MAGEWELL",
        "features": 1,
        "max-lock-count": 2,
    },
    "nosignal": {"max-count": 4, "max-width": 1920, "max-height": 1080, "max-size-kb": 512},
    "audio-range": {
        "hdmi": {"max": 6.00, "min": -100.00, "def": 0.00},
        "mic": {"max": 55.25, "min": -12.00, "def": 0.00},
        "phone": {"max": 6.00, "min": -57.00, "def": 0.00},
    },
    "codec-cap": {
        "resolutions": [{"w": w, "h": h} for w, h in RESOLUTIONS],
        "durations": _named(DURATIONS),
        "profile": _named([("Baseline", 0), ("Main profile", 1), ("High profile", 2)]),
        "hevc-profile": _named([("Main profile", 0)]),
        "video-kbps": _named([
            ("256 Kbps", 256), ("512 Kbps", 512), ("768 Kbps", 768), ("1 Mbps", 1024),
            ("1.5 Mbps", 1536), ("2 Mbps", 2048), ("3 Mbps", 3072), ("4 Mbps", 4096), ("8 Mbps", 8192),
        ]),
        "audio-kbps": _named([
            (" 16 Kbps", 16), (" 32 Kbps", 32), (" 48 Kbps", 48), (" 64 Kbps", 64),
            (" 96 Kbps", 96), ("128 Kbps", 128),
        ]),
        "gop-sec": _named([(" 1 sec", 1), (" 2 sec", 2), (" 5 sec", 5), ("10 sec", 10), ("30 sec", 30), ("60 sec", 60)]),
        "video-range": _named([("Full range (0-255)", 1), ("Limited range (16-235)", 0)]),
        "stat-sec": _named([(" 1 sec", 1), (" 5 sec", 5), ("10 sec", 10), ("30 sec", 30), ("60 sec", 60)]),
        "video-codec": _named([("H.264", 0), ("HEVC", 1)]),
    },
    "rec-control": {
        "usb-option": _named([("Don't record", 0), ("Ordinary recording", 1)]),
        "sd-option": _named([("Don't record", 0), ("Ordinary recording", 1), ("Loop recording", 2)]),
        "time-unit": _named([(f"{m} minutes", m) for m in (5, 10, 30, 40, 50, 60, 90, 120)]),
        "file-ext": _named([("mp4", 0), ("mov", 1)]),
    },
    "color-range": {
        "contrast": {"max": 200, "min": 50, "def": 100},
        "brightness": {"max": 100, "min": -100, "def": 0},
        "saturation": {"max": 200, "min": 0, "def": 100},
        "hue": {"max": 90, "min": -90, "def": 0},
    },
    "video-format": {
        "input-color-fmt": _named([("RGB", 1), ("YUV BT.601", 2), ("YUV BT.709", 3), ("YUV BT.2020", 4)]),
        "output-color-fmt": _named([("YUV BT.601", 2), ("YUV BT.709", 3)]),
        "quant-range": _named([("Full range (0-255)", 1), ("Limited range (16-235)", 2)]),
        "sat-range": _named([("Full range (0-255)", 1), ("Limited range (16-235)", 2), ("Extended GAMUT range (1-254)", 3)]),
    },
    "send-file": {
        "server": _named([("FTP Server", 0), ("Google Drive", 1), ("Dropbox", 2)]),
        "ftp-proto": _named([("FTP - File Transfer Protocol", 0), ("SFTP - SSH File Transfer Protocol", 1)]),
        "ftp-encryption": _named([
            ("Only use plain FTP (insecure)", 0), ("Require explicit FTP over TLS", 1), ("Require implicit FTP over TLS", 2),
        ]),
        "ftp-transfer-mode": _named([("Active", 0), ("Passive", 1)]),
    },
}

# The reference documents one get-info sample (HDMI). The SDI unit differs in what
# identifies it; its serial prefix comes from the reference's discovery sample
# (A302...). Its product-id is not documented: 770 is our choice.
_SDI_PRODUCT = {"sn": "A302190719003", "product-id": 770, "module-name": "Ultra Stream SDI"}

MODELS = ("hdmi", "sdi")


def default_info(model="hdmi"):
    """A fresh copy of the get-info body for `model` ('hdmi' or 'sdi')."""
    if model not in MODELS:
        raise ValueError(f"unknown model {model!r}; expected one of {', '.join(MODELS)}")
    info = plain_copy(_HDMI_INFO)
    if model == "sdi":
        info["product"].update(_SDI_PRODUCT)
    return info


def values(info, *path):
    """The allowed `value`s of a named range in get-info, e.g. values(info, 'codec-cap', 'gop-sec')."""
    node = info
    for key in path:
        node = node[key]
    if path[-1] == "resolutions":
        return [(r["w"], r["h"]) for r in node]
    return [item["value"] for item in node]


def bounds(info, *path):
    """(min, max) of a numeric range in get-info, e.g. bounds(info, 'color-range', 'hue')."""
    node = info
    for key in path:
        node = node[key]
    return node["min"], node["max"]
