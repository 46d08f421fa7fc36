"""``kastje sweep`` and ``kastje sensitivity``: the grid and the tornado, on all cores or a cluster.

Both write what they find to a folder (``--out``, default ``results/``): a tidy table (CSV and
Parquet) and charts (PNG); both print a progress bar with an ETA on stderr.
"""

from __future__ import annotations

import csv
import sys
import time
from pathlib import Path

from sim import language
from sim.errors import UserError
from sim.scenario.loader import load_scenario
from sim.scenario.presets import resolve_setting

CHART_METRICS = ("handoffs", "retellings", "gave_up_rate", "lead_time_days", "cost_eur")


class Bar:
    """A progress bar with an estimate of the time left, on stderr (redrawn in place on a
    terminal, a line every few seconds otherwise)."""

    def __init__(self, label: str, enabled: bool = True):
        self.label, self.enabled = label, enabled
        self.start, self.last = time.monotonic(), 0.0
        self.tty = sys.stderr.isatty()

    def __call__(self, done: float, total: int, skipped: int = 0) -> None:
        if not self.enabled or total <= 0:
            return
        now = time.monotonic()
        if not self.tty and now - self.last < 3 and done < total:
            return
        self.last = now
        fresh = done - skipped
        left = (now - self.start) / fresh * (total - done) if fresh > 0 else None
        eta = "?" if left is None else (f"{left / 60:.0f} min" if left >= 90 else f"{left:.0f} s")
        filled = int(30 * done / total)
        line = f"  {self.label} [{'#' * filled}{'.' * (30 - filled)}] {done:g}/{total} ({100 * done / total:.0f}%), ETA {eta}"
        print(("\r" if self.tty else "") + line, end="" if self.tty and done < total else "\n", file=sys.stderr,
              flush=True)


def _out_dir(args, kind: str) -> Path:
    out = Path(args.out) if args.out else Path("results") / f"{kind}-{Path(args.scenario).stem}-{args.setting}"
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise UserError(f"cannot write to {out}: {err.strerror}") from None
    return out


def _write_table(rows: list[dict], out: Path, name: str) -> list[Path]:
    """CSV always; Parquet too (pandas with pyarrow, which Streamlit brings)."""
    paths = [out / f"{name}.csv"]
    with open(paths[0], "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    import pandas as pd
    frame = pd.DataFrame(rows)
    for column in frame.columns:            # mixed value types (a lever's name, a number) as text
        if frame[column].map(type).nunique() > 1:
            frame[column] = frame[column].astype(str)
    paths.append(out / f"{name}.parquet")
    frame.to_parquet(paths[1], index=False)
    return paths


def _save(fig, path: Path) -> Path:
    import matplotlib.pyplot as plt
    fig.savefig(path, dpi=120, bbox_inches="tight")
    plt.close(fig)
    return path


def cmd_sweep(args) -> int:
    from sim.experiments.pool import use_cluster
    from sim.experiments.sweep import Sweep, parse_axis
    scenario = load_scenario(args.scenario)
    setting = resolve_setting(scenario, args.setting, args.overrides)
    if not args.vary:
        raise UserError("kastje sweep needs at least one --vary NAME=VALUES")
    axes = [parse_axis(spec, scenario, setting) for spec in args.vary]
    names = [a.name for a in axes]
    if len(set(names)) != len(names):
        raise UserError(f"--vary names an axis twice: {', '.join(names)}")
    out = _out_dir(args, "sweep")
    sweep = Sweep(scenario, setting, axes, args.citizens, args.replications, args.seed, args.warmup_days, out)
    use_cluster(args.dask)
    points = sweep.points()
    bar = Bar(f"sweep of {len(points)} point(s) x {args.replications} replications", not args.quiet)
    results = sweep.run(args.workers, bar)
    rows = sweep.table(results)
    written = _write_table(rows, out, "sweep")
    written += _sweep_charts(rows, names, out)
    print(f"sweep: {len(points)} point(s), {args.replications} replications each, seed {args.seed}; "
          f"written: {', '.join(str(p) for p in written)}")
    return 0


def _sweep_charts(rows: list[dict], names: list[str], out: Path) -> list[Path]:
    from report import charts
    if len(names) == 1:
        return [_save(charts.sweep_line(rows, names[0], m, language.SOURCE), out / f"sweep-{m}.png") for m in CHART_METRICS]
    if len(names) == 2:
        return [_save(charts.heatmap(rows, names[0], names[1], m, language.SOURCE), out / f"heatmap-{m}.png")
                for m in CHART_METRICS]
    print("sweep: no chart for more than two axes; the table has every point", file=sys.stderr)
    return []


def cmd_sensitivity(args) -> int:
    from sim.experiments.pool import use_cluster
    from sim.experiments.sensitivity import EFFECTS, sensitivity, steps
    scenario = load_scenario(args.scenario)
    setting = resolve_setting(scenario, args.setting, args.overrides)
    out = _out_dir(args, "sensitivity")
    use_cluster(args.dask)
    count = len(steps(scenario, setting, not args.no_staff)) + 1
    bar = Bar(f"sensitivity: {count} runs x {args.replications} replications", not args.quiet)
    rows = sensitivity(scenario, setting, args.citizens, args.replications, args.seed, not args.no_staff,
                       args.warmup_days, args.workers, bar)
    table = [{"step": r["step"].label, "name": r["step"].name, "before": r["step"].before, "after": r["step"].after,
              "metric": m, "difference": r[m]["mean"], "ci95_low": r[m]["ci95"][0], "ci95_high": r[m]["ci95"][1],
              "scale": r["step"].scale, "measured_difference": r["measured"][m]["mean"],
              "staffing_eur_per_year": r["staffing_eur_per_year"]}
             for r in rows for m in EFFECTS]
    written = _write_table(table, out, "sensitivity")
    from report import charts
    written += [_save(charts.tornado(rows, m, language.SOURCE, scenario), out / f"tornado-{m}.png")
                for m in EFFECTS]
    print(f"sensitivity of '{args.setting}': each lever a quarter of its range (a choice to its neighbouring "
          "value, a desk's staff by a quarter), the paired difference per quarter of the range [95% CI] "
          f"({args.citizens} citizens x {args.replications} replications, seed {args.seed}); * = the interval "
          "excludes 0; largest effect on gave_up_rate first")
    width = max(len(r["step"].label) for r in rows)
    print(" " * (width + 2) + "".join(f"{m:<28}" for m in EFFECTS))
    for r in rows:
        cells = []
        for m in EFFECTS:
            lo, hi = r[m]["ci95"]
            real = lo is not None and (lo > 0 or hi < 0)
            cells.append(f"{_num(r[m]['mean'])} [{_num(lo)}, {_num(hi)}]{' *' if real else ''}")
        print(f"{r['step'].label:<{width}}  " + "".join(f"{c:<28}" for c in cells))
    staffed = [r for r in rows if r["staffing_eur_per_year"] is not None]
    if staffed:
        first = staffed[0]
        print(f"cost_eur counts the minutes worked; a person on a desk costs a year of hours, busy or waiting "
              f"({scenario.clock.hours_per_day:g} h a day x {scenario.costs.working_days_per_year:g} days x the "
              f"role's hourly cost; e.g. {first['step'].label}: {_num(first['staffing_eur_per_year'])} EUR a year; "
              "column staffing_eur_per_year)")
    print(f"written: {', '.join(str(p) for p in written)}")
    return 0


def _num(x) -> str:
    if x is None:
        return "-"
    return f"{x:.3f}" if abs(x) < 10 else f"{x:,.0f}"
