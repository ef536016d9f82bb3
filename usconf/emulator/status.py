"""Read-only views: get-info, get-status, get-settings, ping, signal and report."""
import datetime
import json
import time

from usconf.copies import plain_copy
from usconf.emulator import factory
from usconf.emulator.api import api

# The emulated input: a locked 1080p59.94 signal with stereo LPCM audio.
INPUT_SIGNAL = {"status": 1, "cx": 1920, "cy": 1080, "interlaced": 0, "frame-rate": 59.94,
                "channel-valid": 3, "is-lpcm": 1, "bits-per-sample": 16, "sample-rate": 48000}


@api("ping", read=True)
def ping(backend, call):
    return {"result": 0, "cur-status": backend.cur_status()}


@api("get-info", read=True)
def get_info(backend, call):
    return {"result": 0, **plain_copy(backend.info)}


# State the device keeps that the reference's get-settings sample does not show: the
# emulator acts on it and never reports it (a real device may not either).
INTERNAL_SETTINGS = ("is-startup-rec", "is-startup-live")


def settings_view(settings):
    """get-settings as the reference's sample shows it, from the device's full state."""
    out = plain_copy(settings)
    for key in INTERNAL_SETTINGS:
        out.pop(key, None)
    rec = out.get("rec-control")
    # file-name-mode is a set-rec-control parameter with no get-settings field: files
    # named after their creation time show as no prefix at all.
    if isinstance(rec, dict) and rec.pop("file-name-mode", 0) == 1:
        rec["file-prefix"] = ""
    return out


@api("get-settings", read=True)
def get_settings(backend, call):
    return {"result": 0, **settings_view(backend.settings)}


NO_SIGNAL = {"status": 0, "cx": 0, "cy": 0, "interlaced": 0, "frame-rate": 0, "channel-valid": 0, "is-lpcm": 0,
             "bits-per-sample": 0, "sample-rate": 0}
SLOW_BPS = 1500000          # a slow disk's measured write speed: too slow to record smoothly


def input_signal(backend):
    return dict(NO_SIGNAL if backend.faults.no_signal else INPUT_SIGNAL)


def disk_body(backend, disk):
    """get-status `usb` / `sd`: the factory sample, changed by a disk fault."""
    body = factory.usb() if disk == "usb" else factory.sd()
    fault = backend.faults_of(disk)
    if fault == "missing":
        body.update({k: 0 for k in ("total-size", "used-size", "free-size", "block-size", "usage", "free-sec")},
                    **{"disk-status": 0, "sys-path": "", "fs-type": "", "mount-path": "", "fs-label": ""})
    elif fault == "full":
        body.update({"disk-status": 3, "used-size": body["total-size"], "free-size": 0, "usage": 100,
                     "free-sec": 0})
    return body


@api("get-signal-info", read=True)
def get_signal_info(backend, call):
    return {"result": 0, **input_signal(backend)}


def _cur_time(backend):
    if backend.manual_time:
        text, since = backend.manual_time
        start = datetime.datetime.strptime(text, "%Y-%m-%d %H:%M:%S")
        return (start + datetime.timedelta(seconds=int(backend.clock() - since))).strftime("%Y-%m-%d %H:%M:%S")
    return _utc_text()


_utc = (0, "")      # (second, its UTC time text): get-status formats the clock once a second, not per answer


def _utc_text():
    global _utc
    second = int(time.time())
    if _utc[0] != second:
        _utc = (second, time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(second)))
    return _utc[1]


def _run_ms(backend, since):
    return int((backend.clock() - since) * 1000) if since is not None else 0


def _rates(backend):
    s = backend.settings
    rec_group = "sub-stream" if s.get("rec-stream") == 1 else "main-stream"
    live_group = "sub-stream" if s.get("live-stream") == 1 else "main-stream"
    audio = s.get("audio", {}).get("kbps", 0)
    return ((s[rec_group]["kbps"] + audio) * 1000, (s[live_group]["kbps"] + audio) * 1000)


