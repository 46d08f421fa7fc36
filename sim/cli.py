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

from agents.citizen import RunawayCitizen
from sim.budget import estimate
from sim.chain import Chain
from sim.eventlog import CsvEventLog, EventLogError
from sim.experiment import About, compare, differences, run_replications, warmup_of
from sim.figures import Figures
from sim.loader import ScenarioError, load_scenario
from sim.metrics import GROUPS, METRICS
from sim.pool import default_workers
from sim.settings import SettingError, presets, resolve_setting
from sim.stored import fold_log

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


def _days(value: str) -> float:
    try:
        days = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{value}' is not a number of days") from None
    if not 0 <= days < math.inf:
        raise argparse.ArgumentTypeError("must be 0 or more working days")
    return days


def _run_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("scenario", help="scenario YAML file")
    p.add_argument("--set", dest="overrides", action="append", default=[], metavar="LEVER=VALUE",
                   help="override one lever of the setting (repeatable)")
    p.add_argument("--citizens", type=_whole(1), default=200,
                   help="citizens measured per replication, arriving after the warm-up (default 200)")
    p.add_argument("--replications", type=_whole(1), default=20, help="independent replications (default 20)")
    p.add_argument("--seed", type=_whole(0), default=1, help="master seed (default 1)")
    p.add_argument("--warmup-days", type=_days, metavar="DAYS",
                   help="working days of arrivals before measuring starts (default: the follow-up horizon)")
    p.add_argument("--workers", type=_whole(1), help="processes to run replications in (default: all cores)")
    p.add_argument("--yes", action="store_true", help="run even when the estimate says it takes over 15 minutes")
    p.add_argument("--json", action="store_true", help="print JSON only")
    p.add_argument("--by", choices=GROUPS, help="also break the results down per citizen profile or per case")


# the figures a breakdown per profile or case shows: who is helped, who gives up, at what cost
BY_METRICS = ("resolved_rate", "gave_up_rate", "retellings", "handoffs", "lead_time_days", "staff_minutes",
              "failure_demand_share", "self_service_attempts", "self_service_success")


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
    met = sub.add_parser("metrics", help="fold a stored event log (run --events) into the metrics")
    met.add_argument("events", help="CSV event log written by `kastje run --events`")
    met.add_argument("--scenario", help="the scenario file, if it is not where the log says")
    met.add_argument("--json", action="store_true", help="print JSON only (the shape of run --json)")
    met.add_argument("--by", choices=GROUPS, help="also break the results down per citizen profile or per case")
    from workshop.cli import add_parser as add_workshop
    add_workshop(sub)
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


def _check_size(scenario, settings: list, args) -> int:
    """Refuse, up front, a run the machine cannot finish in reasonable time or memory."""
    workers = args.workers or default_workers()
    guess = estimate(scenario, settings, args.citizens, args.replications, args.warmup_days, workers)
    if guess.too_big():
        raise UserError(f"this run needs {guess.describe(workers)}, more than this machine can hold; "
                        "make it smaller with --citizens or --replications")
    if guess.too_long() and not args.yes:
        raise UserError(f"this run needs {guess.describe(workers)}; make it smaller with --citizens or "
                        "--replications, or add --yes to run it anyway")
    if guess.piloted and not args.json:
        print(f"kastje: {guess.describe(workers)}", file=sys.stderr)
    return workers


def cmd_run(args) -> int:
    scenario = load_scenario(args.scenario)
    setting = resolve_setting(scenario, args.setting, args.overrides)
    workers = _check_size(scenario, [setting], args)
    progress = _progress_printer(not args.json, args.setting)
    log = None
    if args.events:
        try:
            log = CsvEventLog(args.events, scenario.clock.hours_per_day * 60)
        except OSError as err:
            raise UserError(f"cannot write event log {args.events}: {err.strerror}") from None
    about = About(args.scenario, args.setting, args.overrides)
    try:
        result = run_replications(scenario, setting, args.citizens, args.replications, args.seed,
                                  event_log=log, progress=progress, about=about, warmup_days=args.warmup_days,
                                  workers=workers)
    finally:
        if log is not None:
            log.close()
    print_run(scenario.name.en, about, args.citizens, args.replications, args.seed,
              warmup_of(scenario, args.warmup_days), result, args.json, args.by)
    if log is not None and not args.json:
        print(f"event log: {log.rows} events written to {args.events}")
    return 0


