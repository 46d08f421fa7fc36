"""On the what-if page: which lever matters (a tornado of one-step changes) and from what
case-manager staffing integral work pays (the break-even view). Both run on demand: they
take tens of seconds on a laptop, so a button starts them and the result stays on the page."""

from __future__ import annotations

import streamlit as st

from report import break_even as said
from report import charts
from sim.experiments.break_even import break_even
from sim.experiments.sensitivity import EFFECTS, sensitivity, steps
from sim.language import num, t
from sim.scenario.chain import Chain
from sim.scenario.presets import presets, setting_name
from ui.common.markup import plain
from ui.common.runs import run_key
from ui.common.widgets import choose, figure

REPS = 5                     # replications per variant: the minimum the app accepts
STAFFING = range(1, 7)       # case managers tried for the break-even view
BE_MAX_CITIZENS = 3_200      # the app grows the break-even run at most to this (the CLI: MAX_CITIZENS)


def _bar(label: str):
    bar = st.progress(0.0, text=label)
    return lambda done, total: bar.progress(min(done / total, 1.0), text=f"{label} ({done}/{total})")


def tornado(sc, setting, start: str, L: str, changed: bool = False, assumptions: str | None = None) -> None:
    """Each lever a quarter of its range around the page's variant (``changed``) or its starting
    point, as paired effects per quarter of the range, largest first (sim.experiments.sensitivity);
    ``assumptions``: the cost assumptions a staff step's euros rest on, said under the chart."""
    st.subheader(t("tn_title", L))
    around = t("tn_around_variant" if changed else "tn_around_start", L, start=plain(setting_name(start, L)))
    st.caption(t("tn_intro", L, reps=REPS, around=around))
    with_staff = st.checkbox(t("tn_staff", L), key="tn_staff")
    count = len(steps(sc, setting, with_staff))
    key = run_key(sc, setting, st.session_state.citizens, REPS, st.session_state.seed)
    if st.button(t("tn_go", L, n=count + 1), key="tn_go"):
        rows = sensitivity(sc, setting, st.session_state.citizens, REPS, st.session_state.seed, with_staff,
                           done=_bar(t("tn_running", L)))
        st.session_state.tn_result = (start, with_staff, rows, key)
    result = st.session_state.get("tn_result")
    if not result or result[0] != start or result[3] != key:     # run around another variant: not this one
        return
    metric = choose(t("sweep_metric", L), list(EFFECTS), "tn_metric", "gave_up_rate", L, lambda m: t("m_" + m, L))
    rows = result[2]
    figure(lambda: charts.tornado(rows, metric, L, sc), t("tn_title", L), f"tornado_{metric}", L,
           ("tornado", start, result[1], id(rows), metric, L))
    st.caption(t("tn_caption", L, around=around))
    if result[1] and assumptions:        # staff steps carry what a person costs a year
        st.caption(assumptions)


def break_even_view(sc, L: str) -> None:
    """Integral work with 1 … 6 case managers against an alternative, on the same citizens, the
    run grown until the verdict is precise (sim.experiments.break_even): overloaded desks first,
    then the verdict with the citizens it rests on, then the figures."""
    options = presets(sc)
    manager = Chain.of(sc).case_manager
    if manager is None or "integral" not in options:
        return
    st.subheader(t("be_title", L))
    names = [n for n in options if options[n].coordination == "none"]
    alternative = choose(t("be_against", L), names, "be_alt", "chain_knowledge" if "chain_knowledge" in names
                         else names[0], L, lambda n: setting_name(n, L))
    st.caption(t("be_intro", L, reps=REPS, manager=plain(next(r.name.get(L) for r in sc.roles if r.id == manager))))
    key = run_key(sc, options["integral"], st.session_state.citizens, REPS, st.session_state.seed)
    if st.button(t("be_go", L), key="be_go"):
        bar, size = st.progress(0.0, text=t("tn_running", L)), {"now": st.session_state.citizens}

        def sized(citizens: int) -> None:
            size["now"] = citizens

        def done(k: int, total: int) -> None:
            bar.progress(min(k / total, 1.0), text=t("be_running", L, citizens=num(size["now"], L, 0), done=k,
                                                     total=total))

        cap = max(BE_MAX_CITIZENS, st.session_state.citizens)
        result = break_even(sc, options["integral"], options[alternative], list(STAFFING), st.session_state.citizens,
                            REPS, st.session_state.seed, done=done, max_citizens=cap, sized=sized)
        bar.empty()
        st.session_state.be_result = (alternative, result, key)
    found = st.session_state.get("be_result")
    if not found or found[0] != alternative or found[2] != key:     # worked out for another variant or size
        return
    result = found[1]
    for line in said.overload_lines(result, sc, alternative, L, plain):          # before any figure
        st.error(line, icon=":material/warning:")
    kind, text = said.verdict_line(result, sc, alternative, L, plain)
    {"pays": st.success, "never": st.warning, "no_conclusion": st.error}[kind](text)
    st.caption(said.measured_line(result, L))
    figure(lambda: charts.break_even(result, L), t("be_title", L), "break_even", L,
           ("break_even", alternative, id(result), L))
    st.dataframe(said.table(result, sc, L), hide_index=True)
    enough = said.enough_line(result, L)
    if enough:
        st.info(enough)
