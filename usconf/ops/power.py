"""Reboot and factory reset, and waiting until the device answers again."""
import time

from usconf.client.retry import RetryPolicy
from usconf.errors import ConnectionFailed
from usconf.ops.common import OpTimeout, call, status_mask
from usconf.spec import status as bits

GOING = bits.REBOOT | bits.RESET
MIN_RESTART = 5.0


def reboot(client, wait=False, timeout=180.0, interval=1.0, progress=None, check=False):
    """Restart the device. Recording and streaming stop. With `wait`, return once it is back."""
    if check:
        return {"action": "reboot", "changed": True, "check": True}
    call(client, "reboot")
    out = {"action": "reboot", "changed": True}
    if wait:
        out.update(wait_back(client, timeout, interval, progress))
    return out


def reset(client, wait=False, timeout=180.0, interval=1.0, progress=None, check=False):
    """Restore factory settings and restart. The Admin password becomes the factory one again."""
    if check:
        return {"action": "reset", "changed": True, "check": True}
    call(client, "reset-all-settings")
    out = {"action": "reset", "changed": True}
    if wait:
        out.update(wait_back(client, timeout, interval, progress))
    return out


def wait_back(client, timeout=180.0, interval=1.0, progress=None, sleep=time.sleep, clock=time.monotonic):
    """Poll `ping` until the device has gone away (or shown statusReboot/statusReset) and answers again.

    A device that never seemed to leave counts as back once its uptime is shorter
    than the wait so far. Returns {"back": True, "seconds": S, "status": get-status}.
    """
    # A ping lost while the device is away is expected: no retries (and their backoff) per poll.
    retries, client.retries = client.retries, RetryPolicy(attempts=1)
    try:
        return _wait_back(client, timeout, interval, progress, sleep, clock)
    finally:
        client.retries = retries


def _wait_back(client, timeout, interval, progress, sleep, clock):
    start = clock()
    left = False                # went away, or said it is rebooting/resetting
    while True:
        elapsed = clock() - start
        try:
            mask = status_mask(client.call("ping"))
            if mask & GOING:
                left = True
            elif left or _restarted(client, elapsed):
                status = client.get_status()
                return {"back": True, "seconds": round(clock() - start, 1), "status": status}
        except ConnectionFailed:
            left = True
        elapsed = clock() - start
        if elapsed >= timeout:
            raise OpTimeout(f"the device did not answer again within {timeout:g}s")
        if progress:
            progress("waiting for the device" if left else "waiting for the device to restart", elapsed, timeout)
        sleep(min(interval, max(0.0, timeout - elapsed)))


def _restarted(client, elapsed):
    """The device answers as if nothing happened: is its uptime shorter than our wait?

    Asked only after a few seconds, so a device that has not begun to go down yet
    (and has just been switched on) is not taken as back."""
    if elapsed < MIN_RESTART:
        return False
    try:
        uptime = (client.get_status().get("sysstat") or {}).get("uptime")
    except ConnectionFailed:
        return False
    return isinstance(uptime, int) and uptime < elapsed
