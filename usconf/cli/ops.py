"""Operations: rec, live, reboot, reset, storage, media, test, signal, wifi.

Thin over usconf.ops: each command opens a session, calls one library function and
prints what it returned. Library modules are imported inside the commands, so
`usconf --help` does not load them.
"""
import click

from usconf.cli import cli
from usconf.cli.ops_output import op_command, wait_options, with_progress
from usconf.errors import UsconfError


def _changed(result, done, unchanged):
    return [done if result.get("changed") else unchanged]


# --- rec / live -------------------------------------------------------------------------------

@cli.group()
def rec():
    """Start, stop or clear recording."""


@cli.group()
def live():
    """Start, stop or clear live streaming to the enabled servers."""


def _onair(group, kind, noun):
    @op_command(group, "start", f"Start {noun}; waits until the device shows it (refusals say why).")
    @wait_options(True, 15.0)
    def start(dev, wait, wait_timeout, interval):
        result = _module(kind).start(dev, wait=wait, timeout=wait_timeout, interval=interval)
        extra = f" ({result['connection']})" if result.get("connection") else ""
        return result, lambda r: _changed(r, f"{noun} started{extra}", f"already {_state(kind)}")

    @op_command(group, "stop", f"Stop {noun}; waits until the device shows it stopped.")
    @wait_options(True, 15.0)
    def stop(dev, wait, wait_timeout, interval):
        result = _module(kind).stop(dev, wait=wait, timeout=wait_timeout, interval=interval)
        return result, lambda r: _changed(r, f"{noun} stopped", f"not {_state(kind)}")

    @op_command(group, "clear", f"Reset the {noun} result after a failure.")
    def clear(dev):
        return _module(kind).clear(dev), lambda r: [f"{noun} result cleared"]

    @op_command(group, "status", f"Whether the device is {_state(kind)}.")
    def status(dev):
        result = _module(kind).state(dev)
        on = result["recording" if kind == "rec" else "live"]
        return result, lambda r: [_state(kind) if on else f"not {_state(kind)}"]


def _state(kind):
    return "recording" if kind == "rec" else "live"


def _module(kind):
    import importlib
    return importlib.import_module(f"usconf.ops.{kind}")


_onair(rec, "rec", "recording")
_onair(live, "live", "streaming")


# --- reboot / reset ---------------------------------------------------------------------------

def _back_lines(verb):
    def lines(result):
        if result.get("back"):
            return [f"{verb}; the device answered again after {result['seconds']:g}s ({result['state']})"]
        return [f"{verb} (the device restarts; use --wait to wait for it)"]
    return lines


def _strip_status(result):
    """The whole get-status read after a restart becomes the state it shows, in words."""
    status = result.pop("status", None)
    if status is not None:
        from usconf.ops.common import on_air
        live, recording = on_air(status)
        result["state"] = f"{'live' if live else 'not live'}, {'recording' if recording else 'not recording'}"
    return result


@op_command(cli, "reboot", "Restart the device (stops recording and streaming).")
@wait_options(False, 180.0)
def reboot(dev, wait, wait_timeout, interval):
    from usconf.ops import power
    result = with_progress(wait, lambda p: power.reboot(dev, wait=wait, timeout=wait_timeout, interval=interval, progress=p))
    return _strip_status(result), _back_lines("rebooted")


@op_command(cli, "reset", "Restore factory settings and restart (needs --yes).")
@click.option("--yes", is_flag=True, help="Yes, erase every setting, server, user and password.")
@wait_options(False, 180.0)
def reset(dev, yes, wait, wait_timeout, interval):
    if not yes:
        raise UsconfError("reset erases every setting, server and user of the device: add --yes to confirm")
    from usconf.ops import power
    result = with_progress(wait, lambda p: power.reset(dev, wait=wait, timeout=wait_timeout, interval=interval, progress=p))
    return _strip_status(result), _back_lines("reset to factory settings")


# --- storage ----------------------------------------------------------------------------------

@cli.group()
def storage():
    """The USB drive and SD card: status, format, speed test."""


@op_command(storage, "status", "State, size and free space of both disks.")
def storage_status(dev):
    from usconf.ops import storage as ops_storage

    def lines(r):
        return [f"{name}: {ops_storage.describe(r[name])}" for name in ("sd", "usb")]
    return ops_storage.status(dev), lines


@op_command(storage, "format", "Erase a disk (needs --yes; refused while recording).")
@click.option("--disk", type=click.Choice(["sd", "usb"]), required=True)
@click.option("--yes", is_flag=True, help="Yes, erase every file on the disk.")
@wait_options(True, 600.0)
def storage_format(dev, disk, yes, wait, wait_timeout, interval):
    if not yes:
        raise UsconfError(f"formatting erases every file on the {disk} disk: add --yes to confirm")
    from usconf.ops import storage as ops_storage
    result = with_progress(wait, lambda p: ops_storage.format_disk(dev, disk, wait, wait_timeout, interval, progress=p))
    return result, lambda r: [f"{disk} formatted" if wait else f"{disk} format started"]


