"""The business case on the compare page: a year of each way of working in euros, FTE and
people, the paired difference, what that difference pays for — and the PDF for the MT."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from report.business import LOWER_IS_BETTER, ROWS, cell, clear, verdict
from report.business_pdf import business_pdf
from sim.experiments.business import (
    difference_per_year,
    per_year,
    staffed_difference,
    staffed_per_year,
    staffing_per_year,
)
from sim.language import num, t
from sim.scenario.presets import setting_name
from ui.common.markup import name_of, plain
from ui.manager import costs


def section(runs: dict, sc, scenario_text: str, L: str, original=None, scenarios: dict | None = None,
            pdf: bool = True) -> None:
    """The business case of the runs on the page, per year: ``sc`` priced with the page's cost
    assumptions (``original``: the scenario as loaded, to say each assumption's default); each
    run's own scenario in ``scenarios`` where its staffing differs (the what-if variant)."""
    labels = list(runs)
    own = {label: (scenarios or {}).get(label, sc) for label in labels}
    years = {label: per_year(run, sc) for label, run in runs.items()}
    st.subheader(t("bc_title", L))
    st.caption(t("bc_intro", L))
    st.caption(costs.in_use(original or sc, sc, L))
    diff = difference_per_year(runs[labels[0]], runs[labels[-1]], sc) if len(labels) > 1 else None
    if diff is not None:
        st.info(verdict(labels[0], labels[-1], diff, L))
    rows = []
    for key in ROWS + ("fte",):
        row = {"": t("bc_" + key, L)}
        for label in labels:
            m = years[label]["fte"]["total"] if key == "fte" else years[label][key]
            row[setting_name(label, L)] = cell(key, m, L)
        if diff is not None:
            m = diff["fte_total"] if key == "fte" else diff[key]
            text = cell(key, m, L)
            if clear(m):
                good = (m["mean"] < 0) == (key in LOWER_IS_BETTER)
                text += f" ({t('better' if good else 'worse', L)})"
            row[t("bc_difference", L)] = text
        rows.append(row)
        if key == "case_manager_cost_eur":      # after the cost by work and its parts
            staffed = _staffed_row(runs, own, sc, L)
            if staffed:
                rows.append(staffed)
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
    _pricing(own[labels[-1]], sc, L)
    with st.expander(t("bc_fte_per_desk", L)):
        names = {r.id: name_of(r.name, L) for r in sc.roles}
        st.dataframe(pd.DataFrame([{t("col_name", L): names[role],
                                    **{setting_name(label, L): cell("fte", years[label]["fte"][role], L)
                                       for label in labels}}
                                   for role in names]), hide_index=True)
        st.caption(t("bc_fte_note", L))
    st.caption(t("bc_harm", L, horizon=num(sc.horizon_days, L, 0)))
    if not pdf:
        return
    keys = tuple(getattr(run, "key", "") for run in runs.values())
    st.download_button(t("bc_pdf", L), lambda: business_pdf(runs, sc, scenario_text, L), on_click="ignore",
                       file_name=f"kastje-business-case-{'-'.join(labels)}.pdf", mime="application/pdf",
                       key=f"bc_pdf_{hash(keys)}", help=t("bc_pdf_help", L))
    st.caption(plain(t("bc_scenario", L, name=name_of(sc.name, L))))


def _staffed_row(runs: dict, own: dict, sc, L: str) -> dict | None:
    """The year's cost with the case-manager role priced as staffed, beside the cost by work."""
    labels = list(runs)
    if staffed_per_year(runs[labels[0]], own[labels[0]]) is None:
        return None
    row = {"": t("bc_staffed_eur", L)}
    for label in labels:
        row[setting_name(label, L)] = cell("cost_eur", staffed_per_year(runs[label], own[label]), L)
    if len(labels) > 1:
        m = staffed_difference(runs[labels[0]], runs[labels[-1]], own[labels[0]], own[labels[-1]], sc.yearly_inflow)
        text = cell("cost_eur", m, L)
        if clear(m):
            text += f" ({t('better' if m['mean'] < 0 else 'worse', L)})"
        row[t("bc_difference", L)] = text
    return row


def _pricing(sc, priced, L: str) -> None:
    """One sentence per way of pricing staff: by the work done, and the case-manager role as staffed."""
    st.caption(t("bc_by_work", L))
    role = next((r for r in sc.roles if r.case_manager), None)
    if role is not None:
        st.caption(t("bc_as_staffed", L, role=plain(name_of(role.name, L)), staff=role.staff,
                     person=num(staffing_per_year(priced, role.id, 1), L, 0)))
