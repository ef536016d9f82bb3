"""The device's rules, in one place.

The emulator refuses a request with the code of the first rule the resulting
state would break; the validator checks a desired state with the same rules
before anything is sent; the planner checks every intermediate state of a plan.
All three speak the device's own shape (the `get-settings` body, `get-info`
ranges), so a rule is written once and means the same everywhere.

Every function returns a list of Violation; an empty list means allowed.
"""
import re
import struct
from collections import namedtuple
from functools import lru_cache

from usconf.spec import codes
from usconf.spec.capabilities import bounds, default_info, values
from usconf.spec.timezones import TIMEZONES

MAX_LIVE_SERVERS = 16
MAX_ENABLED_SERVERS = 2
MAX_UPLOAD_SERVERS = 8
SINGLE_SERVER_KBPS = 4096          # "above 4 Mbps": the device's 4 Mbps is 4096 kbps
RTSP_MAX_KBPS = 4096
SEGMENT_MAX_BYTES = 4 * 1024 ** 3
SYNC_OFFSET_MS = (-200, 200)
NAME_MAX = 32
FOLDER_MAX = 64

SERVER_TYPES = {0: "rtmp", 1: "twitch", 2: "youtube", 3: "facebook", 100: "rtsp"}
RTMP, TWITCH, YOUTUBE, FACEBOOK, RTSP = 0, 1, 2, 3, 100
UPLOAD_TYPES = {0: "ftp", 1: "google_drive", 2: "dropbox", 3: "youtube"}
NET_MODES = {0: "mobile", 1: "ethernet", 2: "wifi"}

_NAME_CHARS = re.compile(r"^[A-Za-z0-9 ._\-+'\[\]()]+$")
_FOLDER_CHARS = re.compile(r"^[A-Za-z0-9 ._\-+'/\[\]()]+$")
_IPV4 = re.compile(r"^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$")
_TIME = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$")


class Violation(namedtuple("Violation", "code field message")):
    """A broken rule: `code`, the device's result code for this refusal; `field`, the device field
    (or parameter) at fault; `message`, what is wrong in words a user understands."""

    # collections.namedtuple, not typing.NamedTuple: the typing module is a large part of start-up.
    __slots__ = ()

    @property
    def code_name(self):
        return codes.lookup(self.code).name

    def __str__(self):
        return f"{self.field}: {self.message} ({self.code_name})"


def _v(code, field, message):
    return [Violation(code, field, message)]


# --- strings -------------------------------------------------------------------------------

def check_name(value, field="name"):
    """Device, server, stream and prefix names: 1..32 of A-Z a-z 0-9 space . _ - + ' [ ] ( )."""
    if not isinstance(value, str) or not 1 <= len(value) <= NAME_MAX:
        return _v(codes.STRING, field, f"must be 1 to {NAME_MAX} characters")
    if not _NAME_CHARS.match(value):
        bad = sorted({c for c in value if not _NAME_CHARS.match(c)})
        return _v(codes.STRING, field, f"contains characters the device refuses: {''.join(bad)!r}; "
                                       "allowed are A-Z a-z 0-9 space . _ - + ' [ ] ( )")
    if value != value.strip(" "):
        return _v(codes.STRING, field, "must not start or end with a space")
    return []


def check_folder(value, field="root-folder"):
    """Recording folder: name characters plus '/', at most two levels, no leading/trailing space or '/'."""
    if not isinstance(value, str) or not 1 <= len(value) <= FOLDER_MAX:
        return _v(codes.STRING, field, f"must be 1 to {FOLDER_MAX} characters")
    if not _FOLDER_CHARS.match(value):
        return _v(codes.STRING, field, "allowed are A-Z a-z 0-9 space . _ - + ' / [ ] ( )")
    if value != value.strip(" /"):
        return _v(codes.STRING, field, "must not start or end with a space or '/'")
    if value.count("/") > 1 or "//" in value:
        return _v(codes.STRING, field, "at most two folder levels (a/b)")
    return []


def check_ipv4(value, field):
    if not isinstance(value, str) or not _IPV4.match(value):
        return _v(codes.PARAM, field, f"{value!r} is not an IPv4 address")
    return []


# --- ranges from get-info -------------------------------------------------------------------

