"""Start-up benchmark: `usconf --help`, `--version` and `validate` against a bare Python start-up.

    .venv/bin/python bench/startup.py [--repeat N]

Each command runs as a user runs it (a new process, the bytecode cache warm) and
the median wall time of N runs is compared with the median of `python -c pass`
measured in the same run, runs interleaved so a busy machine hurts both alike.
Prints one line per figure; exits 1 when a target is missed.
"""
import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ENV_KEYS = {"YT_KEY": "bench-yt", "BACKUP_KEY": "bench-backup", "OPS_PASSWORD": "bench-ops",
            "FTP_PASSWORD": "bench-ftp"}
# The console script, as a user runs it; `python -m usconf` where it is not installed.
_SCRIPT = Path(sys.executable).with_name("usconf")
USCONF = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-m", "usconf"]

# name, argv, allowed seconds over the bare start-up
CASES = [
    ("usconf --help", USCONF + ["--help"], 0.04),
    ("usconf --version", USCONF + ["--version"], 0.04),
    ("usconf validate examples/studio.yaml", USCONF + ["validate", "examples/studio.yaml"], 0.10),
]
BARE = ("python -c pass", [sys.executable, "-c", "pass"])


def environment():
    env = dict(os.environ, **ENV_KEYS)
    env.pop("PYTHONDONTWRITEBYTECODE", None)     # the bytecode cache must be used, as after an install
    return env


def _children_cpu():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_once(argv, env, cpu=False):
    """Wall seconds of one run (`cpu`: the CPU seconds the process used instead)."""
    started, spent = time.perf_counter(), _children_cpu()
    done = subprocess.run(argv, check=False, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    took, spent = time.perf_counter() - started, _children_cpu() - spent
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed: {done.stderr.decode(errors='replace')}")
    return spent if cpu else took


def measure(repeat, cpu=False):
    """{name: [seconds...]} for the bare start-up and every case, runs interleaved."""
    env = environment()
    for _, argv, _ in CASES:           # warm the bytecode cache and the page cache
        run_once(argv, env)
    times = {BARE[0]: []}
    times.update({name: [] for name, _, _ in CASES})
    for _ in range(repeat):
        times[BARE[0]].append(run_once(BARE[1], env, cpu))
        for name, argv, _ in CASES:
            times[name].append(run_once(argv, env, cpu))
    return times


def results(repeat, cpu=False):
    """[(figure, value_s, floor_s, limit_s, ok)] for bench/run.py's table.

    cpu=True: CPU seconds (user + system) instead of wall time; on a machine other
    work keeps busy, wall time includes waiting for a core, CPU time does not.
    """
    times = measure(repeat, cpu)
    floor = statistics.median(times[BARE[0]])
    kind = "CPU" if cpu else "wall"
    out = [(f"bare python start-up (floor), {kind}", floor, floor, None, True)]
    for name, _, allowed in CASES:
        value = statistics.median(times[name])
        out.append((f"{name}, {kind}", value, floor, floor + allowed, value <= floor + allowed))
    return out


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=21)
    args = parser.parse_args(argv)
    rows = results(args.repeat) + results(args.repeat, cpu=True)
    for name, value, floor, limit, ok in rows:
        target = "" if limit is None else f"   target <= floor + {limit - floor:.2f} s  {'met' if ok else 'MISSED'}"
        print(f"{name:42s} {value * 1000:7.1f} ms  {value / floor:5.2f} x floor  (+{(value - floor) * 1000:5.1f} ms)"
              f"{target}")
    return 0 if all(ok for *_, ok in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