def _figures(fig: Figures, by: str | None = None) -> dict:
    """The part of the JSON contract every setting has (and, with ``by``, the metrics per group)."""
    out = {"metrics": fig.metrics, "utilisation": fig.utilisation, "overloaded": fig.overloaded,
           "first_contact_resolution_by_desk": fig.by_desk}
    if by:
        out["by"] = {by: fig.by(by)}
    return out


def _groups(figures: dict[str, Figures], by: str | None) -> None:
    """Per profile (or case), the figures that say whom a way of working serves and whom it fails."""
    if not by:
        return
    names = list(figures)
    groups = list(next(iter(figures.values())).by(by))
    print(f"\nper {by}: mean [95% CI] (citizens per replication)")
    counts = {g: sum(rep["_by"][by][g]["_citizens"] for rep in next(iter(figures.values())).per_replication)
              / len(next(iter(figures.values())).per_replication) for g in groups}
    width = max(len(g) for g in groups) + 12
    cols = [max(len(n), 22) for n in names]
    for metric in BY_METRICS:
        print(f"{metric:<{width}}" + "  ".join(f"{n:<{w}}" for n, w in zip(names, cols)))
        for g in groups:
            label = f"  {g} ({counts[g]:.1f})"
            print(f"{label:<{width}}" + "  ".join(f"{_cell(figures[n].by(by)[g][metric]):<{w}}"
                                                 for n, w in zip(names, cols)))


def print_run(title: str, about: About, citizens: int, replications: int, seed: int, warmup: float,
              fig: Figures, as_json: bool, by: str | None = None) -> None:
    """What `run` prints, and `metrics` prints for a stored log: the same, so they can be compared."""
    if as_json:
        print(json.dumps({"scenario": about.scenario, "setting": about.setting, "overrides": about.overrides,
                          "citizens": citizens, "replications": replications, "seed": seed,
                          "warmup_days": warmup, **_figures(fig, by)}, indent=2))
        return
    print(f"{title} — setting '{about.setting}'"
          + (f" with {', '.join(about.overrides)}" if about.overrides else "")
          + f"; {citizens} citizens x {replications} replications, seed {seed}")
    print(_measured(citizens, warmup))
    for line in _overload_warnings({about.setting: fig}):
        print(line)
    print("mean [95% CI]")
    width = max(len(n) for n in METRICS)
    for name in METRICS:
        print(f"  {name:<{width}}  {_cell(fig.metrics[name])}")
    _desks({about.setting: fig})
    _groups({about.setting: fig}, by)


def _measured(citizens: int, warmup: float) -> str:
    if warmup <= 0:
        return f"measured: {citizens} citizens per replication, from the first arrival (no warm-up)"
    return (f"measured: the {citizens} citizens per replication who arrive after a warm-up of {warmup:g} "
            "working days, when the desks carry their steady load")


def _overload_warnings(figures: dict[str, Figures]) -> list[str]:
    """Plain words, printed before any average: an overloaded desk makes the averages meaningless."""
    lines = []
    for name, fig in figures.items():
        for role in fig.overloaded:
            lines.append(f"OVERLOADED under '{name}': {role} gets more work than its staff can do (offered "
                         f"load {fig.offered[role]:.2f} of its capacity). Its queue grows for as long as the "
                         "run lasts, so the averages below depend on the run's length; add staff there or "
                         "lower the inflow.")
    return lines


