"""Storage: the disks' state, formatting and the USB speed test."""
from usconf.ops.common import Refused, call, human_size, on_air, poll
from usconf.spec import codes
from usconf.spec.status import DISK_STATUS

DISKS = ("sd", "usb")


def _disk(body):
    body = body or {}
    state = body.get("disk-status")
    return {"state": DISK_STATUS.get(state, f"status {state}"), "ok": state == 1,
            "total_bytes": body.get("total-size", 0), "used_bytes": body.get("used-size", 0),
            "free_bytes": body.get("free-size", 0), "files": body.get("file-count", 0),
            "filesystem": body.get("fs-type", ""), "write_bps": body.get("write-bps", 0)}


def status(client):
    """Both disks, plus the format and speed-test jobs, from get-status."""
    s = client.get_status()
    out = {disk: _disk(s.get(disk)) for disk in DISKS}
    fmt, test = s.get("format-status") or {}, s.get("disk-test") or {}
    out["format"] = {"result": fmt.get("result"), "percent": fmt.get("percent", 0)}
    out["test"] = {"result": test.get("result"), "percent": test.get("percent", 0),
                   "write_bps": test.get("write-bps", 0), "read_bps": test.get("read-bps", 0)}
    return out


def describe(disk):
    """One line for a disk: `DiskValid, 3.6 GB of 31.9 GB used, 12 files`."""
    if not disk["ok"]:
        return disk["state"]
    return (f"{disk['state']}, {human_size(disk['used_bytes'])} of {human_size(disk['total_bytes'])} used, "
            f"{human_size(disk['free_bytes'])} free, {disk['files']} files")


def format_disk(client, disk, wait=True, timeout=600.0, interval=1.0, progress=None, check=False):
    """Erase `disk` ("sd" or "usb"). Refused while recording. Everything on the disk is lost."""
    if disk not in DISKS:
        raise Refused(f"start-format-{disk}", "the disk must be sd or usb")
    method = f"start-format-{disk}"
    s = client.get_status()
    if on_air(s)[1]:
        raise Refused(method, "the device is recording (stop it first: usconf rec stop)")
    if not _disk(s.get(disk))["ok"] and (s.get(disk) or {}).get("disk-status") == 0:
        raise Refused(method, f"no {'SD card' if disk == 'sd' else 'USB drive'} is inserted")
    if check:
        return {"action": f"format {disk}", "changed": True, "check": True}
    call(client, method)
    out = {"action": f"format {disk}", "changed": True}
    if wait:
        job = _wait(client, "format-status", f"formatting the {disk} disk", timeout, interval, progress)
        if job["result"] != codes.SUCCEED:
            raise Refused(method, f"formatting failed ({codes.lookup(job['result']).name})", job["result"])
        call(client, f"clear-format-{disk}")
        out["disk"] = status(client)[disk]
    return out


def test(client, wait=True, timeout=120.0, interval=1.0, progress=None, check=False):
    """Run the device's USB drive speed test; with `wait`, its measured speeds."""
    s = client.get_status()
    if on_air(s)[1]:
        raise Refused("start-test-usb", "the device is recording (stop it first: usconf rec stop)")
    if check:
        return {"action": "storage test", "changed": True, "check": True}
    call(client, "start-test-usb")
    out = {"action": "storage test", "changed": True}
    if wait:
        try:
            job = _wait(client, "disk-test", "the USB speed test", timeout, interval, progress)
        except BaseException:
            call(client, "stop-test-usb")
            raise
        out.update(result=codes.lookup(job["result"]).name, write_bps=job.get("write-bps", 0),
                   read_bps=job.get("read-bps", 0))
        call(client, "clear-test-usb")
        if job["result"] != codes.SUCCEED:
            raise Refused("start-test-usb", f"the speed test failed ({out['result']})", job["result"])
    return out


def stop_test(client):
    call(client, "stop-test-usb")
    return {"action": "storage test stop", "changed": True}


def _wait(client, key, what, timeout, interval, progress):
    def done(s):
        job = s.get(key) or {}
        # retInit: the job has not shown up yet (the device applies a start with a lag)
        return None if job.get("result") in (codes.RUNNING, codes.INIT) else dict(job)
    return poll(client.get_status, done, timeout, interval, progress, what,
                describe=lambda s: (what, (s.get(key) or {}).get("percent", 0), 100))
