"""Files a user can take away: metrics and event log as CSV (no Streamlit here)."""

from __future__ import annotations

import csv
import io

from sim.analysis import AppRun
from sim.events import COLUMNS
from sim.metrics import METRICS


def metrics_csv(runs: dict[str, AppRun]) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(["setting", "metric", "mean", "ci95_low", "ci95_high", "citizens", "replications", "seed"])
    for label, run in runs.items():
        for name in METRICS:
            m = run.metrics[name]
            writer.writerow([label, name, m["mean"], *m["ci95"], run.citizens, run.replications, run.seed])
    return buf.getvalue().encode("utf-8")


def events_csv(runs: dict[str, AppRun]) -> bytes:
    """The first replication's event log of each setting, one file."""
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(("setting",) + COLUMNS)
    for label, run in runs.items():
        writer.writerows((label,) + tuple(row) for row in run.events)
    return buf.getvalue().encode("utf-8")
