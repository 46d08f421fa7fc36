"""The break-even verdict started small and started large: the same answer, and what it costs.

The faithful check behind tests/test_break_even.py (which runs a lighter version): bijstand as
it is, integral against chain knowledge with 1, 2, 3 on the case-manager role, 10 replications,
the default warm-up and the default precision and cap (sim.experiments.break_even), started at
``--starts`` measured citizens (default 200 and 2,000). Per start it prints the verdict, the
sizes it grew through, the paired differences it rests on and the wall time; it exits 1 when the
verdicts differ ("no conclusion" on one side counts as different).

    python bench/break_even.py
    python bench/break_even.py --scenario scenarios/schuldhulp.yaml --staff 1,2,3 --starts 200,2000
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sim.experiments.break_even import break_even
from sim.scenario.loader import load_scenario
from sim.scenario.presets import resolve_setting


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--scenario", default=str(ROOT / "scenarios" / "bijstand.yaml"))
    p.add_argument("--setting", default="integral")
    p.add_argument("--against", default="chain_knowledge")
    p.add_argument("--staff", default="1,2,3")
    p.add_argument("--starts", default="200,2000")
    p.add_argument("--replications", type=int, default=10)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--workers", type=int)
    args = p.parse_args()
    sc = load_scenario(args.scenario)
    integral, against = resolve_setting(sc, args.setting), resolve_setting(sc, args.against)
    staff = [int(s) for s in args.staff.split(",")]
    verdicts = []
    for start in (int(s) for s in args.starts.split(",")):
        began = time.monotonic()
        r = break_even(sc, integral, against, staff, start, args.replications, args.seed, workers=args.workers)
        took = time.monotonic() - began
        verdicts.append((r["verdict"], r["pays_from"]))
        print(f"start {start}: {r['verdict']} (pays from {r['pays_from']}); sizes {r['citizens_tried']}; "
              f"{took:.0f} s; reasons {r['reasons'] or '-'}")
        for k, d in r["differences"].items():
            cells = "  ".join(f"{m} {d[m]['mean']:+.3f} [{d[m]['ci95'][0]:+.3f}, {d[m]['ci95'][1]:+.3f}]"
                              for m in ("lead_time_days", "gave_up_rate", "year_cost_eur"))
            loads = ", ".join(f"{desk} {x:.2f}" for desk, x in r["offered"][k].items() if x >= 0.8)
            print(f"  {k}: {cells}; overloaded {r['overloaded'][k] or '-'}; offered ≥ 0.8: {loads or '-'}; "
                  f"abandoned at {r['manager']}: {r['abandoned'][k].get(r['manager'], 0):.3f}")
    same = len(set(verdicts)) == 1
    print("the same verdict" if same else f"DIFFERENT verdicts: {verdicts}")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
