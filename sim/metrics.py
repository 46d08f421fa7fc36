"""Metrics exactly as DESIGN §2 "Counting" defines them.

Per citizen the model writes one row into a :class:`CitizenLedger` (compact arrays, so
100k citizens cost a few MB); per replication :func:`summarize` turns the ledger into one
value per metric; over replications :func:`aggregate` gives the mean and a 95%
confidence interval (Student t, replications are independent).
"""

from __future__ import annotations

import math
from array import array

import numpy as np
from scipy import stats

# Per-citizen numeric columns, in ledger order.
COLUMNS = ("arrival_day", "handoffs", "retellings", "tellings", "contacts", "failure_contacts",
           "wrong_referrals", "ping_pong", "distinct_roles", "lead_time_days", "wait_minutes",
           "staff_minutes", "harm_eur", "exceptions", "legal_term_breaches", "hidden_needs_found",
           "needs", "needs_resolved", "consents", "first_contact_resolved")
OUTCOMES = ("resolved", "partly", "gave_up", "open")

# Metrics reported per replication; all "per citizen" unless the description says otherwise.
METRICS = {
    "handoffs": "hand-offs per citizen (responsibility for a need moved to another role)",
    "retellings": "retellings per citizen (tellings - 1)",
    "tellings": "tellings per citizen (story told to a role that did not have it)",
    "contacts": "contacts (service encounters) per citizen",
    "wrong_referrals": "hand-offs to a role that cannot resolve the need, per citizen",
    "ping_pong": "hand-offs back to a role already visited for the same need, per citizen",
    "distinct_roles": "distinct roles a citizen had contact with",
    "failure_demand_share": "share of all contacts caused by an earlier failure",
    "lead_time_days": "working days from arrival to all needs resolved (resolved citizens)",
    "resolved_rate": "share of citizens with every need resolved",
    "partly_rate": "share still in progress at the horizon with some need resolved",
    "gave_up_rate": "share of citizens who gave up",
    "open_rate": "share still in progress at the horizon with no need resolved",
    "first_contact_resolution": "share whose presenting need was resolved at the first contact",
    "wait_minutes": "minutes queued per citizen",
    "staff_minutes": "service minutes spent per citizen",
    "harm_eur": "harm (EUR) accrued per citizen while needs were open",
    "exceptions": "exceptions made per citizen (a block lifted by discretion)",
    "legal_term_breaches": "needs decided after their legal term, per citizen",
    "hidden_needs_found": "hidden needs found by an intake (before a crisis), per citizen",
}


class CitizenLedger:
    """One row per citizen who has left the model (or was still in it at the end)."""

    def __init__(self, cases: list[str], profiles: list[str]):
        self.cases, self.profiles = cases, profiles
        self.columns = {name: array("d") for name in COLUMNS}
        self.case = array("H")
        self.profile = array("H")
        self.outcome = array("B")
        self.ids = array("q")

    def add(self, citizen_id: int, case: str, profile: str, outcome: str, values: dict) -> None:
        self.ids.append(citizen_id)
        self.case.append(self.cases.index(case))
        self.profile.append(self.profiles.index(profile))
        self.outcome.append(OUTCOMES.index(outcome))
        for name, col in self.columns.items():
            col.append(values[name])

    def __len__(self) -> int:
        return len(self.ids)

    def column(self, name: str) -> np.ndarray:
        return np.frombuffer(self.columns[name], dtype=float) if len(self) else np.zeros(0)

    def outcomes(self) -> np.ndarray:
        return np.frombuffer(self.outcome, dtype=np.uint8) if len(self) else np.zeros(0, np.uint8)

    def rows(self) -> list[dict]:
        """Per-citizen rows as dicts (for tables, CSV and the app)."""
        out = []
        for i in range(len(self)):
            row = {"citizen": self.ids[i], "case": self.cases[self.case[i]],
                   "profile": self.profiles[self.profile[i]], "outcome": OUTCOMES[self.outcome[i]]}
            row.update({name: self.columns[name][i] for name in COLUMNS})
            out.append(row)
        return out


def _mean(values: np.ndarray) -> float:
    return float(values.mean()) if values.size else math.nan


def summarize(ledger: CitizenLedger) -> dict[str, float]:
    """One value per metric for one replication."""
    col, outcome = ledger.column, ledger.outcomes()
    out = {name: _mean(col(name)) for name in METRICS if name in ledger.columns}
    contacts = col("contacts").sum()
    out["failure_demand_share"] = float(col("failure_contacts").sum() / contacts) if contacts else math.nan
    resolved = outcome == OUTCOMES.index("resolved")
    out["lead_time_days"] = _mean(col("lead_time_days")[resolved])
    for i, name in enumerate(OUTCOMES):
        out[f"{name}_rate"] = _mean((outcome == i).astype(float))
    out["first_contact_resolution"] = _mean(col("first_contact_resolved"))
    return {name: out[name] for name in METRICS}


def confidence_interval(values: list[float], level: float = 0.95) -> tuple[float, list[float | None]]:
    """Mean and Student-t interval; an interval needs two or more finite values."""
    arr = np.array([v for v in values if not math.isnan(v)], dtype=float)
    if arr.size == 0:
        return math.nan, [None, None]
    mean = float(arr.mean())
    if arr.size < 2:
        return mean, [None, None]
    half = float(stats.t.ppf((1 + level) / 2, arr.size - 1) * arr.std(ddof=1) / math.sqrt(arr.size))
    return mean, [mean - half, mean + half]


def aggregate(per_replication: list[dict[str, float]]) -> dict[str, dict]:
    """{metric: {"mean": x, "ci95": [lo, hi]}} over replications."""
    out = {}
    for name in METRICS:
        mean, ci = confidence_interval([rep[name] for rep in per_replication])
        out[name] = {"mean": None if math.isnan(mean) else mean, "ci95": ci}
    return out
