"""Human summaries of get-status and get-info, one aligned `Label  value` line each.

Devices differ in what they report (HDMI vs SDI, firmware versions), so every
field is optional here: a missing one is skipped, never an error. Every string is
the device's, so every line is escaped (usconf.escape) before it is shown.
"""
from usconf import escape
from usconf.model.lists import LIVE_SERVERS
from usconf.spec import codes
from usconf.spec.status import DISK_STATUS, LIVING, RECORD, flag_names

WIDTH = 16


def _line(label, value):
    return escape.text(f"{label:<{WIDTH}}{value}")


def _int(value, default=0):
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def _obj(value):
    """A field that should be an object; anything else (a malformed answer) reads as empty."""
    return value if isinstance(value, dict) else {}


def _float(value):
    try:
        return float(value or 0)
    except (TypeError, ValueError):
        return 0.0


def _code(value):
    code = _int(value, None)
    return "?" if code is None else f"{codes.lookup(code).name} ({code})"


def duration(ms):
    seconds = _int(ms) // 1000
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


def size(n):
    value = float(_int(n))
    for unit in ("B", "KiB", "MiB", "GiB", "TiB"):
        if value < 1024 or unit == "TiB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024


def _disk(disk):
    disk = _obj(disk)
    if not disk:
        return None
    state = DISK_STATUS.get(_int(disk.get("disk-status"), -1), f"status {disk.get('disk-status')}")
    if not _int(disk.get("total-size")):
        return state
    return f"{state}, {size(disk.get('free-size'))} free of {size(disk.get('total-size'))}"


def _signal(sig):
    sig = _obj(sig)
    if not sig or not _int(sig.get("cx")):
        return "no signal"
    scan = "i" if _int(sig.get("interlaced")) else "p"
    text = f"{sig['cx']}x{sig.get('cy')}{scan} {_float(sig.get('frame-rate')):g} fps"
    if _int(sig.get("sample-rate")):
        text += (f", audio {_int(sig['sample-rate']) / 1000:g} kHz {_int(sig.get('bits-per-sample'))}-bit"
                 f"{' LPCM' if _int(sig.get('is-lpcm')) else ''}")
    else:
        text += ", no audio"
    return text


def _live_servers(live, settings):
    """live-status reports the first enabled server in result/cur-bps, the second in result2/cur-bps2."""
    servers = _obj(settings).get(LIVE_SERVERS.device)
    enabled = [s for s in servers if isinstance(s, dict) and _int(s.get("is-use"))] if isinstance(servers, list) else []
    for slot, server in zip(("", "2"), enabled):
        kbps = _int(live.get(f"cur-bps{slot}")) // 1000
        yield _line("  " + str(server.get("name", server.get("id"))),
                    f"{_code(live.get('result' + slot))}, {kbps} kbps")


def status_lines(status, settings=None):
    status = _obj(status)
    mask = _int(status.get("cur-status"))
    rec = _obj(status.get("rec-status"))
    live = _obj(status.get("live-status"))
    lines = [_line("Device", status.get("box-name", "")), _line("Time", status.get("cur-time", ""))]
    flags = flag_names(mask)
    lines.append(_line("Flags", ", ".join(flags) if flags else "none"))
    if mask & RECORD:
        lines.append(_line("Recording", f"recording for {duration(rec.get('run-ms'))}, {_code(rec.get('result'))}"))
    else:
        lines.append(_line("Recording", f"stopped, {_code(rec.get('result'))}"))
    if mask & LIVING:
        lines.append(_line("Live", f"streaming for {duration(live.get('run-ms'))}"))
    else:
        lines.append(_line("Live", "stopped"))
    lines.extend(_live_servers(live, settings))
    lines.append(_line("Input", _signal(status.get("input-signal"))))
    for label, key in (("USB", "usb"), ("SD", "sd")):
        disk = _disk(status.get(key))
        if disk:
            lines.append(_line(label, disk))
    nets = [f"{key} {_obj(status.get(key)).get('ip')}" for key in ("eth", "wifi", "mobile")
            if _obj(status.get(key)).get("ip")]
    lines.append(_line("Network", ", ".join(nets) if nets else "no address"))
    up = _obj(status.get("upgrade-status"))
    fw = f"update {_code(up.get('result'))}, mode {up.get('mode', 'none')}"
    if _int(up.get("result"), 27) == codes.RUNNING:
        fw += f", step {up.get('step')} at {up.get('percent')}%"
    newer = _obj(status.get("upgrade")).get("ver")
    if newer:
        fw += f"; version {newer} available"
    lines.append(_line("Firmware", fw))
    return lines


def _names(items):
    return ", ".join(str(i.get("name", i.get("value"))).strip() for i in items or [])


def _range(r):
    return f"{r.get('min')} to {r.get('max')} (default {r.get('def')})"


def info_lines(info):
    product = info.get("product") or {}
    cap = info.get("codec-cap") or {}
    rec = info.get("rec-control") or {}
    lines = [
        _line("Model", f"{product.get('module-name') or product.get('product-name', '?')}"
                       f" (hardware {product.get('hardware-ver', '?')})"),
        _line("Serial", product.get("sn", "?")),
        _line("Firmware", f"{product.get('firmware-ver-s', '?')}"
                          f" (factory {product.get('factory-firmware-ver-s', '?')})"),
        _line("MAC", ", ".join(f"{k} {v}" for k, v in (info.get("mac-addr") or {}).items())),
        _line("Resolutions", ", ".join(f"{r.get('w')}x{r.get('h')}" for r in cap.get("resolutions", []))),
        _line("Frame rates", _names(cap.get("durations"))),
        _line("Video codecs", _names(cap.get("video-codec"))),
        _line("H.264 profile", _names(cap.get("profile"))),
        _line("HEVC profile", _names(cap.get("hevc-profile"))),
        _line("Video rates", _names(cap.get("video-kbps"))),
        _line("Audio rates", _names(cap.get("audio-kbps"))),
        _line("GOP", _names(cap.get("gop-sec"))),
        _line("Rate window", _names(cap.get("stat-sec"))),
    ]
    for port, r in (info.get("audio-range") or {}).items():
        lines.append(_line(f"Gain {port}", f"{_range(r)} dB"))
    for name, r in (info.get("color-range") or {}).items():
        lines.append(_line(name.capitalize(), _range(r)))
    lines += [
        _line("USB recording", _names(rec.get("usb-option"))),
        _line("SD recording", _names(rec.get("sd-option"))),
        _line("Segments", _names(rec.get("time-unit"))),
        _line("Containers", _names(rec.get("file-ext"))),
    ]
    ns = info.get("nosignal") or {}
    if ns:
        lines.append(_line("No-signal", f"{ns.get('max-count')} images, up to {ns.get('max-width')}x"
                                        f"{ns.get('max-height')}, {ns.get('max-size-kb')} KB"))
    return [line for line in lines if line.rstrip() != line[:WIDTH].rstrip()]