def _one_of(value, allowed, field):
    if value not in allowed:
        return _v(codes.PARAM, field, f"{value!r} is not one of {', '.join(map(str, allowed))}")
    return []


def _between(value, lo, hi, field):
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not lo <= value <= hi:
        return _v(codes.PARAM, field, f"{value!r} is outside {lo}..{hi}")
    return []


def _flag(value, field):
    return _one_of(value, (0, 1), field)


def check_video_stream(stream, info, sub=False):
    """A main-stream / sub-stream group (get-settings shape, also the set-video parameters)."""
    out = []
    codec = stream.get("codec", 0)
    if sub:
        out += _one_of(stream.get("is-auto", 0), (0,), "is-auto")
        out += _one_of(codec, (0,), "codec")
    else:
        out += _flag(stream.get("is-auto", 0), "is-auto")
        out += _one_of(codec, values(info, "codec-cap", "video-codec"), "codec")
    res = (stream.get("cx"), stream.get("cy"))
    if res not in values(info, "codec-cap", "resolutions"):
        out += _v(codes.PARAM, "cx,cy", f"{res[0]}x{res[1]} is not a supported resolution")
    out += _one_of(stream.get("duration"), values(info, "codec-cap", "durations"), "duration")
    out += _one_of(stream.get("kbps"), values(info, "codec-cap", "video-kbps"), "kbps")
    out += _one_of(stream.get("gop"), values(info, "codec-cap", "gop-sec"), "gop")
    profiles = values(info, "codec-cap", "hevc-profile" if codec == 1 else "profile")
    out += _one_of(stream.get("profile"), profiles, "profile")
    out += _one_of(stream.get("cbrstat"), values(info, "codec-cap", "stat-sec"), "cbrstat")
    out += _one_of(stream.get("fullrange"), values(info, "codec-cap", "video-range"), "fullrange")
    return out


def check_color(color, info):
    out = []
    for key in ("contrast", "brightness", "saturation", "hue"):
        out += _between(color.get(key), *bounds(info, "color-range", key), key)
    return out


def check_volume(volume, info):
    out = []
    for flag, gain, rng in (("is-mic", "mic-gain", "mic"), ("is-spi", "spi-gain", "hdmi"),
                            ("is-phone", "phone-gain", "phone")):
        out += _flag(volume.get(flag), flag)
        out += _between(volume.get(gain), *bounds(info, "audio-range", rng), gain)
    return out


def check_audio_kbps(kbps, info):
    return _one_of(kbps, values(info, "codec-cap", "audio-kbps"), "kbps")


def check_sync_offset(ms):
    return _between(ms, *SYNC_OFFSET_MS, "audio-sync-offset")


def check_rec_control(rec, info):
    out = []
    out += _one_of(rec.get("usb-option"), values(info, "rec-control", "usb-option"), "usb-option")
    out += _one_of(rec.get("sd-option"), values(info, "rec-control", "sd-option"), "sd-option")
    out += _one_of(rec.get("mime-type"), values(info, "rec-control", "file-ext"), "mime-type")
    out += _one_of(rec.get("time-unit"), values(info, "rec-control", "time-unit"), "time-unit")
    # get-settings has no file-name-mode: an empty prefix there is files named after their time.
    mode = rec.get("file-name-mode", 1 if rec.get("file-prefix") == "" else 0)
    out += _flag(mode, "file-name-mode")
    out += check_folder(rec.get("root-folder"))
    if mode == 0:
        out += check_name(rec.get("file-prefix"), "file-prefix")
    return out


def check_input_format(fmt, info):
    vf = ("video-format",)
    return (_flag(fmt.get("is-color-fmt"), "is-color-fmt")
            + _one_of(fmt.get("color-fmt"), values(info, *vf, "input-color-fmt"), "color-fmt")
            + _flag(fmt.get("is-quant-range"), "is-quant-range")
            + _one_of(fmt.get("quant-range"), values(info, *vf, "quant-range"), "quant-range"))


