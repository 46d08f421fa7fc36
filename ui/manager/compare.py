"""Page: two settings side by side — the first thing a workshop group sees.

The two settings live in the address too (?a=chaos&b=integral), so a refresh keeps them.
"""

from __future__ import annotations

import streamlit as st

from report import charts, export
from report.compare_pdf import pdf_report
from sim.language import num, t
from sim.scenario.presets import presets
from ui.common.address import keep_in_url, read_url_once
from ui.common.markup import lang, plain, setting_label
from ui.common.runs import complete, early_note, get_runs
from ui.common.scenario import scenario
from ui.common.widgets import (
    choose,
    difference,
    display_names,
    figure,
    headline,
    is_clear,
    load_warning,
    overload_texts,
    signed,
    story,
    who_fails,
)
from ui.manager import business, costs


def lessons(runs: dict, L: str) -> None:
    a, b = (list(runs.values()) * 2)[:2]
    g = lambda run, k: run.metrics[k]["mean"]
    st.subheader(t("lessons", L))
    st.markdown(t("lesson_chain", L, a=num(g(a, "wrong_referrals"), L, 2), b=num(g(b, "wrong_referrals"), L, 2),
                  c=num(g(a, "handoffs"), L, 2), d=num(g(b, "handoffs"), L, 2)))
    st.markdown(t("lesson_share", L, a=num(g(a, "retellings"), L, 2), b=num(g(b, "retellings"), L, 2)))
    st.markdown(t("lesson_room", L, a=num(g(a, "exceptions"), L, 2), b=num(g(b, "exceptions"), L, 2),
                  c=num(100 * g(a, "gave_up_rate"), L, 0), d=num(100 * g(b, "gave_up_rate"), L, 0)))


def verdict(runs: dict, L: str) -> str:
    """The difference in one sentence, with signs: what the right setting changes, each figure
    the paired difference; one whose interval includes zero is said to be no clear difference."""
    (a, ra), (b, rb) = runs.items()

    def d(metric: str, scale: float = 1, digits: int = 1) -> str:
        diff = difference(ra, rb, metric)
        text = signed(scale * diff["mean"], L, digits)
        return text if is_clear(diff) else f"{text} ({t('no_clear_difference', L)})"

    return t("verdict", L, a=plain(a), b=plain(b), handoffs=d("handoffs"), retellings=d("retellings"),
             gave_up=d("gave_up_rate", 100, 0), lead=d("lead_time_days"), staff=d("staff_minutes", 1, 0))


def figures(runs: dict, sc, L: str) -> None:
    """What the page says first: overloaded desks, each setting's story, the verdict, the
    headline figures and the lessons (from early runs: said as such, above them)."""
    early_note(runs)
    load_warning(runs, sc, L)
    for label, run in runs.items():
        st.markdown(story(label, run, L, sc.horizon_days))
    if len(runs) == 2:
        st.info(verdict(runs, L))
    st.subheader(t("headline", L))
    headline(runs, L)
    lessons(runs, L)


def main() -> None:
    L, sc = lang(), scenario()
    options = presets(sc)
    names = list(options)
    st.header(t("page_compare", L))
    st.caption(t("compare_intro", L))
    left, right = st.columns(2)
    for side, value in read_url_once("compare", ("a", "b")).items():
        if value in options:
            st.session_state["cmp_" + side] = value
    label = lambda name: setting_label(name, options[name], L)
    a = choose(t("setting_a", L), names, "cmp_a", "chaos", L, label, left)
    b = choose(t("setting_b", L), names, "cmp_b", "integral" if "integral" in names else names[-1], L, label, right)
    keep_in_url({"a": a, "b": b})
    original = sc
    sc, priced = costs.assumptions(sc, L)      # the run counts the hourly cost; the year all of them
    shown = display_names([a, b], L)
    runs = get_runs({label: (sc, options[code]) for label, code in shown.items()}, early=True)
    first = st.empty()            # the first figures, drawn again in place once the whole runs are in
    with first.container():
        figures(runs, sc, L)
    if any(run.early_of for run in runs.values()):
        runs = complete(runs)
        with first.container():
            figures(runs, sc, L)
    coded = {code: runs[label] for label, code in shown.items()}    # the files keep the names of `kastje run`
    who_fails(runs, sc, L)
    business.section(coded, priced, st.session_state.scenario_text, L, original)
    st.subheader(t("funnel", L))
    keys = tuple(run.key for run in runs.values())
    figure(lambda: charts.funnel(runs, L), t("funnel", L), "funnel", L, ("funnel", *runs, *keys, L))
    st.subheader(t("distributions", L))
    figure(lambda: charts.distributions(runs, L), t("distributions", L), "distributions", L,
           ("distributions", *runs, *keys, L))
    st.subheader(t("network", L))
    st.caption(t("network_caption", L))
    widest = charts.busiest_edge(runs.values())
    for col, (label, run) in zip(st.columns(len(runs)), runs.items()):
        with col:
            figure(lambda run=run, label=label: charts.network(run, sc, L, label, widest), f"{t('network', L)} {label}",
                   f"network_{label}", L, ("network", label, run.key, *keys, L))
    st.subheader(t("export", L))
    c1, c2, c3 = st.columns(3)
    c1.download_button(t("dl_metrics", L), export.metrics_csv(coded), file_name="kastje-metrics.csv",
                       mime="text/csv", on_click="ignore", key="dl_metrics")
    c2.download_button(t("dl_events", L), lambda: export.events_csv(coded, sc.clock.hours_per_day * 60), file_name="kastje-events.csv",
                       mime="text/csv", on_click="ignore", key="dl_events")
    stories = overload_texts(runs, sc, L, "overloaded_short") + [story(label, run, L, sc.horizon_days) for label, run in runs.items()]
    c3.download_button(t("dl_pdf", L), lambda: pdf_report(runs, priced, L, stories), file_name="kastje-report.pdf",
                       mime="application/pdf", on_click="ignore", key="dl_pdf")


main()
