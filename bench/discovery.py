"""Discovery benchmark, loopback only: how fast N emulated devices answer one probe, and how
long an HTTP sweep of 127.0.0.0/24 takes with one device in it.

    python bench/discovery.py [--count 500]

The emulator runs in this process (`running(discovery_port=0)`); the probe is sent unicast
to its discovery port. Prints the figures; exits 1 when a reply is missing.
"""
import argparse
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

from usconf.discovery import probe, sweep
from usconf.emulator import running


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=500)
    args = parser.parse_args()
    with running(count=args.count, discovery_port=0) as group:
        stamps = []
        started = time.monotonic()
        got = probe.probe([("127.0.0.1", group.discovery.port)], timeout=1.0,
                          on_found=lambda d: stamps.append(time.monotonic() - started))
        print(f"probe: {len(got.devices)}/{args.count} devices answered, last reply after "
              f"{stamps[-1] if stamps else float('nan'):.3f}s")
        started = time.monotonic()
        swept = sweep.scan("127.0.0.0/24", port=group.devices[0].port, parallel=32, timeout=2.0)
        print(f"scan 127.0.0.0/24: {time.monotonic() - started:.2f}s, {len(swept.found)} found, "
              f"{swept.silent} silent")
    return 0 if len(got.devices) == args.count else 1


if __name__ == "__main__":
    sys.exit(main())
