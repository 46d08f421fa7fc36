"""Metrics per replication and over replications, from the ledger the counting fills.

Per citizen, sim.counting folds the events into one row of a :class:`CitizenLedger` (one
flat array of doubles, so a million citizens cost 160 MB and a row costs one append); per
replication :func:`summarize` turns the ledger into one value per metric; over replications
:func:`aggregate` gives the mean and a 95% confidence interval — Student t over the
replications (they are independent), cut at 0 because no metric can be negative, and for
shares a Wilson interval, which stays within [0, 1] — and :func:`paired` the difference between two settings run on the same citizens,
with the interval of the per-replication differences.
"""

from __future__ import annotations

import math
import struct

import numpy as np
from scipy.special import stdtrit   # the t quantile, without importing all of scipy.stats

from sim.counting import COLUMNS, OUTCOMES, ROLE_MINUTES

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
    "lead_time_days": "working days from arrival to all needs resolved, over all citizens: who is not done "
                      "at the end of the follow-up counts as the whole follow-up (a restricted mean)",
    "lead_time_median_days": "median of the same (the follow-up when more than half are not done)",
    "lead_time_resolved_days": "mean lead time of the citizens with every need resolved only",
    "resolved_rate": "share of citizens with every need resolved",
    "partly_rate": "share still in progress at the horizon with some need resolved",
    "gave_up_rate": "share of citizens who gave up",
    "open_rate": "share still in progress at the horizon with no need resolved",
    "first_contact_resolution": "at the entry desks: share of first contacts that resolved the question "
                                "the citizen came with, with no further contact about it",
    "wait_minutes": "minutes queued per citizen",
    "staff_minutes": "service minutes spent per citizen",
    "harm_eur": "harm (EUR) accrued per citizen while needs were open",
    "exceptions": "exceptions made per citizen (a block lifted by discretion)",
    "exceptions_overturned": "exceptions overturned on review per citizen (the need reopened)",
    "legal_term_breaches": "needs decided after their legal term, per citizen",
    "hidden_needs_found": "hidden needs found by an intake (before a crisis), per citizen",
    "self_service_attempts": "attempts to settle a need online (portal, form) per citizen; not contacts",
    "self_service_success": "share of self-service attempts that succeeded (the others went on to a staffed channel)",
    "callbacks_lost": "call-back requests never answered, per citizen (they had to call again)",
    "proactive_contacts": "contacts the municipality made before a predictable need became urgent, per citizen",
    "crises_prevented": "needs the citizen had not mentioned that outreach took up before they became a crisis, "
                        "per citizen",
    "cost_eur": "staff time at each role's hourly cost, plus the cost per channel contact, per citizen (EUR)",
    "failure_cost_eur": "the staff cost of failure-demand contacts, per citizen (EUR)",
    "case_manager_cost_eur": "the case manager's staff cost (contacts and coordination), per citizen (EUR)",
}
COLUMN_OF = {"self_service_attempts": "self_service", "callbacks_lost": "callbacks_lost",
             "proactive_contacts": "outreach", "crises_prevented": "crises_prevented"}
GROUPS = ("profile", "case")           # results can be broken down by either


class CitizenLedger:
    """One row per citizen who has left the model (or was still in it at the end).

    A row is what :meth:`sim.counting.Counting.fold` returns: citizen number, case index,
    profile index, outcome index, then the values of COLUMNS; all rows live in one array.
    """

    LEAD = 4   # citizen, case, profile, outcome

    def __init__(self, cases: list[str], profiles: list[str], roles: tuple[str, ...] = (),
                 entry: tuple[str, ...] = (), horizon_days: float = math.nan):
        self.cases, self.profiles, self.roles = cases, profiles, roles
        self.entry = [i for i, r in enumerate(roles) if r in entry]
        self.horizon_days = horizon_days
        self.width = self.LEAD + len(COLUMNS) + len(roles)      # + staff minutes per role
        self.data = bytearray()
        self._pack = struct.Struct(f"{self.width}d").pack   # one C call per row, 4x faster than array.extend

    @classmethod
    def for_scenario(cls, scenario, chain) -> "CitizenLedger":
        return cls([c.id for c in scenario.cases], [p.id for p in scenario.profiles], chain.roles, chain.entry,
                   scenario.horizon_days)

    def add(self, row: tuple) -> None:
        self.data += self._pack(*row)

    def __len__(self) -> int:
        return len(self.data) // (8 * self.width)

    def _table(self) -> np.ndarray:
        """A copy, so that the ledger can still grow while the table is in use."""
        return np.frombuffer(self.data, dtype=float).reshape(-1, self.width).copy()

    def column(self, name: str) -> np.ndarray:
        return self._table()[:, self.LEAD + COLUMNS.index(name)] if len(self) else np.zeros(0)

    def outcomes(self) -> np.ndarray:
        return self._table()[:, 3].astype(np.uint8) if len(self) else np.zeros(0, np.uint8)

    @property
    def ids(self) -> list[int]:
        return [int(x) for x in self._table()[:, 0]] if len(self) else []

    def rows(self) -> list[dict]:
        """Per-citizen rows as dicts (for tables, CSV and the app)."""
        out = []
        for row in self._table().tolist() if len(self) else []:
            out.append({"citizen": int(row[0]), "case": self.cases[int(row[1])],
                        "profile": self.profiles[int(row[2])], "outcome": OUTCOMES[int(row[3])],
                        **dict(zip(COLUMNS, row[self.LEAD:])),
                        **{ROLE_MINUTES + r: m for r, m in zip(self.roles, row[self.LEAD + len(COLUMNS):])}})
        return out


