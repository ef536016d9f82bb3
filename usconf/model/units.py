"""Units and enums of the language, both ways: what a user writes <-> what the device stores.

Every normaliser here accepts both spellings (the YAML one and the device one)
and returns the canonical value, so `8M`, `8192k` and the device's 8192 are one
value, and `fps: 59.94` is the device's duration 166833.
"""
import re

from usconf.rules import NET_MODES, SERVER_TYPES, UPLOAD_TYPES
from usconf.spec.capabilities import DURATIONS

KBPS_PER_MBPS = 1024          # the device's "4 Mbps" is 4096 kbps
DURATION_UNITS_PER_SECOND = 10_000_000   # frame interval is in 100 ns units

_BITRATE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kKmM]?)(?:bps)?\s*$")
_SECONDS = re.compile(r"^\s*(\d+)\s*(s|sec|m|min)?\s*$")


def bitrate_kbps(value):
    """`8M`, `1.5M`, `8192k`, `"8192"` or 8192 -> 8192 (int kbps, 1M = 1024k)."""
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not a bitrate")
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if value.is_integer():
            return int(value)
        raise ValueError(f"{value!r} is not a whole number of kbps")
    match = _BITRATE.match(str(value))
    if not match:
        raise ValueError(f"{value!r} is not a bitrate (examples: 8M, 1.5M, 128k, 4096)")
    number, unit = match.groups()
    kbps = float(number) * (KBPS_PER_MBPS if unit in ("m", "M") else 1)
    if not kbps.is_integer():
        raise ValueError(f"{value!r} is not a whole number of kbps")
    return int(kbps)


def bitrate_text(kbps):
    """The shortest exact way to write `kbps` in the language: 8192 -> '8M', 1536 -> '1.5M', 128 -> '128k'."""
    mbps = kbps / KBPS_PER_MBPS
    if kbps >= KBPS_PER_MBPS and round(mbps, 3) * KBPS_PER_MBPS == kbps:
        return f"{mbps:g}M"
    return f"{kbps}k"


_FPS_OF = {duration: float(label.split()[0]) for label, duration in DURATIONS}
_DURATION_OF = {fps: duration for duration, fps in _FPS_OF.items()}


def fps(value):
    """Canonical frame rate (float) from a YAML fps (59.94, 30, "29.97")."""
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not a frame rate")
    try:
        rate = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{value!r} is not a frame rate (examples: 25, 29.97, 59.94)") from None
    if rate <= 0:
        raise ValueError(f"{value!r} is not a frame rate")
    return rate


def fps_of_duration(duration):
    """Device frame interval -> canonical fps: 166833 -> 59.94; off-table values to 2 decimals."""
    if duration in _FPS_OF:
        return _FPS_OF[duration]
    return round(DURATION_UNITS_PER_SECOND / duration, 2)


def duration_of_fps(rate):
    """Canonical fps -> device frame interval: 59.94 -> 166833, 30 -> 333333.

    A rate outside the device's table still gets its exact interval, so the
    capability check can name it instead of it silently becoming a neighbour.
    """
    rate = fps(rate)
    if rate in _DURATION_OF:
        return _DURATION_OF[rate]
    return round(DURATION_UNITS_PER_SECOND / rate)


def seconds(value):
    """`2s`, `"2"`, 2 -> 2; `1m` -> 60 (gop, bitrate_window)."""
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not a duration")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    match = _SECONDS.match(str(value))
    if not match:
        raise ValueError(f"{value!r} is not a whole number of seconds (examples: 2s, 60s, 1m)")
    number, unit = match.groups()
    return int(number) * (60 if unit in ("m", "min") else 1)


def seconds_text(value):
    return f"{value}s"


def resolution(value):
    """`1920x1080` (any case, spaces allowed around x) -> '1920x1080'."""
    match = re.match(r"^\s*(\d+)\s*[xX×]\s*(\d+)\s*$", str(value))
    if not match:
        raise ValueError(f"{value!r} is not a resolution (example: 1920x1080)")
    return f"{int(match.group(1))}x{int(match.group(2))}"


def resolution_of(cx, cy):
    return f"{cx}x{cy}"


def resolution_size(value):
    width, height = resolution(value).split("x")
    return int(width), int(height)


def flag(value):
    """Device 0/1 -> bool."""
    return bool(int(value))


def bit(value):
    """bool -> device 0/1."""
    return 1 if value else 0


def gain(value):
    """Canonical gain in dB: always a float, so -6 and -6.0 compare and export the same."""
    return float(value)


class Enum:
    """A device enum: integer codes <-> lower-case names of the language."""

    def __init__(self, field, names):
        self.field = field
        self._names = dict(names)
        self._codes = {name: code for code, name in self._names.items()}

    @property
    def names(self):
        return list(self._codes)

    def name(self, code):
        """Device code -> name; an unknown code keeps its number so nothing is lost silently."""
        return self._names.get(code, code)

    def code(self, name):
        """Name (or a device code given as is) -> device code."""
        if name in self._codes:
            return self._codes[name]
        if isinstance(name, str) and name.lower() in self._codes:
            return self._codes[name.lower()]
        if name in self._names:
            return name
        raise ValueError(f"{name!r} is not one of {', '.join(self.names)}")

    def canonical(self, value):
        """A YAML value -> its canonical name."""
        return self.name(self.code(value))


CODEC = Enum("codec", {0: "h264", 1: "hevc"})
H264_PROFILE = Enum("profile", {0: "baseline", 1: "main", 2: "high"})
HEVC_PROFILE = Enum("profile", {0: "main"})
STREAM = Enum("stream", {0: "main", 1: "sub"})
USB_OPTION = Enum("usb", {0: "off", 1: "record"})
SD_OPTION = Enum("sd", {0: "off", 1: "record", 2: "loop"})
CONTAINER = Enum("container", {0: "mp4", 1: "mov"})
INPUT_COLOR = Enum("color_space", {1: "rgb", 2: "bt601", 3: "bt709", 4: "bt2020"})
OUTPUT_COLOR = Enum("color_space", {2: "bt601", 3: "bt709"})
QUANT = Enum("quantization", {1: "full", 2: "limited"})
SATURATION = Enum("saturation", {1: "full", 2: "limited", 3: "extended"})
# The rulebook owns the device's code tables; the language names are the same words.
NET_MODE = Enum("network", NET_MODES)
SERVER_TYPE = Enum("type", SERVER_TYPES)
UPLOAD_TYPE = Enum("type", UPLOAD_TYPES)
FTP_PROTOCOL = Enum("protocol", {0: "ftp", 1: "sftp"})
ENCRYPTION = Enum("encryption", {0: "none", 1: "explicit_tls", 2: "implicit_tls"})
LOGIN = Enum("login", {0: "anonymous", 1: "normal"})
TRANSFER_MODE = Enum("mode", {0: "active", 1: "passive"})
UPDATE_PASSWORD = ("on_create", "always")
AUTO = "auto"


def profile_enum(codec_code):
    return HEVC_PROFILE if codec_code == 1 else H264_PROFILE
