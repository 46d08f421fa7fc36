"""The business case: what a way of working costs and pays per year, in euros and FTE.

A management team decides on euros, FTE and people helped per year, not on minutes per
citizen. Everything here is the per-citizen figure of a run (sim.metrics, the same fold)
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

from sim.figures import Figures
from sim.metrics import confidence_interval, paired
from sim.schema import Scenario

# per citizen -> per year: (metric, factor on the metric before multiplying by the inflow)
YEARLY = {"cost_eur": 1.0, "failure_cost_eur": 1.0, "case_manager_cost_eur": 1.0, "harm_eur": 1.0,
          "staff_hours": 1 / 60}
SOURCE = {"staff_hours": "staff_minutes"}
HELPED = ("resolved_rate", "gave_up_rate")


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
    for name, factor in YEARLY.items():
        out[name] = _scaled(fig.metrics[SOURCE.get(name, name)], factor * inflow)
    for name in HELPED:
        out[name.replace("_rate", "")] = _scaled(fig.metrics[name], inflow)
    out["fte"] = fte(fig.per_replication, scenario)
    return out


def difference_per_year(base: Figures, other: Figures, scenario: Scenario) -> dict:
    """``other`` − ``base`` per year, paired replication by replication (the same citizens)."""
    inflow = scenario.yearly_inflow
    diffs = paired(base.per_replication, other.per_replication)
    out = {name: _scaled(diffs[SOURCE.get(name, name)], factor * inflow) for name, factor in YEARLY.items()}
    for name in HELPED:
        out[name.replace("_rate", "")] = _scaled(diffs[name], inflow)
    per_fte = inflow / 60 / scenario.costs.fte_hours
    staff = [sum(o["_role_minutes"].values()) - sum(b["_role_minutes"].values())
             for b, o in zip(base.per_replication, other.per_replication)]
    mean, ci = confidence_interval([v * per_fte for v in staff])
    out["fte_total"] = {"mean": None if math.isnan(mean) else mean, "ci95": ci}
    return out