def _mean(values: np.ndarray) -> float:
    return float(values.mean()) if values.size else math.nan


RATES = ("failure_demand_share", "resolved_rate", "partly_rate", "gave_up_rate", "open_rate",
         "first_contact_resolution", "self_service_success")
# per replication: the number each share is a share of (for its interval)
BASES = {"failure_demand_share": "_contacts", "first_contact_resolution": "_entry_first",
         "self_service_success": "_self_service"}


def summarize(ledger: CitizenLedger, groups: bool = True) -> dict:
    """One value per metric for one replication (and the counts the shares are taken of), and
    (``groups``) the same per citizen profile and per case under ``_by``."""
    table = ledger._table() if len(ledger) else np.zeros((0, ledger.width))
    out = _summary(table, ledger)
    col = lambda name: table[:, ledger.LEAD + COLUMNS.index(name)]  # noqa: E731
    first_desk, fcr = col("first_desk").astype(int), col("first_contact_resolved")
    out["_fcr_by_desk"] = {ledger.roles[i]: (float(fcr[first_desk == i].sum()), float((first_desk == i).sum()))
                           for i in ledger.entry}
    first = ledger.LEAD + len(COLUMNS)
    out["_role_minutes"] = {r: _mean(table[:, first + i]) for i, r in enumerate(ledger.roles)}
    if groups:
        out["_by"] = {"profile": {p: _summary(table[table[:, 2] == i], ledger) for i, p in enumerate(ledger.profiles)},
                      "case": {c: _summary(table[table[:, 1] == i], ledger) for i, c in enumerate(ledger.cases)}}
    return out


def _summary(table: np.ndarray, ledger: CitizenLedger) -> dict[str, float]:
    """The metrics of the citizens in ``table`` (rows of the ledger)."""
    col = lambda name: table[:, ledger.LEAD + COLUMNS.index(name)]  # noqa: E731
    outcome = table[:, 3].astype(np.uint8)
    out = {name: _mean(col(name)) for name in METRICS if name in COLUMNS}
    out.update({name: _mean(col(column)) for name, column in COLUMN_OF.items()})
    contacts = col("contacts").sum()
    out["failure_demand_share"] = float(col("failure_contacts").sum() / contacts) if contacts else math.nan
    attempts = col("self_service").sum()
    out["self_service_success"] = float(col("self_service_ok").sum() / attempts) if attempts else math.nan
    resolved = outcome == OUTCOMES.index("resolved")
    lead = col("lead_time_days")
    capped = np.where(resolved, lead, ledger.horizon_days)       # not done: the whole follow-up
    out["lead_time_days"] = _mean(capped)
    out["lead_time_median_days"] = float(np.median(capped)) if capped.size else math.nan
    out["lead_time_resolved_days"] = _mean(lead[resolved])
    for i, name in enumerate(OUTCOMES):
        out[f"{name}_rate"] = _mean((outcome == i).astype(float))
    at_entry = np.isin(col("first_desk").astype(int), ledger.entry)
    out["first_contact_resolution"] = _mean(col("first_contact_resolved")[at_entry])
    out = {name: out[name] for name in METRICS}
    out["_citizens"], out["_contacts"], out["_entry_first"] = float(len(table)), float(contacts), float(at_entry.sum())
    out["_self_service"] = float(attempts)
    return out


