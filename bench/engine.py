"""Engine speed: citizens/s, events/s and peak memory on bijstand.yaml under `chaos`.

Each measurement runs in a fresh subprocess, so its peak RSS is its own, and makes one
10-citizen run before it is timed (the model's lazy imports and first calls, as every peer in
bench/peers.py does): what is timed is the cost of the citizens; start-up is timed on its own
(docs/performance.md, "Start-up"). Per size: one run
without an event log (the model itself) and one streaming the event log to CSV (events/s,
and memory that must not grow with the log). With ``--ref REV`` the engine as it was at git
revision REV runs the same sizes, interleaved with today's, in the same session, and the
table gives the speed-up; with ``--rounds R`` every measurement is repeated R times,
interleaved, and the median is reported.

    python bench/engine.py                                # 1k, 10k, 100k citizens
    python bench/engine.py --sizes 10000 --ref ae6bc5d --rounds 5
    python bench/engine.py --sizes 1000,10000,100000,1000000 --no-log
    python bench/engine.py --scenario peers --warmup-days 0 --sizes 1000,1000000 --no-log   # the open network
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))
from peers import export_revision


def peak_mb() -> float:
    """This process's own peak resident memory (VmHWM; ru_maxrss can carry a forking parent's)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(root: str, scenario: str, setting: str, citizens: int, with_log: bool,
            warmup_days: float | None = None) -> dict:
    sys.path.insert(0, root)
    try:                                                # today's layout (sim/ in layers)
        from sim.events.log import CsvEventLog
        from sim.experiments.replications import run_once
        from sim.scenario.loader import load_scenario
        from sim.scenario.presets import resolve_setting
    except ImportError:                                 # an older revision: sim/ as flat modules
        from sim.eventlog import CsvEventLog
        from sim.experiment import run_once
        from sim.loader import load_scenario
        from sim.settings import resolve_setting

    sc = load_scenario(scenario)
    st = resolve_setting(sc, setting)
    run_once(sc, st, 10, seed=2, warmup_days=0)     # first calls and lazy imports, untimed (as bench/peers.py)
    with tempfile.TemporaryDirectory() as tmp:
        log = CsvEventLog(Path(tmp) / "events.csv") if with_log else None
        started = time.perf_counter()
        model = run_once(sc, st, citizens, seed=1, event_log=log, warmup_days=warmup_days)
        seconds = time.perf_counter() - started
        events = log.rows if log else None
        if log:
            log.close()
    return {"citizens": citizens, "seconds": seconds, "events": events, "peak_mb": peak_mb(),
            "left": len(model.ledger), "days": model.steps}


def in_subprocess(root: str, scenario: str, setting: str, citizens: int, with_log: bool,
                  warmup_days: float | None = None) -> dict:
    warm = [] if warmup_days is None else ["--warmup-days", str(warmup_days)]
    out = subprocess.run([sys.executable, __file__, "--one", str(citizens), "--root", root, "--scenario", scenario,
                          "--setting", setting] + (["--log"] if with_log else []) + warm,
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def median_run(runs: list[dict]) -> dict:
    out = dict(runs[0])
    out["seconds"] = statistics.median(r["seconds"] for r in runs)
    out["peak_mb"] = max(r["peak_mb"] for r in runs)
    return out


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--scenario", default=str(ROOT / "scenarios" / "bijstand.yaml"))
    p.add_argument("--setting", default="chaos")
    p.add_argument("--sizes", default="1000,10000,100000")
    p.add_argument("--rounds", type=int, default=1)
    p.add_argument("--ref", help="also run the engine of this git revision, interleaved (e.g. ae6bc5d)")
    p.add_argument("--no-log", action="store_true", help="skip the runs that stream the event log")
    p.add_argument("--warmup-days", type=float, help="warm-up (default: the scenario's horizon; 0: none)")
    p.add_argument("--one", type=int, help=argparse.SUPPRESS)
    p.add_argument("--root", default=str(ROOT), help=argparse.SUPPRESS)
    p.add_argument("--log", action="store_true", help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.one:
        print(json.dumps(measure(args.root, args.scenario, args.setting, args.one, args.log, args.warmup_days)))
        return
    with tempfile.TemporaryDirectory() as tmp:
        if args.scenario == "peers":                     # the open network of bench/peers.py
            from peers import SCENARIO
            args.scenario, args.setting = str(Path(tmp) / "peers.yaml"), "peers"
            Path(args.scenario).write_text(SCENARIO, encoding="utf-8")
        roots = {"today": str(ROOT)}
        if args.ref:
            roots[args.ref] = str(export_revision(args.ref, Path(tmp)))
        print(f"# {Path(args.scenario).name} / {args.setting}; Python {platform.python_version()}, "
              f"{platform.machine()}; median of {args.rounds} interleaved round(s), each run in a fresh process")
        print("| engine | citizens | s (no log) | citizens/s | s (CSV log) | events | events/s | peak MB (no log) | "
              "peak MB (CSV log) |")
        print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
        rows: dict[tuple[str, int], tuple[dict, dict | None]] = {}
        for n in (int(s) for s in args.sizes.split(",")):
            bare = {name: [] for name in roots}
            logged = {name: [] for name in roots}
            for r in range(args.rounds):
                order = list(roots) if r % 2 == 0 else list(roots)[::-1]
                for name in order:
                    bare[name].append(in_subprocess(roots[name], args.scenario, args.setting, n, False, args.warmup_days))
                    if not args.no_log:
                        logged[name].append(in_subprocess(roots[name], args.scenario, args.setting, n, True, args.warmup_days))
            for name in roots:
                b = median_run(bare[name])
                lg = median_run(logged[name]) if logged[name] else None
                rows[name, n] = (b, lg)
                log_cells = (f"{lg['seconds']:.2f} | {lg['events']:,} | {lg['events'] / lg['seconds']:,.0f} | "
                             if lg else "– | – | – | ")
                print(f"| {name} | {n:,} | {b['seconds']:.2f} | {n / b['seconds']:,.0f} | {log_cells}"
                      f"{b['peak_mb']:.0f} | {lg['peak_mb'] if lg else float('nan'):.0f} |", flush=True)
        report_ratios(rows, roots, args)


def report_ratios(rows: dict, roots: dict, args) -> None:
    sizes = sorted({n for _, n in rows})
    if args.ref:
        for n in sizes:
            ratio = rows[args.ref, n][0]["seconds"] / rows["today", n][0]["seconds"]
            print(f"\ntoday's engine is {ratio:.2f}x as fast as {args.ref} at {n:,} citizens (no log)")
    per_citizen = [rows["today", n][0]["seconds"] / n * 1e6 for n in sizes]
    if len(sizes) > 1:
        print("\ncost per citizen (today, no log): " + ", ".join(
            f"{n:,}: {c:.0f} µs" for n, c in zip(sizes, per_citizen)))


if __name__ == "__main__":
    main()
