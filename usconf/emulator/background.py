"""Background jobs: what runs on the device over time (format, tests, firmware update, uploads).

The modules that start a job own what happens when it completes and register
it here with `on_finish`; the backend's clock tick calls `finish` for each job
that is done. Nothing here imports the backend, so job modules and the backend
do not import each other.
"""

# Seconds each time-driven job takes; tests shorten them.
TIMINGS = {
    "format": 4.0, "disk-test": 6.0, "stream-test": 20.0, "send-test": 10.0, "update": 8.0,
    "reboot": 3.0, "check-update": 1.0, "live-connect": 1.0, "upload-file": 2.0,
}


class Job:
    """Something running on the device since `start` for `duration` seconds."""

    __slots__ = ("start", "duration", "info")

    def __init__(self, start, duration, **info):
        self.start, self.duration, self.info = start, duration, info

    def percent(self, now):
        if self.duration <= 0:
            return 100
        return max(0, min(100, int((now - self.start) * 100 / self.duration)))

    def done(self, now):
        return now - self.start >= self.duration


# kind -> what happens when a job of that kind completes.
_FINISH = {}


def on_finish(kind):
    def register(fn):
        _FINISH[kind] = fn
        return fn
    return register


def finish(backend, kind, job):
    """Run what the owning module registered for a completed job, if anything."""
    done = _FINISH.get(kind)
    if done:
        done(backend, job)
