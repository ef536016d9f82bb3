"""Planner CPU time per plan of examples/studio.yaml: on a factory-new device and on one already applied.

    .venv/bin/python bench/plan_cpu.py [--runs 3] [--plans 20]

The factory-new figure is bench/plan_apply.py's `plan_cpu_ms` (target <= 15 ms):
the median of `plans` calls of make_plan on a snapshot of a factory-new emulated
device. The converged figure is the same document planned against a device it
was already applied to (no calls, no changes), what a fleet run mostly does.
Each figure is the median over `runs` runs, all in this process, offline.
"""
import argparse
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import plan_dump  # noqa: E402  (sets the example's environment variables)

from usconf.emulator import Backend  # noqa: E402
from usconf.language.load import load  # noqa: E402
from usconf.plan.make import make_plan  # noqa: E402
from usconf.plan.simulate import read_back  # noqa: E402

STUDIO = HERE.parent / "examples" / "studio.yaml"


def per_plan_ms(desired, snap, plans):
    times = []
    for _ in range(plans):
        started = time.process_time()
        make_plan(desired, snap)
        times.append(time.process_time() - started)
    return statistics.median(times) * 1000


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--plans", type=int, default=20)
    args = parser.parse_args(argv)
    desired = load(STUDIO)
    factory = read_back(Backend())
    plan = make_plan(desired, factory)
    converged = read_back(plan_dump.applied(plan))
    if not make_plan(desired, converged).empty:
        raise SystemExit("studio.yaml applied to an emulated device still plans changes")
    for name, snap in ((f"factory-new ({len(plan.calls)} calls, {len(plan.changes)} changes)", factory),
                       ("converged (nothing to change)", converged)):
        runs = [per_plan_ms(desired, snap, args.plans) for _ in range(args.runs)]
        shown = ", ".join(f"{r:.1f}" for r in runs)
        print(f"planner CPU per plan, {name:38s} {statistics.median(runs):6.1f} ms  (runs: {shown})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
