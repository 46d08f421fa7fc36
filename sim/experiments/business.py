"""The business case: what a way of working costs and pays per year, in euros and FTE.

A management team decides on euros, FTE and people helped per year, not on minutes per
citizen. Everything here is the per-citizen figure of a run (sim.counting.metrics, the same fold)
times the municipality's yearly inflow (``Scenario.yearly_inflow``); intervals scale with it.
FTE per desk is the staff time a citizen costs at that desk, times the inflow, over the
productive hours of an FTE (``costs.fte_hours``): the people a year of this work keeps busy —
not the staff on the desk in the scenario, who also wait for citizens (utilisation).
Harm is what citizens miss while a need is open (``harm_per_week_eur`` per need, e.g. a week
of benefit), from arrival until it is resolved or the follow-up ends: it grows with the
follow-up window, so it is compared only between runs with the same horizon.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from sim.experiments.figures import Figures
from sim.experiments.statistics import confidence_interval, paired
from sim.scenario.schema import Scenario


@dataclass(frozen=True)
class YearFigure:
    """A figure of the business case, declared once: the per-citizen metric it is made of, the
    factor on it before multiplying by the yearly inflow, its unit and which direction is better
    (the CLI, the compare page and the PDF read it; its name is the text ``bc_KEY``)."""
    key: str
    metric: str
    factor: float
    unit: Literal["eur", "hours", "citizens", "fte"]
    better: Literal["lower", "higher"]
    about: str                           # the command line's label (English)


YEAR: dict[str, YearFigure] = {f.key: f for f in (
    YearFigure("cost_eur", "cost_eur", 1.0, "eur", "lower", "cost (EUR)"),
    YearFigure("failure_cost_eur", "failure_cost_eur", 1.0, "eur", "lower", "cost of failure demand (EUR)"),
    YearFigure("case_manager_cost_eur", "case_manager_cost_eur", 1.0, "eur", "lower", "case-manager role (EUR)"),
    YearFigure("harm_eur", "harm_eur", 1.0, "eur", "lower", "harm to citizens (EUR)"),
    YearFigure("staff_hours", "staff_minutes", 1 / 60, "hours", "lower", "staff hours"),
    YearFigure("resolved", "resolved_rate", 1.0, "citizens", "higher", "citizens fully helped"),
    YearFigure("gave_up", "gave_up_rate", 1.0, "citizens", "lower", "citizens who gave up"),
)}

# The FTE a year of this work keeps busy, per desk and in total (``fte``; the paired difference is
# ``fte_total``): staff minutes over the productive hours of an FTE, so it is worked out by ``fte``,
# not scaled like the figures above — but declared the same way, so more FTE needed reads as worse.
FTE = YearFigure("fte", "staff_minutes", 1 / 60, "fte", "lower", "FTE")


def better(key: str) -> str:
    """Which direction of a year's figure is better, as declared ("fte_total" is the FTE's)."""
    return FTE.better if key in ("fte", "fte_total") else YEAR[key].better


def _scaled(m: dict, factor: float) -> dict:
    lo, hi = m["ci95"]
    mean = None if m["mean"] is None else m["mean"] * factor
    return {"mean": mean, "ci95": [None if lo is None else lo * factor, None if hi is None else hi * factor]}


def fte(per_replication: list[dict], scenario: Scenario) -> dict[str, dict]:
    """Per role: the FTE a year of this work needs (staff minutes per citizen × inflow / 60 /
    productive hours), with its interval over replications; and "total"."""
    per_fte = scenario.yearly_inflow / 60 / scenario.costs.fte_hours
    roles = list(per_replication[0].get("_role_minutes", {})) if per_replication else []
    out = {}
    for role in roles + ["total"]:
        values = [sum(rep["_role_minutes"].values()) if role == "total" else rep["_role_minutes"][role]
                  for rep in per_replication]
        mean, ci = confidence_interval([v * per_fte for v in values])
        out[role] = {"mean": None if math.isnan(mean) else mean,
                     "ci95": [None if c is None else max(0.0, c) for c in ci]}
    return out


def staffing_per_year(scenario: Scenario, role: str, staff: float) -> float:
    """What ``staff`` people on ``role`` cost a year as staffed, busy or waiting (hours a working
    day × working days × the role's hourly cost). The work-based ``cost_eur`` prices only the
    minutes worked, so it cannot see what one more person on a desk costs; a staffing lever is
    priced with this."""
    return staff * scenario.clock.hours_per_day * scenario.costs.working_days_per_year * scenario.hourly_cost(role)


def per_year(fig: Figures, scenario: Scenario) -> dict:
    """A year of this way of working: costs and harm, staff hours, citizens helped and lost."""
    inflow = scenario.yearly_inflow
    out = {"inflow": inflow}
    for key, figure in YEAR.items():
        out[key] = _scaled(fig.metrics[figure.metric], figure.factor * inflow)
    out["fte"] = fte(fig.per_replication, scenario)
    return out


def difference_per_year(base: Figures, other: Figures, scenario: Scenario) -> dict:
    """``other`` − ``base`` per year, paired replication by replication (the same citizens)."""
    inflow = scenario.yearly_inflow
    diffs = paired(base.per_replication, other.per_replication)
    out = {key: _scaled(diffs[figure.metric], figure.factor * inflow) for key, figure in YEAR.items()}
    per_fte = inflow / 60 / scenario.costs.fte_hours
    staff = [sum(o["_role_minutes"].values()) - sum(b["_role_minutes"].values())
             for b, o in zip(base.per_replication, other.per_replication)]
    mean, ci = confidence_interval([v * per_fte for v in staff])
    out["fte_total"] = {"mean": None if math.isnan(mean) else mean, "ci95": ci}
    return out


def _manager(scenario: Scenario) -> tuple[str, int] | None:
    """The case-manager role and its staff, or None when the scenario has none."""
    role = next((r for r in scenario.roles if r.case_manager), None)
    return None if role is None else (role.id, role.staff)


def staffed_per_year(fig: Figures, scenario: Scenario) -> dict | None:
    """A year's cost with the case-manager role priced as staffed (each person a year of hours,
    busy or waiting: :func:`staffing_per_year`) and the other desks by the work they do — the
    pricing of the break-even view; None without a case-manager role. Besides ``cost_eur``,
    which prices every desk by its minutes worked, so an idle case manager costs nothing there."""
    found = _manager(scenario)
    if found is None:
        return None
    role, staff = found
    staffed = staffing_per_year(scenario, role, staff)
    values = [(rep["cost_eur"] - rep["case_manager_cost_eur"]) * scenario.yearly_inflow + staffed
              for rep in fig.per_replication]
    mean, ci = confidence_interval(values)
    return {"mean": None if math.isnan(mean) else mean, "ci95": ci}


def staffed_difference(base: Figures, other: Figures, base_scenario: Scenario, other_scenario: Scenario,
                       inflow: float | None = None) -> dict | None:
    """``other`` − ``base`` of :func:`staffed_per_year`, paired replication by replication: the
    other desks' work (× ``inflow``, by default the other scenario's) plus what the difference in
    case-manager staffing costs a year."""
    found, was = _manager(other_scenario), _manager(base_scenario)
    if found is None or was is None:
        return None
    inflow = other_scenario.yearly_inflow if inflow is None else inflow
    extra = staffing_per_year(other_scenario, found[0], found[1]) - staffing_per_year(base_scenario, was[0], was[1])
    diffs = [((o["cost_eur"] - o["case_manager_cost_eur"]) - (b["cost_eur"] - b["case_manager_cost_eur"])) * inflow
             + extra for b, o in zip(base.per_replication, other.per_replication)]
    mean, ci = confidence_interval(diffs)
    return {"mean": None if math.isnan(mean) else mean, "ci95": ci}