def check_output_format(fmt, info):
    vf = ("video-format",)
    return (_flag(fmt.get("is-color-fmt"), "is-color-fmt")
            + _one_of(fmt.get("color-fmt"), values(info, *vf, "output-color-fmt"), "color-fmt")
            + _flag(fmt.get("is-quant-range"), "is-quant-range")
            + _one_of(fmt.get("quant-range"), values(info, *vf, "quant-range"), "quant-range")
            + _flag(fmt.get("is-sat-range"), "is-sat-range")
            + _one_of(fmt.get("sat-range"), values(info, *vf, "sat-range"), "sat-range"))


def check_date_time(timezone, is_auto, time=""):
    out = []
    if timezone not in TIMEZONES:
        out += _v(codes.PARAM, "timezone", f"{timezone!r} is not a time zone the device knows")
    out += _flag(is_auto, "is-auto")
    if is_auto == 0 and not (isinstance(time, str) and _TIME.match(time)):
        out += _v(codes.PARAM, "time", "manual time must look like 2019-09-10 15:10:00")
    return out


def check_net(net):
    """An eth / wifi group or set-net parameters."""
    out = _flag(net.get("is-dhcp"), "is-dhcp")
    if net.get("is-dhcp") == 0:
        for key in ("ip", "mask", "router"):
            out += check_ipv4(net.get(key), key)
        if net.get("dns"):
            out += check_ipv4(net.get("dns"), "dns")
    return out


# --- files the device takes ----------------------------------------------------------------

EDID_HEADER = b"\x00\xff\xff\xff\xff\xff\xff\x00"
EDID_BLOCK = 128
# Start-of-frame markers that carry the image size (baseline, progressive, ...; not DHT/JPG/DAC).
_SOF = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}


