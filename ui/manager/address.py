"""The what-if page in the address: a variant as short query parameters and back, so a refresh,
a bookmark or a shared link brings the page back as it was (no Streamlit here).

Each lever's short name is its declaration's ``url`` (sim.scenario.levers); a chance is kept in
whole %, a list of needs comma-separated, "-" for none.
"""

from __future__ import annotations

import math

from sim.scenario.levers import LEVERS
from sim.scenario.schema import Costs, Scenario, Setting
from sim.scenario.variant import Variant

URL_KEYS = ("start", *(lever.url for lever in LEVERS.values()), "staff", "mix", "inflow")
STAFF_RANGE, INFLOW_RANGE = (1, 500), (0.1, 10_000.0)     # the what-if page's number inputs


def to_url(variant: Variant, base: Setting, sc: Scenario) -> dict[str, str | None]:
    """What the variant changes from its starting point, as short address parameters (None:
    as the start), so the address of an untouched variant names only its start."""
    out: dict[str, str | None] = {}
    for key, lever in LEVERS.items():
        value, was = (_written(lever, v) for v in (variant.levers.get(key, getattr(base, key)), getattr(base, key)))
        out[lever.url] = None if value == was else value
    out["staff"] = ",".join(f"{r.id}:{int(variant.staff[r.id])}" for r in sc.roles
                            if variant.staff.get(r.id, r.staff) != r.staff) or None
    out["mix"] = ",".join(f"{p.id}:{variant.mix[p.id]:g}" for p in sc.profiles
                          if variant.mix.get(p.id, p.share) != p.share) or None
    per_day = variant.per_day
    out["inflow"] = None if per_day is None or per_day == sc.arrivals.per_day else f"{per_day:g}"
    return out


def _written(lever, value) -> str:
    if lever.kind == "chance":
        return str(round(100 * value))
    if lever.kind == "needs":
        return ",".join(value) or "-"
    return str(value)


def from_url(params: dict[str, str], sc: Scenario) -> Variant:
    """The variant a (maybe hand-edited) address describes, every value checked against what
    the page offers; a value that does not fit is left out, so the page shows the starting
    point's value there instead of failing."""
    levers = {}
    for key, lever in LEVERS.items():
        value = _read(lever, params.get(lever.url), sc)
        if value is not None:
            levers[key] = value
    staff = {k: int(v) for k, v in _pairs(params.get("staff"), {r.id for r in sc.roles}, STAFF_RANGE).items()
             if v == int(v)}
    mix = _pairs(params.get("mix"), {p.id for p in sc.profiles}, (0.0, 1.0))
    inflow = _number(params.get("inflow"), INFLOW_RANGE)
    return Variant(levers, staff, mix, inflow)


def _read(lever, text: str | None, sc: Scenario):
    if text is None:
        return None
    if lever.kind == "chance":
        value = _number(text, (0, 100))
        return None if value is None or value != int(value) else value / 100
    if lever.kind == "needs":
        chosen = [] if text == "-" else text.split(",")
        return chosen if set(chosen) <= set(lever.choices(sc)) else None
    return text if text in lever.choices(sc) else None


def _number(text: str | None, bounds: tuple[float, float]) -> float | None:
    try:
        value = float(text) if text is not None else None
    except ValueError:
        return None
    return value if value is not None and math.isfinite(value) and bounds[0] <= value <= bounds[1] else None


def _pairs(text: str | None, ids: set[str], bounds: tuple[float, float]) -> dict[str, float]:
    """'kcc:5,wmo:3' as {id: number}, keeping only known ids with a number within bounds."""
    out = {}
    for item in (text or "").split(","):
        key, _, value = item.partition(":")
        number = _number(value, bounds)
        if key in ids and number is not None:
            out[key] = number
    return out




# --- the cost assumptions of the business case (the compare and what-if pages) -------------

COSTS = {"hourly_cost_eur": "eur", "fte_hours": "fteh", "working_days_per_year": "wd", "yearly_inflow": "yr"}
COST_KEYS = tuple(COSTS.values())


def cost_bounds(name: str) -> tuple[float, float]:
    """(lowest, highest) a manager may set a cost assumption to: the schema's bounds, a "more
    than 0" as at least 1 (hours, days and citizens are whole numbers on the page)."""
    lo, hi = 0.0, math.inf
    for rule in Costs.model_fields[name].metadata:
        if getattr(rule, "ge", None) is not None:
            lo = float(rule.ge)
        elif getattr(rule, "gt", None) is not None:
            lo = math.floor(float(rule.gt)) + 1.0
        if getattr(rule, "le", None) is not None:
            hi = float(rule.le)
    return lo, hi


def cost_fits(name: str, value: float) -> bool:
    lo, hi = cost_bounds(name)
    return math.isfinite(value) and lo <= value <= hi


def costs_from_url(params: dict[str, str]) -> tuple[dict[str, float], list[tuple[str, str]]]:
    """The cost assumptions an address sets, and the (name, text) of each it sets to something
    the schema refuses (not a number, or out of bounds): those keep the scenario's value."""
    edits, refused = {}, []
    for name, short in COSTS.items():
        text = params.get(short)
        if text is None:
            continue
        try:
            value = float(text)
        except ValueError:
            value = math.nan
        if cost_fits(name, value):
            edits[name] = value
        else:
            refused.append((name, text))
    return edits, refused


def costs_to_url(edits: dict[str, float | None], sc: Scenario) -> dict[str, str | None]:
    """The assumptions that differ from the scenario's own, as short address parameters."""
    return {short: None if edits.get(name) is None or edits[name] == getattr(sc.costs, name) else f"{edits[name]:g}"
            for name, short in COSTS.items()}


def priced(sc: Scenario, edits: dict[str, float | None]) -> Scenario:
    """The scenario with the cost assumptions a manager set (None: the scenario's own)."""
    changed = {name: value for name, value in edits.items() if value is not None and value != getattr(sc.costs, name)}
    if not changed:
        return sc
    return sc.model_copy(update={"costs": Costs.model_validate({**sc.costs.model_dump(), **changed})})
