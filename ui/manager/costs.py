"""The cost assumptions of the business case on the compare and what-if pages: an hour of staff,
the productive hours of an FTE, the working days and the citizens of a year — each shown with its
default and where that default comes from (the scenario, or kastje's own when the scenario does
not name it), editable in the sidebar and kept in the address (ui.manager.address), so a shared
link gives the same euros and FTE."""

from __future__ import annotations

import streamlit as st

from sim.language import num, t
from sim.scenario.schema import Scenario
from ui.common.address import keep_in_url, read_url_once
from ui.common.markup import plain
from ui.common.widgets import kept
from ui.manager.address import COST_KEYS, COSTS, cost_bounds, costs_from_url, costs_to_url, priced

MONEY = {"hourly_cost_eur"}


def _said(name: str, value: float, L: str) -> str:
    return ("€ " if name in MONEY else "") + num(value, L, 0 if value == round(value) else 2)


def default_of(sc: Scenario, name: str, L: str) -> str:
    """A cost assumption's value in the scenario and where it comes from, in words."""
    if name == "yearly_inflow" and sc.costs.yearly_inflow is None:
        return t("cost_default_inflow", L, value=num(sc.arrivals.per_day * sc.costs.working_days_per_year, L, 0))
    value = getattr(sc.costs, name)
    named = "costs" in sc.model_fields_set and name in sc.costs.model_fields_set
    return t("cost_default_scenario" if named else "cost_default_kastje", L, value=_said(name, value, L))


def assumptions(sc: Scenario, L: str) -> tuple[Scenario, Scenario]:
    """The sidebar's cost assumptions; (the scenario to run: only the hourly cost changes what a
    run counts, the scenario to price a year with: every assumption)."""
    url = read_url_once("costs", COST_KEYS)
    edits, refused = costs_from_url(url)
    for name, value in edits.items():
        st.session_state[f"cost_{name}__kept"] = round(value)     # the boxes hold whole numbers
    chosen: dict[str, float | None] = {}
    with st.sidebar.expander(t("costs_title", L), expanded=bool(edits) or bool(refused)):
        for name in COSTS:
            lo, hi = cost_bounds(name)
            own = getattr(sc.costs, name)
            start = None if own is None else round(own)
            value = kept(st.number_input, t("cost_" + name, L), f"cost_{name}", start,
                         min_value=int(lo), max_value=int(hi), step=1,
                         help=default_of(sc, name, L),
                         placeholder=t("cost_placeholder", L, value=num(priced(sc, chosen).yearly_inflow, L, 0)))
            # untouched (the scenario's value as the box shows it): the scenario's exact value
            chosen[name] = None if value is None or value == start else float(value)
    for name, text in refused:
        lo, hi = cost_bounds(name)
        st.warning(t("cost_refused", L, name=t("cost_" + name, L), value=plain(text), lo=num(lo, L, 0),
                     hi=num(hi, L, 0), default=default_of(sc, name, L)), icon=":material/link_off:")
    keep_in_url(costs_to_url(chosen, sc))
    return priced(sc, {"hourly_cost_eur": chosen["hourly_cost_eur"]}), priced(sc, chosen)


def in_use(original: Scenario, sc: Scenario, L: str) -> str:
    """The assumptions a figure rests on, each with its source: "an hour of staff € 80 (kastje's
    default: the scenario does not name it) · …"."""
    items = []
    for name in COSTS:
        if name == "yearly_inflow":
            value = sc.yearly_inflow
        else:
            value = getattr(sc.costs, name)
        if getattr(sc.costs, name) != getattr(original.costs, name):
            source = t("cost_src_edited", L, default=default_of(original, name, L))
        else:       # a yearly inflow left to follow the working days: said with the days in use
            source = default_of(sc if name == "yearly_inflow" else original, name, L)
        items.append(t("cost_item", L, name=t("cost_said_" + name, L), value=_said(name, value, L), source=source))
    return t("costs_in_use", L, items=" · ".join(items))

