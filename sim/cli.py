"""The ``kastje`` command: run, compare, validate and show scenarios.

User mistakes (a bad file, an unknown setting, a wrong option) end in one clear message
and a non-zero exit, never a traceback. With ``--json`` stdout is pure JSON and nothing
else is printed.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
import time

from sim.events import CsvEventLog
from sim.experiment import compare, run_replications
from sim.loader import ScenarioError, load_scenario
from sim.metrics import METRICS
from sim.settings import SettingError, presets, resolve_setting

class UserError(Exception):
    """A mistake in what the user asked for; printed as one line."""


def _whole(minimum: int):
    """An argparse type: a whole number of at least ``minimum``."""
    def parse(value: str) -> int:
        try:
            n = int(value)
        except ValueError:
            raise argparse.ArgumentTypeError(f"'{value}' is not a whole number") from None
        if n < minimum:
            raise argparse.ArgumentTypeError(f"must be {minimum} or more")
        return n
    return parse


def _run_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("scenario", help="scenario YAML file")
    p.add_argument("--set", dest="overrides", action="append", default=[], metavar="LEVER=VALUE",
                   help="override one lever of the setting (repeatable)")
    p.add_argument("--citizens", type=_whole(1), default=200, help="arrivals per replication (default 200)")
    p.add_argument("--replications", type=_whole(1), default=20, help="independent replications (default 20)")
    p.add_argument("--seed", type=_whole(0), default=1, help="master seed (default 1)")
    p.add_argument("--json", action="store_true", help="print JSON only")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kastje", description="Simulate citizens sent from desk to desk.")
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="run one setting, with 95%% confidence intervals")
    _run_options(run)
    run.add_argument("--setting", default="chaos", help="preset name (default chaos)")
    run.add_argument("--events", metavar="PATH", help="stream the event log to this CSV file")
    cmp_ = sub.add_parser("compare", help="run several settings side by side")
    _run_options(cmp_)
    cmp_.add_argument("--settings", default="chaos,integral", help="comma-separated presets")
    val = sub.add_parser("validate", help="check scenario files")
    val.add_argument("files", nargs="+")
    val.add_argument("--lang", choices=("en", "nl"), help="language of the messages (default: $KASTJE_LANG or en)")
    show = sub.add_parser("show", help="roles, needs, cases, profiles and settings at a glance")
    show.add_argument("scenario")
    return parser


def _fmt(x: float | None) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "-"
    return f"{x:.3f}" if abs(x) < 10 else f"{x:.1f}"


def _cell(m: dict) -> str:
    lo, hi = m["ci95"]
    ci = f" [{_fmt(lo)}, {_fmt(hi)}]" if lo is not None else ""
    return _fmt(m["mean"]) + ci


def _progress_printer(enabled: bool, label: str):
    """Progress lines on stderr, at most one every two seconds (none for short runs)."""
    if not enabled:
        return None
    last = time.monotonic()

    def report(done: float, total: int) -> None:
        nonlocal last
        if time.monotonic() - last > 2.0:
            last = time.monotonic()
            print(f"  {label}: {done:.1f} of {total} replications", file=sys.stderr, flush=True)
    return report


def cmd_run(args) -> int:
    scenario = load_scenario(args.scenario)
    setting = resolve_setting(scenario, args.setting, args.overrides)
    progress = _progress_printer(not args.json, args.setting)
    log = None
    if args.events:
        try:
            log = CsvEventLog(args.events, scenario.clock.hours_per_day * 60)
        except OSError as err:
            raise UserError(f"cannot write event log {args.events}: {err.strerror}") from None
    try:
        result = run_replications(scenario, setting, args.citizens, args.replications, args.seed,
                                  event_log=log, progress=progress)
    finally:
        if log is not None:
            log.close()
    metrics = result.metrics
    if args.json:
        print(json.dumps({"scenario": args.scenario, "setting": args.setting,
                          "overrides": args.overrides, "citizens": args.citizens,
                          "replications": args.replications, "seed": args.seed,
                          "metrics": metrics}, indent=2))
        return 0
    print(f"{scenario.name.en} — setting '{args.setting}'"
          + (f" with {', '.join(args.overrides)}" if args.overrides else "")
          + f"; {args.citizens} citizens x {args.replications} replications, seed {args.seed}")
    print("mean [95% CI]")
    width = max(len(n) for n in METRICS)
    for name in METRICS:
        print(f"  {name:<{width}}  {_cell(metrics[name])}")
    if log is not None:
        print(f"event log: {log.rows} events written to {args.events}")
    return 0


def cmd_compare(args) -> int:
    scenario = load_scenario(args.scenario)
    names = [n.strip() for n in args.settings.split(",") if n.strip()]
    if not names:
        raise UserError("--settings needs at least one preset name")
    settings = {n: resolve_setting(scenario, n, args.overrides) for n in names}
    results = compare(scenario, settings, args.citizens, args.replications, args.seed,
                      progress=_progress_printer(not args.json, "compare"))
    if args.json:
        print(json.dumps({"scenario": args.scenario, "citizens": args.citizens,
                          "replications": args.replications, "seed": args.seed,
                          "overrides": args.overrides,
                          "results": {n: {"metrics": r.metrics} for n, r in results.items()}}, indent=2))
        return 0
    print(f"{scenario.name.en}: {args.citizens} citizens x {args.replications} replications, "
          f"seed {args.seed}; mean [95% CI]")
    tables = {n: r.metrics for n, r in results.items()}
    width = max(len(n) for n in METRICS)
    cols = [max(len(n), *(len(_cell(t[m])) for m in METRICS)) for n, t in tables.items()]
    print(" " * (width + 2) + "  ".join(f"{n:<{w}}" for n, w in zip(tables, cols)))
    for m in METRICS:
        print(f"{m:<{width}}  " + "  ".join(f"{_cell(t[m]):<{w}}" for t, w in zip(tables.values(), cols)))
    return 0


def _lang(args) -> str:
    return getattr(args, "lang", None) or os.environ.get("KASTJE_LANG", "en")


def cmd_validate(args) -> int:
    bad = 0
    for path in args.files:
        try:
            scenario = load_scenario(path)
        except ScenarioError as err:
            bad += 1
            print(err.render(_lang(args)), file=sys.stderr)
            continue
        print(f"{path}: valid ({len(scenario.roles)} roles, {len(scenario.needs)} needs, "
              f"{len(scenario.cases)} cases, {len(scenario.profiles)} profiles)")
    return 1 if bad else 0


def cmd_show(args) -> int:
    sc = load_scenario(args.scenario)
    print(f"{sc.name.en} / {sc.name.nl}")
    print(f"clock {sc.clock.hours_per_day} h/day; horizon {sc.horizon_days} working days per citizen; "
          f"arrivals {sc.arrivals.per_day}/day ({sc.arrivals.pattern})")
    print(f"\nroles ({sum(r.staff for r in sc.roles)} staff):")
    for r in sc.roles:
        flags = ",".join(f for f, on in (("entry", r.entry), ("case manager", r.case_manager)) if on)
        print(f"  {r.id:<14} staff {r.staff:<3} {r.service_minutes.dist:<11} {r.name.en}"
              + (f"  [{flags}]" if flags else ""))
    print("\nneeds:")
    for n in sc.needs:
        by = sorted(set(n.resolved_by) | {r.id for r in sc.roles if n.id in r.resolves})
        extra = f"; requires {', '.join(n.requires)}" if n.requires else ""
        term = f"; term {n.legal_term_days:g} d" if n.legal_term_days else ""
        print(f"  {n.id:<14} by {', '.join(by)}; {n.contacts} contact(s){term}{extra}")
    print("\nprofiles:")
    for p in sc.profiles:
        print(f"  {p.id:<18} {p.share:>5.0%}  persistence {p.persistence if p.persistence is not None else '∞'}, "
              f"self-diagnosis {p.self_diagnosis:.2f}, consent {p.consent:.2f}")
    print("\ncases:")
    for c in sc.cases:
        hidden = f" (hidden: {', '.join(c.hidden)})" if c.hidden else ""
        print(f"  {c.id:<22} {c.share:>5.0%}  asks {c.presenting}; needs {', '.join(c.needs)}{hidden}")
        print(f"  {'':<22}        {c.title.en}")
    print("\nsettings:")
    for name, s in presets(sc).items():
        print(f"  {name:<16} file={s.shared_file} routing={s.routing_knowledge:g} handoff={s.handoff} "
              f"intake={s.intake} discretion={s.discretion:g} coordination={s.coordination}")
    return 0


COMMANDS = {"run": cmd_run, "compare": cmd_compare, "validate": cmd_validate, "show": cmd_show}


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except ScenarioError as err:
        print(err.render(_lang(args)), file=sys.stderr)
        return 1
    except (SettingError, UserError) as err:
        print(f"kastje: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("kastje: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
