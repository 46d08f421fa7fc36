"""The business case on the compare page: a year of each way of working in euros, FTE and
people, the paired difference, what that difference pays for — and the PDF for the MT."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from sim.business import difference_per_year, per_year
from ui.business_report import business_pdf
from ui.i18n import num, setting_name, t
from ui.state import name_of, plain

ROWS = ("cost_eur", "failure_cost_eur", "case_manager_cost_eur", "harm_eur", "staff_hours", "resolved", "gave_up")
MONEY = {"cost_eur", "failure_cost_eur", "case_manager_cost_eur", "harm_eur"}
LOWER_IS_BETTER = {"cost_eur", "failure_cost_eur", "case_manager_cost_eur", "harm_eur", "staff_hours", "gave_up"}


def amount(key: str, value: float | None, L: str) -> str:
    if value is None:
        return "–"
    return ("€ " if key in MONEY else "") + num(value, L, 0 if abs(value) >= 10 or key != "fte" else 1)


def cell(key: str, m: dict, L: str) -> str:
    lo, hi = m["ci95"]
    text = amount(key, m["mean"], L)
    return text if lo is None else f"{text} [{amount(key, lo, L)} – {amount(key, hi, L)}]"


def clear(m: dict) -> bool:
    lo, hi = m["ci95"]
    return lo is not None and hi is not None and (lo > 0 or hi < 0)


def verdict(a: str, b: str, d: dict, L: str) -> str:
    """What the difference costs and what it pays for, each figure only where it is clear."""
    def say(key: str, factor: float = 1.0) -> str:
        m = d[key]
        if not clear(m):
            return t("no_clear_difference", L)
        return ("+" if m["mean"] > 0 else "−") + amount(key, abs(factor * m["mean"]), L)
    return t("bc_verdict", L, a=setting_name(a, L), b=setting_name(b, L), cost=say("cost_eur"),
             fte=("+" if (d["fte_total"]["mean"] or 0) > 0 else "−") + num(abs(d["fte_total"]["mean"] or 0), L, 1)
             if clear(d["fte_total"]) else t("no_clear_difference", L),
             helped=say("resolved"), gave_up=say("gave_up"), harm=say("harm_eur"), failure=say("failure_cost_eur"))


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
