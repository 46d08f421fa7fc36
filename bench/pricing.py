"""Staff priced two ways, as the compare page shows them side by side: by the work done
(``cost_eur``: every desk's minutes worked × its hourly cost, plus channel costs) and with the
case-manager role as staffed (each person on it a year of hours, busy or waiting; the other
desks by their work — the break-even view's pricing). Paired difference integral − chaos a year.

    python bench/pricing.py [--scenario scenarios/bijstand.yaml] [--citizens 200] [--replications 5] [--seed 1]

docs/model.md quotes it (the app's default run size).
"""

from __future__ import annotations

import argparse

from sim.experiments.app_runs import run_many_for_app
from sim.experiments.business import difference_per_year, staffed_difference
from sim.scenario.loader import load_scenario
from sim.scenario.presets import resolve_setting


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", default="scenarios/bijstand.yaml")
    parser.add_argument("--settings", default="chaos,integral")
    parser.add_argument("--citizens", type=int, default=200)
    parser.add_argument("--replications", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    sc = load_scenario(args.scenario)
    names = args.settings.split(",")
    a, b = run_many_for_app([(sc, resolve_setting(sc, n)) for n in names], args.citizens, args.replications, args.seed)
    by_work = difference_per_year(a, b, sc)["cost_eur"]
    staffed = staffed_difference(a, b, sc, sc)
    for said, m in (("by work", by_work), ("case-manager role as staffed", staffed)):
        if m is None:
            print(f"{said}: the scenario has no case-manager role")
            continue
        lo, hi = m["ci95"]
        print(f"{names[1]} - {names[0]}, EUR a year, {said}: {m['mean']:+,.0f} [{lo:+,.0f}, {hi:+,.0f}]")


if __name__ == "__main__":
    main()
