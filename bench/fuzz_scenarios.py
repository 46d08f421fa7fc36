"""Fuzz the scenario loader with mutated shipped scenarios (issue 21): how many stay valid, how
many are refused, that none ends in a traceback, and how slow the slowest validation is.

The mutations are tests/test_fuzz_scenarios.py's (CI runs 250 of them); here as many as asked,
derandomized, so a run is the same on every machine:

    .venv/bin/python bench/fuzz_scenarios.py                  # 10,000 examples
    .venv/bin/python bench/fuzz_scenarios.py --examples 500 --show 5

Exit status 1 when an example raised anything but the loader's own ScenarioError, or was refused
with a problem without a place or without a Dutch and an English text.
"""

from __future__ import annotations

import argparse
import collections
import sys
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from hypothesis import HealthCheck, given, settings

from tests.test_fuzz_scenarios import bad_problems, mutated, validate


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=10_000, help="how many mutated scenarios (default 10,000)")
    parser.add_argument("--show", type=int, default=3, help="how many failures of each kind to print")
    args = parser.parse_args(argv)

    counts: collections.Counter = collections.Counter()
    keys: collections.Counter = collections.Counter()
    failures: dict[str, list[str]] = collections.defaultdict(list)
    slowest = [0.0, "", 0]

    @settings(max_examples=args.examples, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    @given(mutated())
    def run(example):
        name, text = example
        counts["examples"] += 1
        try:
            outcome, seconds, problems = validate(name, text)
        except Exception:                                   # noqa: BLE001 — what we count
            counts["tracebacks"] += 1
            failures["traceback"].append(traceback.format_exc(limit=4) + "\n--- input (start) ---\n" + text[:400])
            return
        counts[outcome] += 1
        keys.update(p.key for p in problems)
        if seconds > slowest[0]:
            slowest[:] = [seconds, problems[0].render("en") if problems else "valid", counts["examples"]]
        for bad in bad_problems(problems):
            counts["bad messages"] += 1
            failures[bad.split(":")[0]].append(bad)

    started = time.perf_counter()
    run()
    wall = time.perf_counter() - started
    print(f"examples {counts['examples']}: valid {counts['valid']}, refused {counts['refused']}, "
          f"tracebacks={counts['tracebacks']}, problems without place or language={counts['bad messages']}")
    print(f"slowest validation {slowest[0] * 1000:.0f} ms (example {slowest[2]}: {slowest[1][:100]}); "
          f"wall {wall:.0f} s")
    print("messages given: " + ", ".join(f"{k} {n}" for k, n in keys.most_common()))
    for kind, found in failures.items():
        print(f"\n{kind}: {len(found)}")
        for text in found[:args.show]:
            print("  " + text.replace("\n", "\n  "))
    return 1 if counts["tracebacks"] or counts["bad messages"] else 0


if __name__ == "__main__":
    sys.exit(main())
