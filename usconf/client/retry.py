"""Retry policy, the lost-answer exception, and polling for state that lags behind writes."""
import time

from usconf.errors import ConnectionFailed, UsconfError


class RetryPolicy:
    """How hard to try: `attempts` sends per call when no answer comes, `busy_attempts` when the
    device answers errBusy, exponential backoff between them, and `settle` seconds for a re-read
    to show a write whose answer was lost.

    errBusy has its own, larger count: the device refused the call without doing it, so asking
    again is safe for any method, and a device stays busy for seconds at a time (formatting,
    checking for updates). With the default backoff, 8 attempts wait about 13 s in all.
    """

    def __init__(self, attempts=3, backoff=0.25, backoff_max=4.0, settle=2.0, busy_attempts=8):
        if attempts < 1 or busy_attempts < 1:
            raise ValueError("attempts must be at least 1")
        self.attempts = attempts
        self.busy_attempts = busy_attempts
        self.backoff = backoff
        self.backoff_max = backoff_max
        self.settle = settle

    def delay(self, attempt):
        return min(self.backoff_max, self.backoff * (2 ** attempt))

    def __repr__(self):
        return (f"RetryPolicy(attempts={self.attempts}, busy_attempts={self.busy_attempts}, backoff={self.backoff}, "
                f"backoff_max={self.backoff_max}, settle={self.settle})")


class UncertainWrite(ConnectionFailed):
    """A write that is not safe to repeat got no answer: the device may or may not hold it."""

    def __init__(self, method, message):
        self.method = method
        super().__init__(message)


class WaitTimeout(UsconfError):
    """A condition polled on the device did not come true in time."""


def wait_for(predicate, timeout, interval=0.2, what="the device state", sleep=time.sleep):
    """Call predicate() until it returns something true, and return that; WaitTimeout after `timeout` s.

    Devices apply writes with a lag: a read right after a write may still show the old value.
    """
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        left = deadline - time.monotonic()
        if left <= 0:
            raise WaitTimeout(f"{what} did not change as expected within {timeout:g}s")
        sleep(min(interval, left))
