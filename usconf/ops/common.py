"""What every operation shares: refusals that name their cause, polling get-status, sizes."""
import time

from usconf.errors import DeviceError, UsconfError
from usconf.spec import codes
from usconf.spec import status as bits


class Refused(UsconfError):
    """The device (or usconf, before asking it) refused an operation; `cause` says why in words.

    The message names the device's error where there is one: `start-rec refused
    (errNoSignal -35): no signal on the input`.
    """

    def __init__(self, method, cause, code=None):
        self.method, self.cause, self.code = method, cause, code
        self.name = codes.lookup(code).name if code is not None else None
        device = f" ({self.name} {code})" if code is not None else ""
        super().__init__(f"{method} refused{device}: {cause}")


class OpTimeout(UsconfError):
    """A --wait ran out of time; the device may still finish what it started."""


def call(client, method, params=None, **kwargs):
    """One call whose negative answer becomes a Refused naming the device's error.

    `cause` words come from the caller (who knows what the method needs); here the
    device's own description stands in.
    """
    try:
        return client.call(method, params, **kwargs)
    except DeviceError as exc:
        raise Refused(method, exc.description.rstrip(".").lower() or exc.name, exc.code) from None


def call_json(client, method, body):
    """A JSON-body call (del-media-files, send-file-add, send-file-del), refusals as in `call`."""
    try:
        return client.call_json(method, body)
    except DeviceError as exc:
        raise Refused(method, exc.description.rstrip(".").lower() or exc.name, exc.code) from None


def poll(read, done, timeout, interval=0.5, progress=None, what="the device", describe=None,
         sleep=time.sleep, clock=time.monotonic):
    """Call `read()` until `done(value)` gives something true; return that. OpTimeout after `timeout` s.

    After each read that is not done, `progress(what, done, total)` is told
    `describe(value)` (e.g. a job's percent of 100), or the seconds elapsed of `timeout`.
    """
    start = clock()
    while True:
        value = read()
        result = done(value)
        if result:
            return result
        elapsed = clock() - start
        if elapsed >= timeout:
            raise OpTimeout(f"{what} did not finish within {timeout:g}s (it may still finish on the device)")
        if progress:
            progress(*(describe(value) if describe else (what, elapsed, timeout)))
        sleep(min(interval, max(0.0, timeout - elapsed)))


def status_mask(status):
    value = status.get("cur-status", 0)
    return value if isinstance(value, int) else 0


def on_air(status):
    """(live, recording) from a get-status body."""
    mask = status_mask(status)
    return bool(mask & bits.LIVING), bool(mask & bits.RECORD)


def busy_with(status):
    """What background work of the device's own would make it refuse: words, or None."""
    mask = status_mask(status)
    for bit, words in ((bits.UPGRADE, "a firmware update is running"),
                       (bits.REBOOT, "the device is rebooting"),
                       (bits.RESET, "the device is resetting"),
                       (bits.FORMAT_SD, "the SD card is being formatted"),
                       (bits.FORMAT_DISK, "the USB drive is being formatted"),
                       (bits.DISK_TEST, "a disk speed test is running")):
        if mask & bit:
            return words
    return None


def human_size(count):
    """Bytes as a person reads them: 1.5 GB (1 kB = 1000 B, as disk makers and the device's pages count)."""
    if not isinstance(count, (int, float)) or count < 0:
        return "?"
    for unit in ("B", "kB", "MB", "GB", "TB"):
        if count < 1000 or unit == "TB":
            return f"{count:.0f} {unit}" if unit == "B" else f"{count:.1f} {unit}"
        count /= 1000.0
    return f"{count:.1f} TB"


def code_name(value):
    """`errBusy -9` / `retSucceed 0` for a result value (anything else as given)."""
    if isinstance(value, int):
        return f"{codes.lookup(value).name} {value}"
    return str(value)


def safe_text(value, limit=200):
    """Device-supplied text made safe for one output line: control characters escaped, length bounded."""
    text = str(value)[:limit]
    return "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in text)
