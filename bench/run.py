"""Every performance figure of usconf in one table, each against its floor and target.

    make bench                    # or: .venv/bin/python bench/run.py [--quick] [--markdown]

Runs bench/startup.py, bench/plan_apply.py and bench/emulator.py in this order
(one after the other, so they do not compete for the cores) and prints one
table: the figure, the floor measured in the same run, the ratio, the target
and whether it was met. --markdown prints the table as docs/performance.md
records it, with the machine it ran on. Exits 1 when any target is missed.
"""
import argparse
import os
import platform
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import emulator as emulator_bench
import plan_apply
import startup


def machine():
    model = platform.processor() or "unknown CPU"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            model = next((line.split(":", 1)[1].strip() for line in fh if line.startswith("model name")), model)
    except OSError:
        pass
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (f"{os.cpu_count()} CPUs (nproc {len(os.sched_getaffinity(0)) if hasattr(os, 'sched_getaffinity') else '?'}), "
            f"{model}, Python {platform.python_version()}, {platform.system()} {platform.release()}, "
            f"load average {load:.1f} at the start")


def startup_rows(repeat):
    rows = []
    for name, value, floor, limit, ok in startup.results(repeat) + startup.results(repeat, cpu=True):
        target = "" if limit is None else f"<= floor + {(limit - floor) * 1000:.0f} ms"
        rows.append((name, value, floor if limit is not None else None, "s", target, ok))
    return rows


def shown(value, unit):
    if value is None:
        return "-"
    if unit == "s":
        return f"{value * 1000:.1f} ms"
    if unit == "ms":
        return f"{value:.1f} ms"
    if unit == "MB":
        return f"{value:.3f} MB"
    if unit == "req/s":
        return f"{value:,.0f} req/s"
    return f"{value:,}"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions (a rough look, not a record)")
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table for docs/performance.md")
    args = parser.parse_args(argv)
    repeat = 5 if args.quick else 15
    where = machine()
    rows = startup_rows(repeat * 2 + 1)
    rows += plan_apply.results(repeat)
    rows += emulator_bench.results(seconds=2.0 if args.quick else 5.0)
    if args.markdown:
        print(f"Machine: {where}\n")
        print("| figure | value | floor | ratio | target | met |")
        print("|---|---|---|---|---|---|")
    else:
        print(f"machine: {where}")
    for name, value, floor, unit, target, ok in rows:
        ratio = f"{value / floor:.2f} x" if floor and value is not None else ""
        floor_text = shown(floor, unit) if floor else ""
        met = "" if not target or value is None else ("yes" if ok else "NO")
        if args.markdown:
            print(f"| {name} | {shown(value, unit)} | {floor_text} | {ratio} | {target} | {met} |")
        else:
            print(f"{name:66s} {shown(value, unit):>14s} {floor_text:>10s} {ratio:>9s}  {target} {met}")
    missed = [name for name, value, floor, unit, target, ok in rows if target and value is not None and not ok]
    if missed:
        print(f"\n{len(missed)} target(s) missed: " + "; ".join(missed), file=sys.stderr)
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