def _desks(figures: dict[str, Figures]) -> None:
    """Utilisation per role and first-contact resolution per entry desk, after the averages."""
    names = list(figures)
    roles = list(next(iter(figures.values())).utilisation)
    if roles:
        print("\nutilisation (share of staff time serving; * = overloaded)")
        width, cols = max(len(r) for r in roles), [max(len(n), 4) for n in names]
        print(" " * width + "".join(f"  {n:>{w}} " for n, w in zip(names, cols)))
        for role in roles:
            print(f"{role:<{width}}" + "".join(
                f"  {figures[n].utilisation[role]:>{w}.2f}" + ("*" if role in figures[n].overloaded else " ")
                for n, w in zip(names, cols)))
    desks = list(next(iter(figures.values())).by_desk)
    if desks:
        print("\nfirst-contact resolution per entry desk: mean [95% CI] (first contacts per replication)")
        width = max(len(d) for d in desks)
        for desk in desks:
            cells = [f"{_cell(figures[n].by_desk[desk])} ({figures[n].by_desk[desk]['first_contacts']:.1f})"
                     for n in names]
            print(f"{desk:<{width}}  " + "  ".join(cells))


def cmd_compare(args) -> int:
    scenario = load_scenario(args.scenario)
    names = [n.strip() for n in args.settings.split(",") if n.strip()]
    if not names:
        raise UserError("--settings needs at least one preset name")
    settings = {n: resolve_setting(scenario, n, args.overrides) for n in names}
    workers = _check_size(scenario, list(settings.values()), args)
    results = compare(scenario, settings, args.citizens, args.replications, args.seed,
                      progress=_progress_printer(not args.json, "compare"), warmup_days=args.warmup_days,
                      workers=workers)
    diffs = differences(results)
    warmup = warmup_of(scenario, args.warmup_days)
    if args.json:
        out = {n: _figures(r, args.by) for n, r in results.items()}
        for n, d in diffs.items():
            out[n]["difference"] = {"to": names[0], "metrics": d}
        print(json.dumps({"scenario": args.scenario, "citizens": args.citizens,
                          "replications": args.replications, "seed": args.seed, "warmup_days": warmup,
                          "overrides": args.overrides, "results": out}, indent=2))
        return 0
    print(f"{scenario.name.en}: {args.citizens} citizens x {args.replications} replications, "
          f"seed {args.seed}; mean [95% CI]")
    print(_measured(args.citizens, warmup))
    for line in _overload_warnings(results):
        print(line)
    _table({n: r.metrics for n, r in results.items()}, _cell)
    if diffs:
        print(f"\npaired difference to {names[0]}: replication i of every setting sees the same arrivals, "
              "cases and profiles; mean [95% CI] of the per-replication differences; * = the interval "
              "excludes 0")
        _table({f"{n} - {names[0]}": d for n, d in diffs.items()}, _difference)
    _desks(results)
    _groups(results, args.by)
    return 0


def _difference(m: dict) -> str:
    lo, hi = m["ci95"]
    real = lo is not None and (lo > 0 or hi < 0)
    return _cell(m) + (" *" if real else "")


def _table(tables: dict[str, dict], cell) -> None:
    width = max(len(n) for n in METRICS)
    cols = [max(len(n), *(len(cell(t[m])) for m in METRICS)) for n, t in tables.items()]
    print(" " * (width + 2) + "  ".join(f"{n:<{w}}" for n, w in zip(tables, cols)))
    for m in METRICS:
        print(f"{m:<{width}}  " + "  ".join(f"{cell(t[m]):<{w}}" for t, w in zip(tables.values(), cols)))


def cmd_metrics(args) -> int:
    try:
        stored = fold_log(args.events, args.scenario)
    except EventLogError as err:
        raise UserError(str(err)) from None
    print_run(stored.title, stored.about, stored.citizens, stored.replications, stored.seed, stored.warmup,
              stored, args.json, args.by)
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
    chain = Chain.of(sc)
    for n in sc.needs:
        by = sorted(chain.resolvers[n.id])
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


def cmd_workshop(args) -> int:
    from workshop.cli import WorkshopError, run
    from workshop.service import Refused
    try:
        return run(args)
    except (WorkshopError, Refused) as err:
        raise UserError(str(err)) from None


COMMANDS = {"run": cmd_run, "compare": cmd_compare, "validate": cmd_validate, "show": cmd_show,
            "metrics": cmd_metrics, "workshop": cmd_workshop}


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
    except RunawayCitizen as err:
        print(f"kastje: {err.render(_lang(args))}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("kastje: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