def confidence_interval(values: list[float], level: float = 0.95) -> tuple[float, list[float | None]]:
    """Mean and Student-t interval; an interval needs two or more finite values."""
    arr = np.array([v for v in values if not math.isnan(v)], dtype=float)
    if arr.size == 0:
        return math.nan, [None, None]
    mean = float(arr.mean())
    if arr.size < 2:
        return mean, [None, None]
    half = float(stdtrit(arr.size - 1, (1 + level) / 2) * arr.std(ddof=1) / math.sqrt(arr.size))
    return mean, [mean - half, mean + half]


def share_interval(rates: list[float], counts: list[float], level: float = 0.95) -> tuple[float, list[float | None]]:
    """A share over replications with a Wilson score interval, which stays within [0, 1].

    The share is pooled over all replications; the interval's sample size is the effective
    one — the binomial variance over the variance the replications actually show — because
    citizens in one replication share queues and are not independent. When every replication
    shows the same share, all citizens count.
    """
    pairs = [(r, n) for r, n in zip(rates, counts) if n > 0 and not math.isnan(r)]
    if not pairs:
        return math.nan, [None, None]
    total = sum(n for _, n in pairs)
    p = sum(r * n for r, n in pairs) / total
    if len(pairs) < 2:
        return p, [None, None]
    between = float(np.var([r for r, _ in pairs], ddof=1)) / len(pairs)
    n_eff = min(total, p * (1 - p) / between) if between > 0 else total
    z = float(stdtrit(len(pairs) - 1, (1 + level) / 2))
    centre = (p + z * z / (2 * n_eff)) / (1 + z * z / n_eff)
    half = z / (1 + z * z / n_eff) * math.sqrt(p * (1 - p) / n_eff + z * z / (4 * n_eff * n_eff))
    return p, [max(0.0, centre - half), min(1.0, centre + half)]


def aggregate(per_replication: list[dict[str, float]]) -> dict[str, dict]:
    """{metric: {"mean": x, "ci95": [lo, hi]}} over replications."""
    out = {}
    for name in METRICS:
        values = [rep[name] for rep in per_replication]
        if name in RATES:
            base = BASES.get(name, "_citizens")
            mean, ci = share_interval(values, [rep.get(base, 1.0) for rep in per_replication])
        else:
            mean, ci = confidence_interval(values)
            if ci[0] is not None:       # every metric counts or measures something: never below 0
                ci = [max(0.0, ci[0]), ci[1]]
        out[name] = {"mean": None if math.isnan(mean) else mean, "ci95": ci}
    return out


def aggregate_by(per_replication: list[dict], group: str) -> dict[str, dict[str, dict]]:
    """{group value: {metric: {"mean", "ci95"}}} over replications, per profile or per case;
    a group nobody belonged to in some replication counts only where it had citizens."""
    if not per_replication or "_by" not in per_replication[0]:
        return {}
    names = list(per_replication[0]["_by"][group])
    return {name: aggregate([rep["_by"][group][name] for rep in per_replication]) for name in names}


def paired_by(base: list[dict], other: list[dict], group: str) -> dict[str, dict[str, dict]]:
    """The paired difference ``other`` − ``base`` per profile or case (same citizens)."""
    if not base or "_by" not in base[0]:
        return {}
    return {name: paired([b["_by"][group][name] for b in base], [o["_by"][group][name] for o in other])
            for name in base[0]["_by"][group]}


def first_contact_by_desk(per_replication: list[dict]) -> dict[str, dict]:
    """First-contact resolution per entry desk: {desk: {"mean", "ci95", "first_contacts"}}."""
    desks = per_replication[0].get("_fcr_by_desk", {}) if per_replication else {}
    out = {}
    for desk in desks:
        cells = [rep["_fcr_by_desk"][desk] for rep in per_replication]
        rates = [s / n if n else math.nan for s, n in cells]
        mean, ci = share_interval(rates, [n for _, n in cells])
        out[desk] = {"mean": None if math.isnan(mean) else mean, "ci95": ci,
                     "first_contacts": sum(n for _, n in cells) / len(cells)}
    return out


def paired(base: list[dict[str, float]], other: list[dict[str, float]]) -> dict[str, dict]:
    """{metric: {"mean", "ci95"}} of ``other`` − ``base``, replication by replication.

    Both must come from the same replication seeds, so replication i of each saw the same
    citizens; the interval is then that of the per-replication differences, which is much
    narrower than the two separate intervals suggest.
    """
    out = {}
    for name in METRICS:
        diffs = [b[name] - a[name] for a, b in zip(base, other)]
        mean, ci = confidence_interval(diffs)
        out[name] = {"mean": None if math.isnan(mean) else mean, "ci95": ci}
    return out
