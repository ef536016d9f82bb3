#!/usr/bin/env python3
"""Convergence rate: random valid-by-schema documents, two per device in sequence, applied through
the CLI to the emulator (tests/proptest/converge.py), in each profile, clean and with quirks.

    python bench/converge.py [N] [--seed S] [--profile default|strict] [--quirk NAME|all|clean]

Prints, per profile and quirk set, how many runs converged (of those whose documents
validate) and the first lines of each failure class.
"""
import argparse
import collections
import pathlib
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from tests.proptest.converge import PROFILES, QUIRKS, problems
from tests.proptest.documents import documents


def measure(n, profile, quirk, seed):
    runs, failures, stats = [], collections.Counter(), {}

    @settings(max_examples=n, phases=[Phase.generate], database=None, deadline=None,
              suppress_health_check=list(HealthCheck))
    @given(docs=st.lists(documents(), min_size=2, max_size=2))
    def one(docs):
        with tempfile.TemporaryDirectory() as folder:
            found = problems(docs, folder, profile, quirk, seed=len(runs), stats=stats)
        runs.append(not found)
        for line in found:
            failures[_klass(line)] += 1
            EXAMPLES.setdefault(_klass(line), docs)

    # A fixed seed makes the N documents the same for every profile and quirk set.
    settings_seed = __import__("hypothesis").seed(seed)
    settings_seed(one)()
    return runs, failures, stats


WIDTH = 160
EXAMPLES = {}        # failure class -> the first documents that showed it


def _klass(line):
    text = line.split(": ", 1)[-1].replace("\n", " | ")
    return text if len(text) <= WIDTH else text[:WIDTH // 3] + " ... " + text[-(WIDTH - WIDTH // 3):]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("n", type=int, nargs="?", default=50)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--profile", choices=PROFILES + ("all",), default="all")
    parser.add_argument("--quirk", default="all")
    parser.add_argument("--refusals", action="store_true", help="List why documents did not validate.")
    parser.add_argument("--show-docs", action="store_true", help="Print the documents of each failure class.")
    parser.add_argument("--width", type=int, default=160, help="Characters of each failure shown.")
    args = parser.parse_args()
    global WIDTH
    WIDTH = args.width
    profiles = PROFILES if args.profile == "all" else (args.profile,)
    quirks = list(QUIRKS) if args.quirk == "all" else [args.quirk]
    for profile in profiles:
        for quirk in quirks:
            runs, failures, stats = measure(args.n, profile, quirk, args.seed)
            ok = sum(runs)
            print(f"{profile:8} {quirk:15} converged {ok}/{len(runs)} ({100 * ok / max(1, len(runs)):.0f} %); "
                  f"documents {stats.get('documents', 0)}, valid {stats.get('valid', 0)}, "
                  f"applied {stats.get('applied', 0)}")
            if args.refusals:
                for text, count in collections.Counter(stats.get("refusals", [])).most_common(15):
                    print(f"    refused {count:3}x {text}")
            for text, count in failures.most_common(12):
                print(f"    {count:3}x {text}")
                if args.show_docs:
                    print(f"         documents: {EXAMPLES.get(text)}")
            sys.stdout.flush()


if __name__ == "__main__":
    main()
