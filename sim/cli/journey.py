"""``kastje journey``: each citizen's journey in the terminal, told as the app's journey page tells it.

The page replays a citizen of the first replication of its run; so does this command, with the
same seeds (the first replication's seed does not depend on how many replications a run has),
so at the same size, seed and warm-up a trainer reads here what the page shows, step by step.
"""

from __future__ import annotations

from report.journey import step_line, steps
from sim.cli.main import _lang
from sim.errors import UserError
from sim.language import normal, t
from sim.scenario.loader import load_scenario
from sim.scenario.presets import resolve_setting


def cmd_journey(args) -> int:
    from sim.experiments.app_runs import run_for_app
    scenario = load_scenario(args.scenario)
    setting = resolve_setting(scenario, args.setting)
    lang = normal(_lang(args))
    cases = {c.id: c for c in scenario.cases}
    if args.case is not None and args.case not in cases:
        raise UserError(f"--case: no case '{args.case}' in this scenario; cases: {', '.join(cases)}")
    run = run_for_app(scenario, setting, args.citizens, 1, args.seed, workers=1, warmup_days=args.warmup_days)
    rows = {r["citizen"]: r for r in run.citizen_rows if r["replication"] == 0}
    if args.case is not None:
        chosen = [run.typical_citizen(args.case)]
        if chosen[0] is None:
            raise UserError(f"--case {args.case}: no citizen of this case among the {args.citizens} of this run; "
                            "measure more with --citizens")
    elif args.citizen is not None:
        if args.citizen not in rows:
            raise UserError(f"--citizen: no citizen {args.citizen} in this run; citizens 1 to {len(rows)}")
        chosen = [args.citizen]
    else:
        chosen = sorted(rows)
    profiles = {p.id: p for p in scenario.profiles}
    for number in chosen:
        row = rows[number]
        print(t("journey_summary", lang, id=number, case=cases[row["case"]].title.get(lang),
                profile=profiles[row["profile"]].name.get(lang), desks=int(row["distinct_roles"]),
                tellings=int(row["tellings"]), handoffs=int(row["handoffs"]), outcome=t("outcome_" + row["outcome"], lang)))
        for i, step in enumerate(steps(run.journey(number), scenario, lang, row["outcome"]), start=1):
            print(f"  {i}. {step_line(step)}")
        print()
    return 0
