"""Fault injection: what a flaky network or a busy device does to a client."""
import random
from dataclasses import dataclass, field

# Never refused as busy, so a client can always get in and look.
NEVER_BUSY = frozenset(("login", "ping"))


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
    seed: int = 0
    rng: object = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self):
        if self.drop_mode not in ("before", "after"):
            raise ValueError("drop_mode must be 'before' or 'after'")
        self.rng = random.Random(self.seed)

    def decide(self, count, method):
        """What happens to the count-th request: (drop, busy). Draws in a fixed order, so a seed replays."""
        drop_roll, busy_roll = self.rng.random(), self.rng.random()
        drop = (self.drop_at is not None and count == int(self.drop_at)) or drop_roll < self.drop_rate
        busy = not drop and method not in NEVER_BUSY and busy_roll < self.busy_rate
        return drop, busy
