"""Where each lever stops paying: the measured cases of docs/model.md ("Every lever costs
something, and where it stops paying"), each a paired comparison on the same citizens.

    .venv/bin/python bench/lever_costs.py [--citizens 200] [--replications 10] [--seed 1] [--only NAME ...]

Each case is two settings (or one setting on two variants of a scenario); the script prints, per
case, the figures it rests on: both means and the paired difference (second − first) with its
95% interval, ``*`` where the interval excludes 0. Some cases change a parameter or a role of
the shipped scenario (what the ``--set`` of the CLI cannot); the variant is written beside each.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from sim.experiments.replications import run_replications
from sim.experiments.statistics import paired, paired_by
from sim.scenario.loader import load_scenario
from sim.scenario.presets import resolve_setting

SCENARIOS = Path(__file__).resolve().parent.parent / "scenarios"


def params(**kw):
    return lambda sc: sc.model_copy(update={"parameters": sc.parameters.model_copy(update=kw)})


def staff(role: str, n: int):
    def change(sc):
        roles = [r.model_copy(update={"staff": n}) if r.id == role else r for r in sc.roles]
        return sc.model_copy(update={"roles": roles})
    return change


def no_hidden(sc):
    return sc.model_copy(update={"cases": [c.model_copy(update={"hidden": []}) for c in sc.cases]})


def unskilled(sc):
    return sc.model_copy(update={"profiles": [p.model_copy(update={"digital_skill": 0.2}) for p in sc.profiles]})


def same(sc):
    return sc


# name: (what it shows, scenario variant, (setting, overrides), (setting, overrides), metrics, per profile?)
CASES = {
    "shared_file": ("the file follows (chaos → shared_file=full), file_error 0.05 (default)", same,
                    ("chaos", []), ("chaos", ["shared_file=full"]),
                    ("retellings", "first_contact_resolution", "staff_minutes", "lead_time_days", "gave_up_rate")),
    "shared_file_wrong": ("the same with a poorly kept file: file_error 0.5", params(file_error=0.5),
                          ("chaos", []), ("chaos", ["shared_file=full"]),
                          ("retellings", "first_contact_resolution", "staff_minutes", "lead_time_days",
                           "gave_up_rate")),
    "consent": ("consent asked (chaos → shared_file=consent)", same, ("chaos", []), ("chaos", ["shared_file=consent"]),
                ("retellings", "first_contact_resolution", "staff_minutes", "gave_up_rate")),
    "warm": ("warm hand-offs at chaos's routing 0.3 (chaos → handoff=warm)", same,
             ("chaos", []), ("chaos", ["handoff=warm"]),
             ("staff_minutes", "lead_time_days", "gave_up_rate", "handoffs")),
    "warm_bottleneck": ("warm hand-offs when the sender is the bottleneck: W&I intake 2 staff, cold → warm",
                        staff("wi_intake", 2),
                        ("chain_knowledge", ["handoff=cold"]), ("chain_knowledge", []),
                        ("staff_minutes", "wait_minutes", "lead_time_days", "gave_up_rate")),
    "broad": ("broad intake (chaos → intake=broad)", same, ("chaos", []), ("chaos", ["intake=broad"]),
              ("hidden_needs_found", "failure_demand_share", "staff_minutes", "lead_time_days", "gave_up_rate")),
    "broad_nothing_hidden": ("broad intake when nothing is hidden (every case's hidden list emptied)", no_hidden,
                             ("chaos", []), ("chaos", ["intake=broad"]),
                             ("hidden_needs_found", "staff_minutes", "lead_time_days", "gave_up_rate")),
    "discretion": ("room to decide (chaos → discretion=0.5), 1 in 5 overturned (default)", same,
                   ("chaos", []), ("chaos", ["discretion=0.5"]),
                   ("exceptions", "exceptions_overturned", "lead_time_days", "gave_up_rate", "staff_minutes")),
    "discretion_overturned": ("the same when review overturns 4 in 5 exceptions (exception_overturned 0.8)",
                              params(exception_overturned=0.8), ("chaos", []), ("chaos", ["discretion=0.5"]),
                              ("exceptions", "exceptions_overturned", "lead_time_days", "gave_up_rate",
                               "staff_minutes")),
    "routing": ("chain knowledge 0.9 → 1.0 (chain_knowledge)", same,
                ("chain_knowledge", []), ("chain_knowledge", ["routing_knowledge=1"]),
                ("wrong_referrals", "handoffs", "lead_time_days", "gave_up_rate", "staff_minutes")),
    "routing_chaos": ("chain knowledge 0.3 → 0.9 at chaos", same,
                      ("chaos", []), ("chaos", ["routing_knowledge=0.9"]),
                      ("wrong_referrals", "handoffs", "lead_time_days", "gave_up_rate", "staff_minutes")),
    "case_manager": ("a case manager (chain_knowledge → integral)", same, ("chain_knowledge", []), ("integral", []),
                     ("lead_time_days", "gave_up_rate", "staff_minutes", "case_manager_cost_eur")),
    "case_manager_one": ("the same with one case manager (wijkteam staff 1)", staff("wijkteam", 1),
                         ("chain_knowledge", []), ("integral", []),
                         ("lead_time_days", "gave_up_rate", "resolved_rate", "wait_minutes", "staff_minutes")),
    "digital_first": ("digital first for everyone (chaos → self_service), per profile", same,
                      ("chaos", []), ("self_service", []), ("lead_time_days", "gave_up_rate", "staff_minutes"), True),
    "digital_first_unskilled": ("the same when every profile's digital_skill is 0.2", unskilled,
                                ("chaos", []), ("self_service", []),
                                ("lead_time_days", "gave_up_rate", "failure_demand_share", "staff_minutes")),
    "differentiated": ("a route per profile (self_service → differentiated), per profile", same,
                       ("self_service", []), ("differentiated", []),
                       ("lead_time_days", "gave_up_rate", "staff_minutes"), True),
    "proactive": ("thinking ahead (chaos → proactive=1)", same, ("chaos", []), ("chaos", ["proactive=1"]),
                  ("crises_prevented", "proactive_contacts", "staff_minutes", "lead_time_days", "gave_up_rate")),
    "proactive_integral": ("thinking ahead where a broad intake and a case manager find the needs anyway",
                           same, ("integral", []), ("integral", ["proactive=1"]),
                           ("crises_prevented", "proactive_contacts", "staff_minutes", "lead_time_days",
                            "gave_up_rate")),
}


def fmt(x) -> str:
    return "nan" if x is None else f"{x:.3f}"


def measure(name: str, citizens: int, replications: int, seed: int, scenario_file: str) -> None:
    what, variant, (a, ao), (b, bo), metrics, *by = CASES[name]
    sc = variant(load_scenario(SCENARIOS / scenario_file))
    first = run_replications(sc, resolve_setting(sc, a, ao), citizens, replications, seed)
    second = run_replications(sc, resolve_setting(sc, b, bo), citizens, replications, seed)
    diff = paired(first.per_replication, second.per_replication)
    print(f"\n## {name}: {what}\n   {a} {' '.join(ao)}  vs  {b} {' '.join(bo)}  ({citizens} x {replications}, seed {seed})")
    for m in metrics:
        d = diff[m]
        lo, hi = d["ci95"]
        clear = "*" if lo is not None and (lo > 0 or hi < 0) else " "
        print(f"   {m:28s} {fmt(first.metrics[m]['mean']):>9s} {fmt(second.metrics[m]['mean']):>9s}"
              f"   {fmt(d['mean']):>8s} [{fmt(lo)}, {fmt(hi)}] {clear}")
    print(f"   kcc FCR {fmt(first.by_desk['kcc']['mean'])} -> {fmt(second.by_desk['kcc']['mean'])};"
          f" overloaded: {first.overloaded} -> {second.overloaded}")
    if by:
        for profile, d in paired_by(first.per_replication, second.per_replication, "profile").items():
            cells = []
            for m in metrics:
                lo, hi = d[m]["ci95"]
                clear = "*" if lo is not None and (lo > 0 or hi < 0) else ""
                cells.append(f"{m} {fmt(d[m]['mean'])} [{fmt(lo)}, {fmt(hi)}]{clear}")
            print(f"   {profile:18s} " + "; ".join(cells))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--citizens", type=int, default=200)
    ap.add_argument("--replications", type=int, default=10)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--scenario", default="bijstand.yaml")
    ap.add_argument("--only", nargs="*", choices=sorted(CASES))
    args = ap.parse_args()
    for name in args.only or CASES:
        measure(name, args.citizens, args.replications, args.seed, args.scenario)


if __name__ == "__main__":
    main()
