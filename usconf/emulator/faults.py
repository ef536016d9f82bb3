"""Fault injection: what a flaky network, a busy device or failing hardware does to a client.

The hardware faults (disks, input signal, firmware) are read by the backend; the rest
by the HTTP layer.
"""
# Never refused as busy, so a client can always get in and look.
NEVER_BUSY = frozenset(("login", "ping"))
DISK_FAULTS = ("ok", "full", "missing", "slow")
FIRMWARE_FAULTS = ("", "bad-file", "power-cut")


class Faults:
    # Not a dataclass: that module (and inspect, which it loads) is a large part of start-up, and the
    # planner's simulated device imports this module.
    def __init__(self, latency_ms=0, write_lag_s=0.0, busy_rate=0.0, drop_rate=0.0, drop_at=None, drop_mode="before",
                 expire_after=None, string_results=False, usb="ok", sd="ok", no_signal=False, firmware="", seed=0):
        if drop_mode not in ("before", "after"):
            raise ValueError("drop_mode must be 'before' or 'after'")
        for disk in (usb, sd):
            if disk not in DISK_FAULTS:
                raise ValueError(f"a disk fault must be one of {', '.join(DISK_FAULTS)}")
        if firmware not in FIRMWARE_FAULTS:
            raise ValueError(f"a firmware fault must be one of {', '.join(f for f in FIRMWARE_FAULTS if f)}")
        self.latency_ms = latency_ms
        self.write_lag_s = write_lag_s
        self.busy_rate = busy_rate
        self.drop_rate = drop_rate
        self.drop_at = drop_at              # int N: drop the N-th request (1-based, all requests)
        self.drop_mode = drop_mode          # "before": close without applying; "after": apply, then close
        self.expire_after = expire_after    # int N: a session dies after N requests made with it
        self.string_results = string_results
        self.usb = usb                      # the USB drive: ok | full | missing | slow
        self.sd = sd                        # the SD card: ok | full | missing | slow
        self.no_signal = no_signal          # nothing on the input: recording and streaming are refused
        self.firmware = firmware            # "bad-file": every upload is refused as damaged;
                                            # "power-cut": an update dies at the end, the old version stays
        self.seed = seed
        # random.Random(seed), made at the first draw: loading random costs a plan about a
        # millisecond, and the planner's simulated devices never draw
        self.rng = None

    def reseeded(self, seed):
        """The same faults drawing from another seed (each device of a group has its own)."""
        other = object.__new__(Faults)
        other.__dict__.update(vars(self))
        other.seed, other.rng = seed, None
        return other

    def decide(self, count, method):
        """What happens to the count-th request: (drop, busy). Draws in a fixed order, so a seed replays."""
        if self.rng is None:
            import random

            self.rng = random.Random(self.seed)
        drop_roll, busy_roll = self.rng.random(), self.rng.random()
        drop = (self.drop_at is not None and count == int(self.drop_at)) or drop_roll < self.drop_rate
        busy = not drop and method not in NEVER_BUSY and busy_roll < self.busy_rate
        return drop, busy
