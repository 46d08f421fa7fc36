"""Engine speed: citizens/s, events/s and peak memory on bijstand.yaml under `chaos`.

Each size runs in a fresh subprocess so its peak RSS is its own. Two timed runs per size:
one without an event log (the speed of the model itself) and one streaming the event log
to a CSV file on disk (events/s, and memory that must not grow with the log).

    python bench/engine.py                 # 1k, 10k, 100k citizens
    python bench/engine.py --sizes 1000,10000 --scenario scenarios/bijstand.yaml
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def measure(scenario: str, setting: str, citizens: int, with_log: bool) -> dict:
    sys.path.insert(0, str(ROOT))
    from sim.events import CsvEventLog
    from sim.experiment import run_once
    from sim.loader import load_scenario
    from sim.settings import resolve_setting

    sc = load_scenario(scenario)
    st = resolve_setting(sc, setting)
    with tempfile.TemporaryDirectory() as tmp:
        log = CsvEventLog(Path(tmp) / "events.csv") if with_log else None
        started = time.perf_counter()
        model = run_once(sc, st, citizens, seed=1, event_log=log)
        seconds = time.perf_counter() - started
        events = log.rows if log else None
        if log:
            log.close()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"citizens": citizens, "seconds": seconds, "events": events, "peak_mb": peak_mb,
            "left": len(model.ledger), "days": model.steps}


def in_subprocess(scenario: str, setting: str, citizens: int, with_log: bool) -> dict:
    out = subprocess.run([sys.executable, __file__, "--one", str(citizens), "--scenario", scenario,
                          "--setting", setting] + (["--log"] if with_log else []),
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--scenario", default=str(ROOT / "scenarios" / "bijstand.yaml"))
    p.add_argument("--setting", default="chaos")
    p.add_argument("--sizes", default="1000,10000,100000")
    p.add_argument("--one", type=int, help=argparse.SUPPRESS)
    p.add_argument("--log", action="store_true", help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.one:
        print(json.dumps(measure(args.scenario, args.setting, args.one, args.log)))
        return
    print(f"# {Path(args.scenario).name} / {args.setting}; Python {platform.python_version()}, "
          f"{platform.machine()}")
    print("| citizens | s (no log) | citizens/s | s (CSV log) | events | events/s | peak MB (no log) | peak MB (CSV log) |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    rows = []
    for n in (int(s) for s in args.sizes.split(",")):
        bare = in_subprocess(args.scenario, args.setting, n, False)
        logged = in_subprocess(args.scenario, args.setting, n, True)
        rows.append((bare, logged))
        print(f"| {n:,} | {bare['seconds']:.2f} | {n / bare['seconds']:,.0f} | {logged['seconds']:.2f} | "
              f"{logged['events']:,} | {logged['events'] / logged['seconds']:,.0f} | "
              f"{bare['peak_mb']:.0f} | {logged['peak_mb']:.0f} |", flush=True)
    if len(rows) >= 2:
        (a, _), (b, _) = rows[-2], rows[-1]
        ratio = b["seconds"] / a["seconds"]
        print(f"\ntime ratio {b['citizens']:,} / {a['citizens']:,} citizens: {ratio:.2f} "
              f"(linear would be {b['citizens'] / a['citizens']:.0f})")


if __name__ == "__main__":
    main()
