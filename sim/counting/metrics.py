"""The metrics, each declared once: what it measures, its unit, whether it is a count or a share
(and of what), which direction is better, how it is written — and how one replication's value
comes from the ledger.

Everything that shows a metric reads its declaration here: the command line's tables and JSON,
the app's figures and their "better/worse", the charts (a share is drawn in %), the PDFs and the
debrief. A new metric is one :class:`Metric` in :data:`METRICS` — its value a function of the
ledger's table (:func:`mean` of a column of sim.counting.fold.Row, a :func:`ratio`, an
:func:`outcome_share`, …) — plus, for a figure the fold does not yet produce, its field in
``Row`` and its rule in ``Counting.fold``. Its name in each language is the text ``m_KEY`` of the
locale files.

Per replication :func:`summarize` gives one value per metric (and, for a share, the number it is
a share of, for its interval: sim.experiments.statistics).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from sim.counting.fold import OUTCOMES
from sim.counting.ledger import CitizenLedger, Table

Unit = Literal["count", "share", "days", "minutes", "eur"]
Better = Literal["lower", "higher"] | None
GROUPS = ("profile", "case")           # results can be broken down by either
Value = Callable[[Table], tuple[float, float]]      # the table -> (value, what a share is a share of)


@dataclass(frozen=True)
class Metric:
    key: str
    unit: Unit
    better: Better                      # None: neither (a level, not a goal)
    value: Value = field(repr=False)
    about: str                          # what it measures, in English (docs/model.md and --help say more)
    of: str = "citizens"                # a share: of what (the name of its base in a summary is "_" + of)

    @property
    def share(self) -> bool:
        return self.unit == "share"

    @property
    def label(self) -> str:
        """Its name's text key in the locale files."""
        return "m_" + self.key

    @property
    def digits(self) -> int:
        """Decimals a reader gets: shares in whole %, minutes and euros whole, the rest two."""
        return 0 if self.unit in ("share", "minutes", "eur") else 2

    def is_better(self, difference: float) -> bool | None:
        """Whether ``difference`` (other − base) is an improvement; None when neither direction is."""
        if self.better is None or difference == 0:
            return None
        return (difference < 0) == (self.better == "lower")


def _mean(values: np.ndarray) -> float:
    return float(values.mean()) if values.size else math.nan


def mean(column: str) -> Value:
    """The mean per citizen of a column of the ledger."""
    return lambda tb: (_mean(tb.column(column)), float(len(tb)))


def ratio(numerator: str, denominator: str) -> Value:
    """A share of a sum over the citizens (of all contacts, of all attempts), not a mean of shares."""
    def value(tb: Table) -> tuple[float, float]:
        total = float(tb.column(denominator).sum())
        return (float(tb.column(numerator).sum()) / total if total else math.nan), total
    return value


def outcome_share(outcome: str) -> Value:
    index = OUTCOMES.index(outcome)
    return lambda tb: (_mean((tb.outcome == index).astype(float)), float(len(tb)))


def _capped_lead(tb: Table) -> np.ndarray:
    """Lead time with every citizen not fully helped counted as the whole follow-up (censored)."""
    resolved = tb.outcome == OUTCOMES.index("resolved")
    return np.where(resolved, tb.column("lead_time_days"), tb.ledger.horizon_days)


def _lead_median(tb: Table) -> tuple[float, float]:
    capped = _capped_lead(tb)
    return (float(np.median(capped)) if capped.size else math.nan), float(len(tb))


def _lead_resolved(tb: Table) -> tuple[float, float]:
    resolved = tb.outcome == OUTCOMES.index("resolved")
    return _mean(tb.column("lead_time_days")[resolved]), float(resolved.sum())


def _first_contact(tb: Table) -> tuple[float, float]:
    at_entry = np.isin(tb.column("first_desk").astype(int), tb.ledger.entry)
    return _mean(tb.column("first_contact_resolved")[at_entry]), float(at_entry.sum())


