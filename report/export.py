"""Files a user can take away: metrics and event log as CSV (no Streamlit here)."""

from __future__ import annotations

import csv
import io

from sim.counting.metrics import METRICS
from sim.events.log import COLUMNS, row_of
from sim.experiments.app_runs import AppRun


def metrics_csv(runs: dict[str, AppRun]) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(["setting", "metric", "mean", "ci95_low", "ci95_high", "citizens", "replications", "seed"])
    for label, run in runs.items():
        for name in METRICS:
            m = run.metrics[name]
            writer.writerow([label, name, m["mean"], *m["ci95"], run.citizens, run.replications, run.seed])
    return buf.getvalue().encode("utf-8")


def events_csv(runs: dict[str, AppRun], minutes_per_day: float) -> bytes:
    """The first replication's events of each setting, one file: the columns of
    `kastje run --events` after a ``label`` column (the setting as the app names it)."""
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(("label",) + COLUMNS)
    for label, run in runs.items():
        writer.writerows([label] + row_of(0, e, minutes_per_day) for e in run.events)
    return buf.getvalue().encode("utf-8")


def round_csv(tables: dict, number: int, minutes_per_day: float) -> bytes:
    """Every event of a played round, one row each: the columns of `kastje run --events` after
    ``round`` and ``table``."""
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(("round", "table") + COLUMNS)
    for name, table in tables.items():
        writer.writerows([number, name] + row_of(0, e, minutes_per_day) for e in table.log.events)
    return buf.getvalue().encode("utf-8")
