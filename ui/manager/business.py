"""The business case on the compare page: a year of each way of working in euros, FTE and
people, the paired difference, what that difference pays for — and the PDF for the MT."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from report.business import LOWER_IS_BETTER, ROWS, cell, clear, verdict
from report.business_pdf import business_pdf
from sim.experiments.business import difference_per_year, per_year
from sim.language import num, t
from sim.scenario.presets import setting_name
from ui.common.markup import name_of, plain


def section(runs: dict, sc, scenario_text: str, L: str) -> None:
    """The business case of the runs on the page, per year."""
    labels = list(runs)
    years = {label: per_year(run, sc) for label, run in runs.items()}
    c = sc.costs
    st.subheader(t("bc_title", L))
    st.caption(t("bc_intro", L, inflow=num(sc.yearly_inflow, L, 0), hourly=num(c.hourly_cost_eur, L, 0),
                 fte=num(c.fte_hours, L, 0)))
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
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
    with st.expander(t("bc_fte_per_desk", L)):
        names = {r.id: name_of(r.name, L) for r in sc.roles}
        st.dataframe(pd.DataFrame([{t("col_name", L): names[role],
                                    **{setting_name(label, L): cell("fte", years[label]["fte"][role], L)
                                       for label in labels}}
                                   for role in names]), hide_index=True)
        st.caption(t("bc_fte_note", L))
    st.caption(t("bc_harm", L, horizon=num(sc.horizon_days, L, 0)))
    keys = tuple(getattr(run, "key", "") for run in runs.values())
    st.download_button(t("bc_pdf", L), lambda: business_pdf(runs, sc, scenario_text, L), on_click="ignore",
                       file_name=f"kastje-business-case-{'-'.join(labels)}.pdf", mime="application/pdf",
                       key=f"bc_pdf_{hash(keys)}", help=t("bc_pdf_help", L))
    st.caption(plain(t("bc_scenario", L, name=name_of(sc.name, L))))
