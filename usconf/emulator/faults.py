"""Fault injection: what a flaky network, a busy device or failing hardware does to a client.

The hardware faults (disks, input signal, firmware) are read by the backend; the rest
by the HTTP layer.
"""
import random
from dataclasses import dataclass, field

# Never refused as busy, so a client can always get in and look.
NEVER_BUSY = frozenset(("login", "ping"))
DISK_FAULTS = ("ok", "full", "missing", "slow")
FIRMWARE_FAULTS = ("", "bad-file", "power-cut")


@dataclass
class Faults:
    latency_ms: int = 0
    write_lag_s: float = 0.0
    busy_rate: float = 0.0
    drop_rate: float = 0.0
    drop_at: object = None          # int N: drop the N-th request (1-based, all requests)
    drop_mode: str = "before"       # "before": close without applying; "after": apply, then close
    expire_after: object = None     # int N: a session dies after N requests made with it
    string_results: bool = False
    usb: str = "ok"                 # the USB drive: ok | full | missing | slow
    sd: str = "ok"                  # the SD card: ok | full | missing | slow
    no_signal: bool = False         # nothing on the input: recording and streaming are refused
    firmware: str = ""              # "bad-file": every upload is refused as damaged;
                                    # "power-cut": an update dies at the end, the old version stays
    seed: int = 0
    rng: object = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self):
        if self.drop_mode not in ("before", "after"):
            raise ValueError("drop_mode must be 'before' or 'after'")
        for disk in (self.usb, self.sd):
            if disk not in DISK_FAULTS:
                raise ValueError(f"a disk fault must be one of {', '.join(DISK_FAULTS)}")
        if self.firmware not in FIRMWARE_FAULTS:
            raise ValueError(f"a firmware fault must be one of {', '.join(f for f in FIRMWARE_FAULTS if f)}")
        self.rng = random.Random(self.seed)

    def decide(self, count, method):
        """What happens to the count-th request: (drop, busy). Draws in a fixed order, so a seed replays."""
        drop_roll, busy_roll = self.rng.random(), self.rng.random()
        drop = (self.drop_at is not None and count == int(self.drop_at)) or drop_roll < self.drop_rate
        busy = not drop and method not in NEVER_BUSY and busy_roll < self.busy_rate
        return drop, busy
