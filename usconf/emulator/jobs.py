"""Recording, live streaming, storage jobs (format, speed test), reboot and reset."""
from usconf.emulator import media
from usconf.emulator.api import Refused, api
from usconf.emulator.background import Job, on_finish
from usconf.spec import codes


@api("start-rec")
def start_rec(backend, call):
    if backend.rec["since"] is not None:
        return {"result": codes.REPEAT}
    rec = backend.settings["rec-control"]
    if not rec["usb-option"] and not rec["sd-option"]:
        raise Refused(-52)                      # errRecParam: nowhere to record to
    if backend.busy_with("format", "update"):
        raise Refused(codes.BUSY)
    backend.rec = {"since": backend.clock(), "result": 2}


@api("stop-rec")
def stop_rec(backend, call):
    if backend.rec["since"] is None:
        return {"result": codes.REPEAT}
    media.add_recording(backend, backend.clock() - backend.rec["since"])
    backend.rec = {"since": None, "result": 0}


@api("clear-rec")
def clear_rec(backend, call):
    if backend.rec["since"] is not None:
        raise Refused(codes.BUSY)
    backend.rec["result"] = codes.INIT


@api("start-live")
def start_live(backend, call):
    if backend.live["since"] is not None:
        return {"result": codes.REPEAT}
    enabled = [s for s in backend.settings["stream-server"] if s.get("is-use")]
    if not enabled:
        backend.live["result"] = 29
        return {"result": 29}                   # retLivingNotset: no enabled server
    if backend.busy_with("update"):
        raise Refused(codes.BUSY)
    backend.live = {"since": backend.clock(), "result": 23, "servers": len(enabled)}


@api("stop-live")
def stop_live(backend, call):
    if backend.live["since"] is None:
        return {"result": codes.REPEAT}
    if backend.settings.get("is-auto-live"):
        raise Refused(codes.LOCK_LIVING)
    backend.live = {"since": None, "result": 0, "servers": 0}


@api("clear-live")
def clear_live(backend, call):
    if backend.live["since"] is not None:
        raise Refused(codes.BUSY)
    backend.live["result"] = codes.INIT


def _start_format(backend, disk):
    if backend.jobs.get("format"):
        if backend.jobs["format"].info["disk"] == disk:
            return {"result": codes.REPEAT}
        raise Refused(codes.BUSY)
    if backend.rec["since"] is not None or backend.busy_with("update", "disk-test"):
        raise Refused(codes.BUSY)
    backend.jobs["format"] = Job(backend.clock(), backend.timings["format"], disk=disk)
    backend.results["format"] = 2


@api("start-format-usb")
def start_format_usb(backend, call):
    return _start_format(backend, "usb")


@api("start-format-sd")
def start_format_sd(backend, call):
    return _start_format(backend, "sd")


@on_finish("format")
def _formatted(backend, job):
    backend.media[0 if job.info["disk"] == "usb" else 1] = []


def _clear(kind):
    def handler(backend, call):
        if kind in backend.jobs:
            raise Refused(codes.BUSY)
        backend.results[kind] = codes.INIT
    return handler


api("clear-format-usb", "clear-format-sd")(_clear("format"))
api("clear-test-usb")(_clear("disk-test"))


@api("start-test-usb")
def start_test_usb(backend, call):
    if "disk-test" in backend.jobs:
        return {"result": codes.REPEAT}
    if backend.rec["since"] is not None or backend.busy_with("update", "format"):
        raise Refused(codes.BUSY)
    backend.jobs["disk-test"] = Job(backend.clock(), backend.timings["disk-test"])


@api("stop-test-usb")
def stop_test_usb(backend, call):
    if backend.jobs.pop("disk-test", None) is not None:
        backend.results["disk-test"] = codes.CANCEL


@api("reboot")
def reboot(backend, call):
    if backend.busy_with("update"):
        raise Refused(codes.BUSY)
    backend.reboot()


@api("reset-all-settings")
def reset_all_settings(backend, call):
    if backend.busy_with("update"):
        raise Refused(codes.BUSY)
    media_files = backend.media
    backend.factory_reset()
    backend.media = media_files                 # recordings live on the disks, not in the settings
    backend.reboot()
