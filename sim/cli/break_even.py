"""``kastje break-even``: from how many staff on a role integral work pays, the what-if page's
break-even view for managers who script. The run grows from ``--citizens`` until the verdict is
precise (sim.experiments.break_even); overloaded desks are said before any figure."""

from __future__ import annotations

import argparse
import json
import sys

from sim import language
from sim.errors import UserError


def staff_list(text: str) -> list[int]:
    """An argparse type: ``1,2,3`` — whole numbers of at least 1."""
    try:
        values = [int(p) for p in text.split(",") if p.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a comma-separated list of whole numbers, "
                                         "e.g. 1,2,3") from None
    if not values or min(values) < 1:
        raise argparse.ArgumentTypeError("staff are whole numbers of at least 1, e.g. 1,2,3")
    return sorted(set(values))


def add_parser(sub, whole, days) -> None:
    p = sub.add_parser("break-even", help="from how many staff on the case-manager role integral work pays")
    p.add_argument("scenario", help="scenario YAML file")
    p.add_argument("--setting", default="integral", help="the integral way of working (default integral)")
    p.add_argument("--against", required=True, help="the way of working it is compared with, e.g. chain_knowledge")
    p.add_argument("--role", help="the role whose staff is varied (default: the scenario's case-manager role)")
    p.add_argument("--staff", type=staff_list, required=True, metavar="N,N,…",
                   help="staffing levels of the role to try, e.g. 1,2,3")
    p.add_argument("--citizens", type=whole(1), default=200,
                   help="citizens measured per replication to start with; doubled until the verdict is precise "
                        "(default 200)")
    p.add_argument("--max-citizens", type=whole(1),
                   help="the cap on citizens per replication (default: sim.experiments.break_even.MAX_CITIZENS)")
    p.add_argument("--replications", type=whole(2), default=10, help="replications per run (default 10)")
    p.add_argument("--seed", type=whole(0), default=1, help="master seed (default 1)")
    p.add_argument("--warmup-days", type=days, metavar="DAYS", help="warm-up (default: the follow-up horizon)")
    p.add_argument("--workers", type=whole(1), help="processes (default: all cores)")
    p.add_argument("--lang", choices=language.codes(), help="language of the output (default: $KASTJE_LANG or en)")
    p.add_argument("--json", action="store_true", help="print JSON only")


def cmd_break_even(args) -> int:
    from report import break_even as said
    from sim.cli.main import _lang
    from sim.experiments.break_even import MAX_CITIZENS, break_even, case_manager_role
    from sim.scenario.loader import load_scenario
    from sim.scenario.presets import resolve_setting, setting_name
    scenario = load_scenario(args.scenario)
    integral = resolve_setting(scenario, args.setting)
    alternative = resolve_setting(scenario, args.against)
    role = case_manager_role(scenario, args.role)
    cap = args.max_citizens or MAX_CITIZENS
    if cap < args.citizens:
        raise UserError(f"--max-citizens {cap} is below --citizens {args.citizens}")

    def sized(n: int) -> None:
        if not args.json:
            print(f"  running {n} citizens per replication x {args.replications} replications", file=sys.stderr,
                  flush=True)

    result = break_even(scenario, integral, alternative, args.staff, args.citizens, args.replications, args.seed,
                        args.warmup_days, args.workers, role=role, max_citizens=cap, sized=sized)
    if args.json:
        from sim.experiments.replications import warmup_of
        print(json.dumps(as_json(result, args, warmup_of(scenario, args.warmup_days)), indent=2))
        return 0
    L = _lang(args)
    names = {r.id: r.name.get(L) for r in scenario.roles}
    print(language.t("be_cli_title", L, scenario=scenario.name.get(L), setting=setting_name(args.setting, L),
                     against=setting_name(args.against, L), role=names[role],
                     staff=", ".join(map(str, args.staff)), seed=args.seed))
    for line in said.overload_lines(result, scenario, args.against, L):
        print("! " + line)
    print(said.verdict_line(result, scenario, args.against, L)[1])
    print(said.measured_line(result, L))
    rows = said.table(result, scenario, L)
    cols = list(rows[0])
    widths = [max(len(str(c)), *(len(str(r[c])) for r in rows)) for c in cols]
    print("  ".join(f"{c:<{w}}" for c, w in zip(cols, widths)))
    for r in rows:
        print("  ".join(f"{r[c]!s:<{w}}" for c, w in zip(cols, widths)))
    enough = said.enough_line(result, L)
    if enough:
        print(enough)
    return 0


def as_json(result: dict, args, warmup: float) -> dict:
    """The JSON contract: ``pays_from`` (or null), the citizens measured, and per staffing level
    the paired differences with their intervals and the overloaded desks."""
    return {"scenario": args.scenario, "setting": args.setting, "against": args.against, "role": result["manager"],
            "pays_from": result["pays_from"], "verdict": result["verdict"], "reasons": result["reasons"],
            "citizens": result["citizens"], "citizens_tried": result["citizens_tried"],
            "replications": result["replications"], "seed": result["seed"], "warmup_days": warmup,
            "precision": result["precision"], "max_citizens": result["max_citizens"],
            "alternative": {"overloaded": result["alternative_overloaded"], "offered": result["alternative_offered"],
                            "abandoned": result["alternative_abandoned"]},
            "staffing": [{"staff": k, "pays": result["pays_at"][k], "overloaded": result["overloaded"][k],
                          "offered": result["offered"][k], "abandoned": result["abandoned"][k],
                          "utilisation": result["utilisation"][k], "differences": d}
                         for k, d in result["differences"].items()],
            "enough_at": result["enough_at"], "per_person_eur": result["per_person_eur"]}