@op_command(storage, "test", "Measure the USB drive's speed (--stop: cancel a running test).")
@click.option("--stop", is_flag=True, help="Cancel the running speed test.")
@wait_options(True, 120.0)
def storage_test(dev, stop, wait, wait_timeout, interval):
    from usconf.ops import storage as ops_storage
    from usconf.ops.common import human_size
    if stop:
        return ops_storage.stop_test(dev), lambda r: ["speed test stopped"]
    result = with_progress(wait, lambda p: ops_storage.test(dev, wait, wait_timeout, interval, progress=p))

    def lines(r):
        if not wait:
            return ["speed test started"]
        return [f"USB write {human_size(r['write_bps'])}/s, read {human_size(r['read_bps'])}/s ({r['result']})"]
    return result, lines


# --- media ------------------------------------------------------------------------------------

@cli.group()
def media():
    """Recorded files and the upload queue."""


@op_command(media, "list", "Recorded files on a disk, with sizes.")
@click.option("--disk", type=click.Choice(["sd", "usb"]), default="sd", show_default=True)
def media_list(dev, disk):
    from usconf.ops import media as ops_media
    from usconf.ops.common import human_size

    def lines(r):
        rows = [f"{f['name']}  {f['size']:>9}  {f['duration_s']}s  {f['resolution']}  {f['created']}"
                for f in r["files"]]
        return rows + [f"{r['count']} files, {human_size(r['total_bytes'])} on {disk}"]
    return ops_media.list_files(dev, disk), lines


@op_command(media, "delete", "Delete recorded files by name.")
@click.option("--disk", type=click.Choice(["sd", "usb"]), required=True)
@click.argument("names", nargs=-1, required=True)
def media_delete(dev, disk, names):
    from usconf.ops import media as ops_media
    return ops_media.delete(dev, disk, list(names)), lambda r: [f"deleted {n}" for n in r["deleted"]]


@op_command(media, "upload", "Queue SD card files for the enabled upload server; no NAMES: show the queue.")
@click.argument("names", nargs=-1)
@click.option("--remove", is_flag=True, help="Take NAMES out of the queue instead.")
@click.option("--clear", "clear_all", is_flag=True, help="Empty the queue.")
@click.option("--start", "start_", is_flag=True, help="Resume uploading.")
@click.option("--stop", is_flag=True, help="Pause uploading.")
def media_upload(dev, names, remove, clear_all, start_, stop):
    from usconf.ops import media as ops_media
    if sum(map(bool, (remove, clear_all, start_, stop))) > 1:
        raise UsconfError("give one of --remove, --clear, --start, --stop")
    if remove:
        result = ops_media.unqueue(dev, list(names))
    elif clear_all:
        result = ops_media.clear_queue(dev)
    elif start_:
        result = ops_media.start_uploads(dev)
    elif stop:
        result = ops_media.stop_uploads(dev)
    elif names:
        result = ops_media.upload(dev, list(names))
    else:
        result = ops_media.queue(dev)
    result.setdefault("queue", ops_media.queue(dev))

    def lines(r):
        q = r["queue"]
        sending = f"sending {q['sending']} ({q['percent']}%), " if q["sending"] else ""
        return [f"{sending}{len(q['waiting'])} waiting, {q['done']} done"] + [f"  {n}" for n in q["waiting"]]
    return result, lines


# --- server tests -----------------------------------------------------------------------------

@cli.group("test")
def test_group():
    """Test a live or upload server from the device (the device connects, not this machine)."""


def _test_lines(r):
    if r.get("result") == "running":
        return [f"test of {r['server']} started"]
    rate = f", {r['bps'] / 1e6:.1f} Mbit/s up" if r.get("bps") else ""
    return [f"{r['server']}: passed{rate}"]


@op_command(test_group, "live", "Test live server NAME: can the device reach it and push a stream?")
@click.argument("name")
@wait_options(True, 60.0)
def test_live(dev, name, wait, wait_timeout, interval):
    from usconf.ops import tests
    return with_progress(wait, lambda p: tests.test_live(dev, name, wait, wait_timeout, interval, progress=p)), _test_lines


@op_command(test_group, "upload", "Test upload server NAME (its host, host:port or account).")
@click.argument("name")
@wait_options(True, 60.0)
def test_upload(dev, name, wait, wait_timeout, interval):
    from usconf.ops import tests
    return with_progress(wait, lambda p: tests.test_upload(dev, name, wait, wait_timeout, interval, progress=p)), _test_lines


@op_command(test_group, "stop", "Cancel the running live and upload server tests.")
def test_stop(dev):
    from usconf.ops import tests
    return tests.stop(dev), lambda r: ["server tests stopped"]


# --- signal, wifi -----------------------------------------------------------------------------

@op_command(cli, "signal", "The input signal: resolution, frame rate, audio.")
def signal(dev):
    from usconf.ops import signal as ops_signal
    return ops_signal.info(dev), lambda r: [ops_signal.line(r)]


@cli.group()
def wifi():
    """Wi-Fi connection."""


@op_command(wifi, "disconnect", "Leave the current Wi-Fi network.")
def wifi_disconnect(dev):
    from usconf.ops import wifi as ops_wifi
    return ops_wifi.disconnect(dev), lambda r: ["Wi-Fi disconnected"]
