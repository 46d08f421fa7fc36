"""On the what-if page: which lever matters (a tornado of one-step changes) and from what
case-manager staffing integral work pays (the break-even view). Both run on demand: they
take tens of seconds on a laptop, so a button starts them and the result stays on the page."""

from __future__ import annotations

import streamlit as st

from report import charts
from sim.experiments.sensitivity import EFFECTS, break_even, sensitivity, steps
from sim.language import num, t
from sim.scenario.chain import Chain
from sim.scenario.presets import presets, setting_name
from ui.common.widgets import choose, figure

REPS = 5                     # replications per variant: the minimum the app accepts
STAFFING = range(1, 7)       # case managers tried for the break-even view


def _bar(label: str):
    bar = st.progress(0.0, text=label)
    return lambda done, total: bar.progress(min(done / total, 1.0), text=f"{label} ({done}/{total})")


def tornado(sc, setting, start: str, L: str) -> None:
    """Each lever one notch around the starting point, as paired differences, largest first."""
    st.subheader(t("tn_title", L))
    st.caption(t("tn_intro", L, reps=REPS))
    with_staff = st.checkbox(t("tn_staff", L), key="tn_staff")
    count = len(steps(sc, setting, with_staff))
    if st.button(t("tn_go", L, n=count + 1), key="tn_go"):
        rows = sensitivity(sc, setting, st.session_state.citizens, REPS, st.session_state.seed, with_staff,
                           done=_bar(t("tn_running", L)))
        st.session_state.tn_result = (start, with_staff, rows)
    result = st.session_state.get("tn_result")
    if not result or result[0] != start:
        return
    metric = choose(t("sweep_metric", L), list(EFFECTS), "tn_metric", "gave_up_rate", L, lambda m: t("m_" + m, L))
    rows = result[2]
    figure(lambda: charts.tornado(rows, metric, L), t("tn_title", L), f"tornado_{metric}", L,
           ("tornado", start, result[1], id(rows), metric, L))
    st.caption(t("tn_caption", L))


def break_even_view(sc, L: str) -> None:
    """Integral work with 1 … 6 case managers against an alternative, on the same citizens."""
    options = presets(sc)
    manager = Chain.of(sc).case_manager
    if manager is None or "integral" not in options:
        return
    st.subheader(t("be_title", L))
    names = [n for n in options if options[n].coordination == "none"]
    alternative = choose(t("be_against", L), names, "be_alt", "chain_knowledge" if "chain_knowledge" in names
                         else names[0], L, lambda n: setting_name(n, L))
    st.caption(t("be_intro", L, reps=REPS, manager=manager))
    if st.button(t("be_go", L), key="be_go"):
        result = break_even(sc, options["integral"], options[alternative], list(STAFFING), st.session_state.citizens,
                            REPS, st.session_state.seed, done=_bar(t("tn_running", L)))
        st.session_state.be_result = (alternative, result)
    found = st.session_state.get("be_result")
    if not found or found[0] != alternative:
        return
    result = found[1]
    figure(lambda: charts.break_even(result, L), t("be_title", L), "break_even", L,
           ("break_even", alternative, id(result), L))
    if result["pays_from"] is None:
        st.warning(t("be_never", L, alt=setting_name(alternative, L), most=max(STAFFING)))
    else:
        st.success(t("be_pays", L, n=result["pays_from"], alt=setting_name(alternative, L)))
    k = result.get("enough_at")
    if k is not None:
        st.info(t("be_enough", L, next=k + 1, k=k, eur=num(result["per_person_eur"], L, 0),
                  busy=num(100 * result["utilisation"][k], L, 0)))
