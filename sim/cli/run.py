"""What the ``kastje`` commands do (sim.cli.main parses and dispatches): run, compare, metrics,
validate, show and the workshop's commands, and how their results are printed."""

from __future__ import annotations

import json
import math
import sys
import time

from sim.counting.metrics import METRICS
from sim.errors import UserError
from sim.events.log import CsvEventLog, EventLogError
from sim.experiments.budget import check
from sim.experiments.business import YEAR, difference_per_year, per_year
from sim.experiments.figures import Figures
from sim.experiments.pool import default_workers, use_cluster
from sim.experiments.replications import About, compare, differences, run_replications, warmup_of
from sim.experiments.stored import fold_log
from sim.scenario.loader import load_scenario
from sim.scenario.presets import resolve_setting

# the figures a breakdown per profile or case shows: who is helped, who gives up, at what cost
BY_METRICS = ("resolved_rate", "gave_up_rate", "retellings", "handoffs", "lead_time_days", "staff_minutes",
              "failure_demand_share", "self_service_attempts", "self_service_success")


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
    """Refuse, up front and before simulating anything, a run over the time or memory budget
    (sim.experiments.budget); say the estimate of a big one."""
    workers = args.workers or default_workers()
    guess = check(scenario, settings, args.citizens, args.replications, args.warmup_days, workers,
                  getattr(args, "max_minutes", None), getattr(args, "max_memory", None), args.yes)
    if guess.piloted:           # a long run is never silent, under --json too (stderr: the JSON stays clean)
        print(f"kastje: {guess.describe()}", file=sys.stderr)
    return workers


def cmd_run(args) -> int:
    use_cluster(args.dask)
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
    print_run(str(scenario.name), about, args.citizens, args.replications, args.seed,
              warmup_of(scenario, args.warmup_days), result, args.json, args.by, scenario)
    if log is not None and not args.json:
        print(f"event log: {log.rows} events written to {args.events}")
    return 0


def _figures(fig: Figures, by: str | None = None, scenario=None) -> dict:
    """The part of the JSON contract every setting has (and, with ``by``, the metrics per group;
    with the scenario, the business case per year)."""
    out = {"metrics": fig.metrics, "utilisation": fig.utilisation, "overloaded": fig.overloaded,
           "offered_load": fig.offered, "abandoned_share": fig.abandoned,
           "first_contact_resolution_by_desk": fig.by_desk}
    if by:
        out["by"] = {by: fig.by(by)}
    if scenario is not None:
        out["business_case"] = per_year(fig, scenario)
    return out


def _big(m: dict, difference: bool) -> str:
    """Euros and hours of a year read as whole numbers with thousands separators."""
    def fmt(x):
        return "-" if x is None else (f"{x:,.0f}" if abs(x) >= 100 else f"{x:.2f}")
    lo, hi = m["ci95"]
    text = fmt(m["mean"]) + (f" [{fmt(lo)}, {fmt(hi)}]" if lo is not None else "")
    real = difference and lo is not None and (lo > 0 or hi < 0)
    return text + (" *" if real else "")


def _business(figures: dict[str, Figures], scenario) -> None:
    """A year of each way of working, in euros and FTE, and the paired difference to the first."""
    names = list(figures)
    years = {n: per_year(f, scenario) for n, f in figures.items()}
    c = scenario.costs
    print(f"\nbusiness case per year: {scenario.yearly_inflow:,.0f} citizens a year, staff at "
          f"{c.hourly_cost_eur:g} EUR an hour (or the role's own), an FTE works {c.fte_hours:g} productive hours; "
          "mean [95% CI]")
    rows = {key: figure.about for key, figure in YEAR.items()}
    tables = {n: {label: y[key] for key, label in rows.items()} | {"FTE": y["fte"]["total"]} for n, y in years.items()}
    if len(names) > 1:
        base = figures[names[0]]
        for n in names[1:]:
            d = difference_per_year(base, figures[n], scenario)
            tables[f"{n} - {names[0]}"] = {label: d[key] for key, label in rows.items()} | {"FTE": d["fte_total"]}
    width = max(len(label) for label in [*rows.values(), "FTE"])
    cols = [max(len(n), 30) for n in tables]
    print(" " * (width + 2) + "  ".join(f"{n:<{w}}" for n, w in zip(tables, cols)))
    for label in [*rows.values(), "FTE"]:
        cells = [_big(tables[n][label], " - " in n) for n in tables]
        print(f"{label:<{width}}  " + "  ".join(f"{cell:<{w}}" for cell, w in zip(cells, cols)))
    print("harm: what citizens miss while a need is open (harm_per_week_eur per need), from arrival until "
          "it is resolved or the follow-up ends; compare it only between runs with the same horizon")


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
              fig: Figures, as_json: bool, by: str | None = None, scenario=None) -> None:
    """What `run` prints, and `metrics` prints for a stored log: the same, so they can be compared."""
    if as_json:
        print(json.dumps({"scenario": about.scenario, "setting": about.setting, "overrides": about.overrides,
                          "citizens": citizens, "replications": replications, "seed": seed,
                          "warmup_days": warmup, **_figures(fig, by, scenario)}, indent=2))
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
    if scenario is not None:
        _business({about.setting: fig}, scenario)
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
                         f"load {fig.offered[role]:.2f} of its capacity). Citizens queue there until they run out "
                         "of patience, so the averages below that pass it are set by their patience, not by the "
                         f"way of working; add staff there or lower the inflow. {100 * fig.abandoned.get(role, 0.0):.0f}% of those who queued there "
                         "left the queue before being served.")
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
    use_cluster(args.dask)
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
        out = {n: _figures(r, args.by, scenario) for n, r in results.items()}
        for n, d in diffs.items():
            out[n]["difference"] = {"to": names[0], "metrics": d,
                                    "business_case": difference_per_year(results[names[0]], results[n], scenario)}
        print(json.dumps({"scenario": args.scenario, "citizens": args.citizens,
                          "replications": args.replications, "seed": args.seed, "warmup_days": warmup,
                          "overrides": args.overrides, "results": out}, indent=2))
        return 0
    print(f"{scenario.name}: {args.citizens} citizens x {args.replications} replications, "
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
    _business(results, scenario)
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
              stored, args.json, args.by, stored.scenario)
    return 0


def cmd_workshop(args) -> int:
    from sim.cli.workshop import WorkshopError, run
    from workshop.service import Refused
    try:
        return run(args)
    except (WorkshopError, Refused) as err:
        raise UserError(str(err)) from None
