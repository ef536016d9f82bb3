"""Plan and apply against a local emulated encoder: calls sent vs the minimum, wall times,
and the ratio to a naive apply that sets every group.

    .venv/bin/python bench/plan_apply.py [--repeat N]

The minimum for a change is one call per changed group or list item; a naive
tool sends every settable group whatever changed. Everything runs on 127.0.0.1.
"""
import argparse
import os
import statistics
import time
from pathlib import Path

from usconf.apply.run import apply_plan
from usconf.plan.make import make_plan
from usconf.plan.calls import GROUPS, SCALARS
from usconf.client import Client
from usconf.emulator import running
from usconf.language.load import load

ROOT = Path(__file__).resolve().parents[1]
os.environ.setdefault("YT_KEY", "bench-yt")
os.environ.setdefault("BACKUP_KEY", "bench-backup")
os.environ.setdefault("OPS_PASSWORD", "bench-ops")
os.environ.setdefault("FTP_PASSWORD", "bench-ftp")
WRITE_EXCLUDED = ("get-", "login", "logout", "ping", "cloud-status")



def writes(emu):
    return [r for r in emu.requests if not str(r["method"]).startswith(WRITE_EXCLUDED)]


def naive_calls(plan):
    """A tool without a diff: every scalar and group set, plus the plan's list calls."""
    settable = len(SCALARS) + len(GROUPS) + 1 + 2      # + set-stream + set-net eth/wifi
    lists = [c for c in plan.calls if c.target is not None or c.method.startswith(("add-", "send-file-add", "cloud-"))]
    return settable + len(lists)


def one_run(desired, tweak=None):
    with running(port=0, cloud_port=0) as emu:
        with Client(emu.url, cloud_url=emu.cloud_url) as dev:
            if tweak:
                apply_plan(make_plan(desired, dev), dev, desired)
                desired = tweak
            start = len(writes(emu))
            t0 = time.perf_counter()
            plan = make_plan(desired, dev)
            t1 = time.perf_counter()
            result = apply_plan(plan, dev, desired, settle=2.0)
            t2 = time.perf_counter()
            assert result.ok, (result.error, result.ignored)
            sent = len(writes(emu)) - start
            return {"plan_s": t1 - t0, "apply_s": t2 - t1, "sent": sent, "calls": len(plan.calls),
                    "changes": len(plan.changes), "naive": naive_calls(plan),
                    "groups": len({(c.method, c.params.get("stream"), repr(c.target), c.params.get("name"), c.params.get("id"), c.params.get("url")) for c in plan.calls})}


def changed_bitrate(desired):
    import copy
    out = copy.deepcopy(desired)
    out.canonical["video"]["main"]["bitrate"] = 2048
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    studio = load(ROOT / "examples" / "studio.yaml")
    for label, tweak in (("studio.yaml on a factory-new device", None),
                         ("one field changed (video.main.bitrate)", changed_bitrate(studio))):
        runs = [one_run(studio, tweak) for _ in range(args.repeat)]
        r = runs[0]
        print(f"{label}:")
        print(f"  changes {r['changes']}, changed groups/items (the minimum) {r['groups']}, "
              f"calls planned {r['calls']}, writes sent {r['sent']}, "
              f"naive apply {r['naive']} calls (ratio {r['sent'] / r['naive']:.2f})")
        print(f"  plan  median {statistics.median(x['plan_s'] for x in runs) * 1000:7.1f} ms")
        print(f"  apply median {statistics.median(x['apply_s'] for x in runs) * 1000:7.1f} ms "
              f"(incl. read-back verify), {args.repeat} runs")


if __name__ == "__main__":
    main()