def status_body(backend):
    now = backend.clock()
    rec_bps, live_bps = _rates(backend)
    rec, live = backend.rec, backend.live
    recording, living = rec["since"] is not None, live["since"] is not None
    live_result = live["result"]
    if living:
        connected = now - live["since"] >= backend.timings["live-connect"]
        live_result = 22 if connected else 23
    jobs, results = backend.jobs, backend.results

    def job_fields(kind):
        job = jobs.get(kind)
        if job:
            return {"percent": job.percent(now), "result": 2}
        return {"percent": 100 if results[kind] == 0 else 0, "result": results[kind]}

    fmt = job_fields("format")
    disk = job_fields("disk-test")
    test = job_fields("stream-test")
    update = job_fields("update")
    upd_job = jobs.get("update")
    step = 0
    if upd_job:
        step = 2 if backend.update_mode == "upload" or upd_job.percent(now) >= 50 else 1
    eth_ip = backend.settings["eth"]["ip"] if not backend.settings["eth"]["is-dhcp"] else backend.host
    usb, sd = disk_body(backend, "usb"), disk_body(backend, "sd")
    usb["file-count"], sd["file-count"] = len(backend.media[0]), len(backend.media[1])
    if recording:
        usb["write-bps" if backend.settings["rec-control"]["usb-option"] else "read-bps"] = rec_bps // 8
    return {
        "result": 0,
        "cur-status": backend.cur_status(),
        "last-rec-status": 0,
        "cur-time": _cur_time(backend),
        "box-name": backend.settings["name"],
        "lock-user": [],
        "rec-status": {"result": rec["result"], "run-ms": _run_ms(backend, rec["since"]),
                       "cur-bps": rec_bps if recording else 0, "avg-bps": rec_bps if recording else 0,
                       "client-id": ""},
        "live-status": {"result": live_result, "run-ms": _run_ms(backend, live["since"]),
                        "cur-bps": live_bps if living else 0, "avg-bps": live_bps if living else 0,
                        "net": 1 if living else 0,
                        "result2": live_result if living and live["servers"] > 1 else 27,
                        "cur-bps2": live_bps if living and live["servers"] > 1 else 0,
                        "net2": 1 if living and live["servers"] > 1 else 0, "client-id": ""},
        "upgrade-status": {"step": step, "percent": update["percent"], "result": update["result"],
                           "client-id": "", "mode": backend.update_mode},
        "format-status": {"percent": fmt["percent"], "result": fmt["result"], "client-id": ""},
        "disk-test": {"read-bps": 0, "write-bps": (SLOW_BPS if backend.faults_of("usb") == "slow" else 14833071)
                      if "disk-test" in jobs or disk["result"] in (0, 3) else 0,
                      "percent": disk["percent"], "result": disk["result"], "client-id": ""},
        "living-test": {"upload-bps": 8000000 if test["result"] in (0, 2) else 0, "percent": test["percent"],
                        "result": test["result"], "net": 1 if test["result"] in (0, 2) else 0, "client-id": ""},
        "check-upgrade": {"result": 2 if "check" in jobs else results["check"], "client-id": ""},
        "send-file": _send_file_status(backend),
        "send-file-test": {"result": 2 if "send-test" in jobs else results["send-test"], "client-id": "",
                           "id": jobs["send-test"].info.get("id", 0) if "send-test" in jobs else 0},
        "input-signal": input_signal(backend),
        "usb": usb,
        "sd": sd,
        "wifi": {"name": backend.serial if backend.softap_on else "", "level": 0,
                 "ip": "192.168.48.1" if backend.softap_on else backend.settings["wifi"]["ip"],
                 "mask": "255.255.255.0" if backend.softap_on else backend.settings["wifi"]["mask"],
                 "router": "" if backend.softap_on else backend.settings["wifi"]["router"],
                 "dns": "" if backend.softap_on else backend.settings["wifi"]["dns"]},
        "eth": {"ip": eth_ip, "mask": backend.settings["eth"]["mask"] or "255.0.0.0",
                "router": backend.settings["eth"]["router"], "dns": backend.settings["eth"]["dns"]},
        "mobile": {"ip": "", "mask": "", "router": "", "dns": ""},
        "upgrade": plain_copy(backend.available) if backend.available else
        {"ver": "", "date": "", "size-byte": 0, "info": []},
        "downgrade": {"ver": "", "date": "", "size-byte": 0, "info": []},
        "sysstat": {"cpu": 1500, "cpu-usage": 19 if recording or living else 3, "eth-rx": 106248,
                    "eth-tx": 4339448, "mem-free": 195612, "mem-total": 524288, "mobile-rx": 0,
                    "mobile-tx": 0, "sd-rd": 0, "sd-wr": 0, "uptime": int(now - backend.booted),
                    "usb-rd": 0, "usb-wr": 0, "wlan-rx": 0, "wlan-tx": 0},
    }


def _send_file_status(backend):
    up = backend.uploads
    return {"total-count-ongoing": len(up["queue"]), "total-count-done": up["done"], "disk-type": 1,
            "name": up["current"], "result": 2 if up["current"] else 31, "message": "", "left-time": 0,
            "percent": 0}


@api("get-status", read=True)
def get_status(backend, call):
    return status_body(backend)


def report_html(backend):
    # here, not at the top: only export-report needs it, and the planner loads this module
    import html
    sections = (("DEVICE", backend.info), ("STATUS", status_body(backend)), ("SETTINGS", backend.settings))
    parts = ['<div class="report-summary">']
    for title, body in sections:
        parts.append(f"<h2>{title}</h2>\n<pre>{html.escape(json.dumps(body, indent=2))}</pre>")
    parts.append("</div>")
    return "\n".join(parts).encode()


@api("get-report", read=True)
def get_report(backend, call):
    return {"result": 0, "_raw": (report_html(backend), "text/html; charset=utf-8", None)}


@api("export-report", read=True)
def export_report(backend, call):
    name = call.file_name(f"report-{backend.serial}.html")
    return {"result": 0, "_raw": (report_html(backend), "text/html; charset=utf-8", name)}
