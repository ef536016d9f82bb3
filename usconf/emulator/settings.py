"""Setters of plain get-settings fields and groups.

Each one validates its parameters with the rulebook's per-group check against
this device's get-info, then commits through `backend.change`, which refuses
with the first whole-state rule the result would newly break.
"""
from usconf import rules
from usconf.emulator.api import Refused, api, refuse_if
from usconf.spec import codes


def _flag_setter(method, param, field):
    @api(method)
    def handler(backend, call):
        value = call.flag(param)
        backend.change(lambda s: s.__setitem__(field, value))
    handler.__name__ = method.replace("-", "_")
    return handler


for _method, _param, _field in (
        ("set-app-settings", "is-settings", "is-settings"),
        ("set-ssdp", "is-ssdp", "is-ssdp"),
        ("set-signal-lost-ctrl", "is-signal-lost", "is-signal-lost"),
        ("set-auto-rec", "is-auto-rec", "is-auto-rec"),
        ("set-low-latency-live", "is-low-latency", "is-low-latency"),
        ("set-auto-live", "is-auto-live", "is-auto-live"),
        ("set-enable-key-reset", "enable-key-reset", "enable-key-reset"),
        ("set-enable-key-reboot", "enable-key-reboot", "enable-key-reboot"),
        ("set-enable-check-update", "is-check-update", "is-check-update"),
        ("send-file-set-is-auto", "is-auto", "is-auto-send-file"),
        ("use-nosignal-file", "use-nosignal-file", "use-nosignal-file")):
    _flag_setter(_method, _param, _field)


@api("set-name")
def set_name(backend, call):
    name = call.str("name")
    refuse_if(rules.check_name(name))
    backend.change(lambda s: s.__setitem__("name", name))


@api("set-sync-offset")
def set_sync_offset(backend, call):
    ms = call.int("audio-sync-offset")
    refuse_if(rules.check_sync_offset(ms))
    backend.change(lambda s: s.__setitem__("audio-sync-offset", ms))


@api("set-audio")
def set_audio(backend, call):
    kbps = call.int("kbps")
    refuse_if(rules.check_audio_kbps(kbps, backend.info))
    backend.change(lambda s: s["audio"].__setitem__("kbps", kbps))


@api("set-stream")
def set_stream(backend, call):
    values = {"rec-stream": call.flag("rec"), "live-stream": call.flag("live"), "mws-stream": call.flag("mws")}
    backend.change(lambda s: s.update(values))


MAIN_FIELDS = ("cx", "cy", "duration", "kbps", "gop", "profile", "cbrstat", "fullrange")


@api("set-video")
def set_video(backend, call):
    sub = call.int("stream", allowed=(0, 1)) == 1
    group = "sub-stream" if sub else "main-stream"
    current = backend.settings[group]
    new = dict(current)
    for key in MAIN_FIELDS:
        new[key] = call.int(key)
    new["fourcc"] = call.int("fourcc", current.get("fourcc", 0))
    # The sub stream is always H.264 and never follows the input; the device keeps
    # no is-auto/codec fields for it, so they are checked and not stored.
    is_auto = call.int("is-auto", current.get("is-auto", 0))
    codec = call.int("codec", current.get("codec", 0))
    refuse_if(rules.check_video_stream(dict(new, **{"is-auto": is_auto, "codec": codec}), backend.info, sub=sub))
    if not sub:
        new["is-auto"], new["codec"] = is_auto, codec
    backend.change(lambda s: s.__setitem__(group, new))


@api("set-volume")
def set_volume(backend, call):
    volume = {}
    for flag, gain in (("is-mic", "mic-gain"), ("is-spi", "spi-gain"), ("is-phone", "phone-gain")):
        volume[flag] = call.int(flag)
        volume[gain] = call.number(gain)
    refuse_if(rules.check_volume(volume, backend.info))
    backend.change(lambda s: s["volume"].update(volume))


@api("set-video-color")
def set_video_color(backend, call):
    color = {k: call.int(k) for k in ("contrast", "brightness", "saturation", "hue")}
    refuse_if(rules.check_color(color, backend.info))
    backend.change(lambda s: s["video-color"].update(color))


@api("set-video-input-format")
def set_video_input_format(backend, call):
    fmt = {k: call.int(k) for k in ("is-color-fmt", "color-fmt", "is-quant-range", "quant-range")}
    refuse_if(rules.check_input_format(fmt, backend.info))
    backend.change(lambda s: s["video-input-format"].update(fmt))


@api("set-video-output-format")
def set_video_output_format(backend, call):
    keys = ("is-color-fmt", "color-fmt", "is-quant-range", "quant-range", "is-sat-range", "sat-range")
    fmt = {k: call.int(k) for k in keys}
    refuse_if(rules.check_output_format(fmt, backend.info))
    backend.change(lambda s: s["video-output-format"].update(fmt))


@api("set-rec-control")
def set_rec_control(backend, call):
    current = backend.settings["rec-control"]
    rec = {
        "mime-type": call.int("mime-type", current["mime-type"]),
        "usb-option": call.int("usb-option"),
        "sd-option": call.int("sd-option"),
        "root-folder": call.str("root-folder"),
        "file-name-mode": call.int("file-name-mode", current.get("file-name-mode", 0)),
        "file-prefix": call.str("file-prefix", current["file-prefix"]),
        "time-unit": call.int("time-unit"),
    }
    if backend.rec["since"] is not None:
        raise Refused(codes.BUSY)
    refuse_if(rules.check_rec_control(rec, backend.info))
    backend.change(lambda s: s["rec-control"].update(rec))


@api("set-date-time")
def set_date_time(backend, call):
    timezone, is_auto = call.str("timezone"), call.int("is-auto")
    text = call.str("time", "")
    refuse_if(rules.check_date_time(timezone, is_auto, text))
    backend.change(lambda s: s.__setitem__("date-time", {"timezone": timezone, "is-auto": is_auto}))
    backend.manual_time = (text, backend.clock()) if is_auto == 0 else None


@api("set-first-over")
def set_first_over(backend, call):
    name = call.str("name")
    enable = call.flag("enable-passwd")
    passwd = call.md5("passwd") if enable else None
    refuse_if(rules.check_name(name))
    date_time = dict(backend.settings["date-time"])
    if call.has("timezone") or call.has("is-auto"):
        date_time = {"timezone": call.str("timezone", date_time["timezone"]),
                     "is-auto": call.int("is-auto", date_time["is-auto"])}
        text = call.str("time", "")
        refuse_if(rules.check_date_time(date_time["timezone"], date_time["is-auto"], text))
        backend.manual_time = (text, backend.clock()) if date_time["is-auto"] == 0 else None
    backend.change(lambda s: s.update({"name": name, "passwd": enable, "date-time": date_time}))
    backend.app_md5 = passwd
    backend.first_boot = False