def check_edid(data, field="file"):
    """import-edid: 128-byte blocks, the fixed header, every block summing to 0 mod 256, as many
    blocks as the base block announces."""
    if not data or len(data) % EDID_BLOCK or len(data) > EDID_BLOCK * 256:
        return _v(codes.FILE, field, f"not an EDID: {len(data or b'')} bytes, an EDID is a multiple of "
                                     f"{EDID_BLOCK} bytes")
    if data[:8] != EDID_HEADER:
        return _v(codes.FILE, field, "not an EDID: it does not start with the EDID header")
    bad = [i // EDID_BLOCK for i in range(0, len(data), EDID_BLOCK) if sum(data[i:i + EDID_BLOCK]) % 256]
    if bad:
        return _v(codes.FILE, field, f"not an EDID: the checksum of block {bad[0]} is wrong")
    if len(data) != EDID_BLOCK * (1 + data[126]):
        return _v(codes.FILE, field, f"not an EDID: it announces {data[126]} extension blocks but has "
                                     f"{len(data) // EDID_BLOCK - 1}")
    return []


def jpeg_size(data):
    """(width, height) of a JPEG, or None when `data` is not one (SOI, a SOF segment, EOI)."""
    if len(data) < 4 or data[:2] != b"\xff\xd8" or not data.rstrip(b"\x00").endswith(b"\xff\xd9"):
        return None
    pos = 2
    while pos + 4 <= len(data):
        if data[pos] != 0xFF:
            return None
        marker = data[pos + 1]
        if marker == 0xFF:
            pos += 1
            continue
        length = struct.unpack(">H", data[pos + 2:pos + 4])[0]
        if marker in _SOF:
            if pos + 9 > len(data):
                return None
            height, width = struct.unpack(">HH", data[pos + 5:pos + 9])
            return (width, height) if width and height else None
        if marker == 0xDA or length < 2:
            return None
        pos += 2 + length
    return None


NoSignalLimits = namedtuple("NoSignalLimits", "max_bytes max_width max_height max_user_images")


BUILT_IN_NOSIGNAL_IMAGES = 2        # default0, default1


@lru_cache(maxsize=None)
def _default_nosignal():
    """The default get-info's `nosignal` limits, copied once: check_state runs on every simulated
    call of a plan, and default_info() copies the whole get-info body each time. Only read, never changed."""
    return default_info()["nosignal"]


def nosignal_limits(info=None):
    """The no-signal image limits a device states in get-info's `nosignal` (the reference's prose says
    1 MB and 2 images; its get-info sample says 512 KB and max-count 4: the device's own numbers win).

    `max-count` counts every image the device holds, the two built-in ones included: 4 leaves 2 user
    images, which is also what the prose says. A value that is missing or not a positive number
    falls back to the default get-info's.
    """
    default = _default_nosignal()
    given = (info or {}).get("nosignal") if isinstance(info, dict) else None
    given = given if isinstance(given, dict) else {}

    def number(key):
        value = given.get(key)
        return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else default[key]
    return NoSignalLimits(number("max-size-kb") * 1024, number("max-width"), number("max-height"),
                          max(0, number("max-count") - BUILT_IN_NOSIGNAL_IMAGES))


def _size_words(size):
    return f"{size // (1024 * 1024)} MB" if size % (1024 * 1024) == 0 else f"{size // 1024} KB"


def check_nosignal_image(data, field="file", info=None):
    """add-nosignal-file: a JPEG within the size and resolution the device's get-info states."""
    limits = nosignal_limits(info)
    if len(data) > limits.max_bytes:
        return _v(codes.FILE, field, f"{len(data)} bytes; a no-signal image may have at most "
                                     f"{limits.max_bytes} bytes ({_size_words(limits.max_bytes)})")
    size = jpeg_size(data)
    if size is None:
        return _v(codes.FILE, field, "not a JPEG image")
    max_w, max_h = limits.max_width, limits.max_height
    if size[0] > max_w or size[1] > max_h:
        return _v(codes.FILE, field, f"the image is {size[0]}x{size[1]}; at most {max_w}x{max_h}")
    return []


# --- lists --------------------------------------------------------------------------------

def server_identity(server):
    """What makes two live servers 'the same configuration' for the device (errSameName)."""
    kind = server.get("type")
    if kind == RTSP:
        return ("rtsp-port", server.get("port", 554))
    if kind == RTMP:
        return ("rtmp", server.get("url", ""), server.get("key", ""))
    return ("platform", kind, server.get("key", ""))


def check_server_fields(server):
    out = _one_of(server.get("type"), tuple(SERVER_TYPES), "type")
    out += check_name(server.get("name"), "name")
    out += _one_of(server.get("net-mode", 1), tuple(NET_MODES), "net-mode")
    if server.get("type") == RTSP:
        port = server.get("port", 554)
        out += _between(port, 1, 65535, "port")
        for flag, name in (("is-main", "main-stream-name"), ("is-sub", "sub-stream-name")):
            out += _flag(server.get(flag, 0), flag)
            if server.get(flag):
                out += check_name(server.get(name), name)
        if not (server.get("is-main") or server.get("is-sub")):
            out += _v(codes.PARAM, "is-main", "an RTSP server must serve the main or the sub stream")
    elif server.get("type") in SERVER_TYPES:
        if server.get("type") == RTMP and not server.get("url"):
            out += _v(codes.PARAM, "url", "an RTMP server needs a url")
        out += _flag(server.get("is-auth", 0), "is-auth")
    return out


def _chosen_stream(settings, choice):
    """The stream group a `live-stream` / `rec-stream` choice names (0 = main, 1 = sub)."""
    return settings["sub-stream" if settings.get(choice) == 1 else "main-stream"]


UPLOAD_CHOICES = {"proto": (0, 1), "encryption": (0, 1, 2), "login-type": (0, 1), "mode": (0, 1)}


def check_upload_fields(server):
    """A send-file-cloud item: FTP needs a url and a port in 1..65535, a drive its account id."""
    out = _one_of(server.get("type"), tuple(UPLOAD_TYPES), "type")
    out += _one_of(server.get("net-mode", 1), tuple(NET_MODES), "net-mode")
    if server.get("type") == 0:
        for key, allowed in UPLOAD_CHOICES.items():
            out += _one_of(server.get(key), allowed, key)
        out += _between(server.get("port"), 1, 65535, "port")
        if not server.get("url"):
            out += _v(codes.PARAM, "url", "an FTP server needs a url")
    elif not server.get("account-id"):
        out += _v(codes.PARAM, "account-id", "a cloud drive needs an account id")
    return out


def live_kbps(settings):
    """Bitrate of the stream that goes live."""
    return _chosen_stream(settings, "live-stream")["kbps"]


def live_codec(settings):
    return _chosen_stream(settings, "live-stream").get("codec", 0)


def rtsp_kbps(settings, server):
    """What an RTSP server streams: the main and/or the sub stream."""
    rates = []
    if server.get("is-main"):
        rates.append(settings["main-stream"]["kbps"])
    if server.get("is-sub"):
        rates.append(settings["sub-stream"]["kbps"])
    return max(rates, default=0)


def segment_bytes(settings):
    """Size of one recorded file: segment minutes times the recorded stream's video and audio rate."""
    kbps = _chosen_stream(settings, "rec-stream")["kbps"] + settings.get("audio", {}).get("kbps", 0)
    return settings["rec-control"]["time-unit"] * 60 * kbps * 1000 // 8


def check_state(settings, info=None):
    """Invariants over a whole get-settings body, in the order the device reports them.

    `info` is the device's get-info (limits it states); None: the default get-info."""
    out = []
    servers = settings.get("stream-server", [])
    if len(servers) > MAX_LIVE_SERVERS:
        out += _v(codes.PARAM, "stream-server", f"at most {MAX_LIVE_SERVERS} live servers")
    seen_names, seen_ids = {}, {}
    for s in servers:
        if s.get("name") in seen_names:
            out += _v(codes.SAME_NAME, "stream-server", f"two live servers are named {s.get('name')!r}")
        seen_names[s.get("name")] = s
        ident = server_identity(s)
        if ident in seen_ids:
            what = {"rtsp-port": "the same RTSP port", "rtmp": "the same URL and stream key",
                    "platform": "the same stream key"}[ident[0]]
            out += _v(codes.SAME_NAME, "stream-server",
                      f"live servers {seen_ids[ident].get('name')!r} and {s.get('name')!r} have {what}")
        seen_ids[ident] = s
    enabled = [s for s in servers if s.get("is-use")]
    if len(enabled) > MAX_ENABLED_SERVERS:
        out += _v(codes.CHANNELS_LIMITED, "stream-server", f"at most {MAX_ENABLED_SERVERS} enabled live servers")
    if enabled and live_codec(settings) == 1:
        out += _v(codes.CODEC_LIMITED, "main-stream.codec", "live streaming is not allowed with HEVC")
    rtsp = [s for s in enabled if s.get("type") == RTSP]
    if rtsp and len(enabled) > 1:
        out += _v(codes.RTSP_LIMITED, "stream-server", "an enabled RTSP server must be the only enabled server")
    for s in rtsp:
        if rtsp_kbps(settings, s) > RTSP_MAX_KBPS:
            out += _v(codes.RTSP_8M_LIMITED, "stream-server",
                      f"RTSP server {s.get('name')!r} streams over 4 Mbps")
    if any(s.get("type") == FACEBOOK for s in enabled) and len(enabled) > 1:
        out += _v(codes.FACEBOOK_LIMITED, "stream-server", "an enabled Facebook server must be the only enabled server")
    if len(enabled) > 1 and live_kbps(settings) > SINGLE_SERVER_KBPS:
        out += _v(codes.LIMITED_8M, "stream-server",
                  f"{len(enabled)} servers enabled while the live bitrate is {live_kbps(settings)} kbps (over 4 Mbps)")
    if "rec-control" in settings and segment_bytes(settings) > SEGMENT_MAX_BYTES:
        out += _v(codes.LIMITED_4G, "rec-control.time-unit",
                  f"{settings['rec-control']['time-unit']}-minute files at this bitrate exceed 4 GB")
    uploads = settings.get("send-file-cloud", [])
    if len(uploads) > MAX_UPLOAD_SERVERS:
        out += _v(codes.PARAM, "send-file-cloud", f"at most {MAX_UPLOAD_SERVERS} upload servers")
    if sum(1 for u in uploads if u.get("is-use")) > 1:
        out += _v(codes.PARAM, "send-file-cloud", "at most one enabled upload server")
    user_images = [f for f in settings.get("nosignal-files", []) if f.get("is-edit")]
    most = nosignal_limits(info).max_user_images
    if len(user_images) > most:
        out += _v(codes.PARAM, "nosignal-files", f"at most {most} user no-signal images")
    return out


def new_violations(before, after, info=None):
    """Violations `after` has that `before` did not: what a change from before to after breaks.

    A device may already hold a state we would refuse (older firmware, hand edits);
    a change is judged only by what it makes worse.
    """
    old = set(check_state(before, info))
    return [v for v in check_state(after, info) if v not in old]