M = Metric
METRICS: dict[str, Metric] = {m.key: m for m in (
    M("handoffs", "count", "lower", mean("handoffs"),
      "hand-offs per citizen (responsibility for a need moved to another role)"),
    M("retellings", "count", "lower", mean("retellings"), "retellings per citizen (tellings - 1)"),
    M("tellings", "count", "lower", mean("tellings"), "tellings per citizen (story told to a role that did not have it)"),
    M("contacts", "count", "lower", mean("contacts"), "contacts (service encounters) per citizen"),
    M("wrong_referrals", "count", "lower", mean("wrong_referrals"),
      "hand-offs to a role that cannot resolve the need, per citizen"),
    M("ping_pong", "count", "lower", mean("ping_pong"),
      "hand-offs back to a role already visited for the same need, per citizen"),
    M("distinct_roles", "count", "lower", mean("distinct_roles"), "distinct roles a citizen had contact with"),
    M("failure_demand_share", "share", "lower", ratio("failure_contacts", "contacts"),
      "share of all contacts caused by an earlier failure", of="contacts"),
    M("lead_time_days", "days", "lower", lambda tb: (_mean(_capped_lead(tb)), float(len(tb))),
      "working days from arrival to all needs resolved, over all citizens: who is not done at the end of the "
      "follow-up counts as the whole follow-up (a restricted mean)"),
    M("lead_time_median_days", "days", "lower", _lead_median,
      "median of the same (the follow-up when more than half are not done)"),
    M("lead_time_resolved_days", "days", "lower", _lead_resolved,
      "mean lead time of the citizens with every need resolved only"),
    M("resolved_rate", "share", "higher", outcome_share("resolved"), "share of citizens with every need resolved"),
    M("partly_rate", "share", None, outcome_share("partly"),
      "share still in progress at the horizon with some need resolved"),
    M("gave_up_rate", "share", "lower", outcome_share("gave_up"), "share of citizens who gave up"),
    M("open_rate", "share", "lower", outcome_share("open"),
      "share still in progress at the horizon with no need resolved"),
    M("first_contact_resolution", "share", "higher", _first_contact,
      "at the entry desks: share of first contacts that resolved the question the citizen came with, with no "
      "further contact about it", of="entry_first"),
    M("wait_minutes", "minutes", "lower", mean("wait_minutes"), "minutes queued per citizen"),
    M("staff_minutes", "minutes", "lower", mean("staff_minutes"), "service minutes spent per citizen"),
    M("harm_eur", "eur", "lower", mean("harm_eur"), "harm (EUR) accrued per citizen while needs were open"),
    M("exceptions", "count", None, mean("exceptions"), "exceptions made per citizen (a block lifted by discretion)"),
    M("exceptions_overturned", "count", "lower", mean("exceptions_overturned"),
      "exceptions overturned on review per citizen (the need reopened)"),
    M("legal_terms_on_time_rate", "share", "higher", ratio("terms_on_time", "terms"),
      "of every need with a legal term that was raised: the share decided within its term (a need the citizen "
      "gave up on, or still open at the end, counts as not in time)", of="terms"),
    M("legal_terms_late_rate", "share", None, ratio("terms_late", "terms"),
      "of the same needs: the share decided after their term (neither better nor worse by itself: it falls "
      "when needs go undecided instead)", of="terms"),
    M("legal_terms_undecided_rate", "share", "lower", ratio("terms_undecided", "terms"),
      "of the same needs: the share never decided (gave up, or still open at the end of the follow-up)",
      of="terms"),
    M("hidden_needs_found", "count", "higher", mean("hidden_needs_found"),
      "hidden needs found by an intake (before a crisis), per citizen"),
    M("self_service_attempts", "count", None, mean("self_service"),
      "attempts to settle a need online (portal, form) per citizen; not contacts"),
    M("self_service_success", "share", "higher", ratio("self_service_ok", "self_service"),
      "share of self-service attempts that succeeded (the others went on to a staffed channel)", of="self_service"),
    M("callbacks_lost", "count", "lower", mean("callbacks_lost"),
      "call-back requests never answered, per citizen (they had to call again)"),
    M("abandoned_contacts", "count", "lower", mean("abandoned"),
      "queues left before being served, per citizen: calls hung up on hold (they call again) and waiting "
      "lists left (they give up)"),
    M("proactive_contacts", "count", None, mean("outreach"),
      "contacts the municipality made before a predictable need became urgent, per citizen"),
    M("crises_prevented", "count", "higher", mean("crises_prevented"),
      "needs the citizen had not mentioned that outreach took up before they became a crisis, per citizen"),
    M("cost_eur", "eur", "lower", mean("cost_eur"),
      "staff time at each role's hourly cost, plus the cost per channel contact, per citizen (EUR)"),
    M("failure_cost_eur", "eur", "lower", mean("failure_cost_eur"),
      "the staff cost of failure-demand contacts, per citizen (EUR)"),
    M("case_manager_cost_eur", "eur", None, mean("case_manager_cost_eur"),
      "the case manager's staff cost (contacts and coordination), per citizen (EUR)"),
)}
SHARES = tuple(k for k, m in METRICS.items() if m.share)


def summarize(ledger: CitizenLedger, groups: bool = True) -> dict:
    """One value per metric for one replication (and the counts the shares are taken of), and
    (``groups``) the same per citizen profile and per case under ``_by``."""
    table = ledger.table()
    out = _summary(table)
    first_desk, fcr = table.column("first_desk").astype(int), table.column("first_contact_resolved")
    out["_fcr_by_desk"] = {ledger.roles[i]: (float(fcr[first_desk == i].sum()), float((first_desk == i).sum()))
                           for i in ledger.entry}
    minutes = table.role_minutes()
    out["_role_minutes"] = {r: _mean(minutes[:, i]) for i, r in enumerate(ledger.roles)}
    if groups:
        case, profile = table.column("case"), table.column("profile")
        out["_by"] = {"profile": {p: _summary(table.where(profile == i)) for i, p in enumerate(ledger.profiles)},
                      "case": {c: _summary(table.where(case == i)) for i, c in enumerate(ledger.cases)}}
    return out


def _summary(table: Table) -> dict[str, float]:
    """The metrics of the citizens in ``table``, and what each share is a share of (``_OF``)."""
    out: dict[str, float] = {"_citizens": float(len(table))}
    for key, metric in METRICS.items():
        value, base = metric.value(table)
        out[key] = value
        if metric.share:
            out["_" + metric.of] = base
    return out
