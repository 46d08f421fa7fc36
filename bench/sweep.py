"""Sweep speed on this machine's cores and on a Dask LocalCluster, measured side by side.

The same sweep (bijstand, `integral`, routing_knowledge 0.5..1 in 6 points, 200 citizens x 4
replications a point: 24 replications) runs in one process, in the local pool on every core,
and on a LocalCluster with as many single-threaded workers; each in a fresh subprocess, in
turn, ``--rounds`` times. Reported: the median wall time, the speed-up over one process and
the parallel efficiency (speed-up / workers); and that every backend gives the same table.

    python bench/sweep.py                 # 3 rounds
    python bench/sweep.py --rounds 5 --points 11
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CHILD = """
import json, sys, time
sys.path.insert(0, {root!r})
from sim.experiments import pool
from sim.scenario.loader import load_scenario
from sim.scenario.presets import resolve_setting
from sim.experiments.sweep import Sweep, parse_axis
sc = load_scenario({root!r} + "/scenarios/bijstand.yaml")
st = resolve_setting(sc, "integral")
axis = parse_axis("routing_knowledge=0.5:1:{step}", sc, st)
sweep = Sweep(sc, st, [axis], citizens=200, replications=4, seed=1)
if {backend!r} == "dask":
    pool.use_cluster("local")
    from sim.experiments.cluster import client
    client("local")                     # the cluster's start-up is not the sweep's time
workers = 1 if {backend!r} == "serial" else None
start = time.perf_counter()
results = sweep.run(workers=workers)
seconds = time.perf_counter() - start
digest = [round(r[0]["handoffs"], 12) for _, r in sorted(results.items())]
print(json.dumps({{"seconds": seconds, "digest": digest}}))
"""


def once(backend: str, points: int) -> dict:
    step = round(0.5 / (points - 1), 6)
    code = CHILD.format(root=str(ROOT), backend=backend, step=step)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--points", type=int, default=6)
    args = parser.parse_args()
    cores = os.cpu_count() or 1
    times: dict[str, list[float]] = {"serial": [], "pool": [], "dask": []}
    digests = {}
    for _ in range(args.rounds):
        for backend, seconds in times.items():
            result = once(backend, args.points)
            seconds.append(result["seconds"])
            digests.setdefault(backend, result["digest"])
    serial = statistics.median(times["serial"])
    print(f"sweep of {args.points} points x 4 replications x 200 citizens (bijstand, integral) on {cores} cores; "
          f"median of {args.rounds} rounds, {time.strftime('%Y-%m-%d')}")
    print(f"{'backend':<28}{'wall s':>8}{'speed-up':>10}{'efficiency':>12}")
    for backend, label in (("serial", "one process"), ("pool", f"local pool, {cores} workers"),
                           ("dask", f"Dask LocalCluster, {cores} workers")):
        t = statistics.median(times[backend])
        workers = 1 if backend == "serial" else cores
        print(f"{label:<28}{t:>8.2f}{serial / t:>10.2f}{serial / t / workers:>12.2f}")
    same = digests["serial"] == digests["pool"] == digests["dask"]
    print("same table from every backend:", "yes" if same else "NO")


if __name__ == "__main__":
    main()
