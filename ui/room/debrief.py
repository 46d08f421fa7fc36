"""Page: the debrief of a played round — the moment the session exists for.

Per table, the team's figures (folded by the simulation's own counting) beside the band of
simulated rounds of the same citizens under the same setting, and beside the other tables; the
three A&O lessons with those numbers; the hand-off networks; the worst journeys replayed step
by step; questions for the group; the handout (PDF) and the round's events (CSV). It needs the
facilitator key (?code=…&key=…), and works after the session ended too.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from report import charts, export
from report.debrief import band_note, lessons, questions, span
from report.format import metric_value
from report.handout import session_handout as handout
from sim.counting.metrics import summarize
from sim.language import t
from sim.scenario.presets import setting_name
from ui.common.markup import lang, name_of, plain
from ui.common.replay import replay
from ui.common.widgets import figure
from ui.room import board as room
from ui.room.live import param, refusal, service
from workshop.debrief import BAND_METRICS, debrief, played_ticks
from workshop.service import Refused

BAND_ROUNDS = 50          # simulated rounds of the same citizens per table


@st.cache_resource(show_spinner=False, max_entries=32)
def _report(code: str, number: int, ends: tuple, _tables: dict, names: tuple, pace: float) -> dict:
    """Computed once per played round (keyed by where each table ended)."""
    return debrief(_tables, BAND_ROUNDS, names=dict(names), pace=pace)


def report_of(svc, code: str, number: int, tables: dict) -> dict:
    settings = svc.setting_names(code)[number - 1]
    ends = tuple((name, played_ticks(tbl)) for name, tbl in tables.items())
    return _report(code, number, ends, tables, tuple((n, settings[n]) for n in tables), svc.config(code)["pace"])


def worst(table, row: dict) -> tuple[list, str]:
    events = [e for e in table.log.events if e.citizen == row["citizen"]]
    return events, row["outcome"]


def figures_table(report: dict, L: str) -> None:
    rows = [{"": t("m_" + m, L), **{t("ws_table_short", L, table=n): span(tbl, m, L) for n, tbl in report.items()}}
            for m in BAND_METRICS]
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
    st.caption(t("ho_band_note", L))


def over_time(report: dict, code: str, number: int, ends: tuple, L: str) -> None:
    """Each table's round over time, frozen where it ended, over the band of the same simulated
    rounds as the figures above (workshop.timeline)."""
    for name, tbl in report.items():
        title = t("ot_title", L, table=name)
        figure(lambda tbl=tbl, title=title: charts.over_time(tbl["timeline"], tbl["timeline_band"], L, title),
               title, f"debrief_over_time_{number}_{name}", L, ("ws_over_time_frozen", code, number, ends, name, L))
    st.caption(t("ot_caption", L, n=BAND_ROUNDS))


def rounds_side_by_side(played: dict, settings: list, L: str) -> None:
    """When several rounds were played: the same citizens under each round's settings."""
    if len(played) < 2:
        return
    st.subheader(t("wd_rounds", L))
    rows = []
    for number, tables in played.items():
        for name, table in tables.items():
            m = summarize(table.model.ledger)
            rows.append({t("ws_round", L): number, t("ws_table", L): name,
                         t("ws_col_setting", L): setting_name(settings[number - 1][name], L),
                         **{t("m_" + k, L): metric_value(k, m[k], L) for k in
                            ("handoffs", "retellings", "wrong_referrals", "gave_up_rate", "lead_time_days")}})
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")


def journeys(report: dict, tables: dict, sc, L: str, number: int) -> None:
    st.subheader(t("wd_worst", L))
    cases = {c.id: name_of(c.title, L) for c in sc.cases}
    options = [(name, row) for name, tbl in report.items() for row in tbl["worst_journeys"]]
    if not options:
        st.caption(t("ws_no_journeys", L))
        return
    labels = [t("wd_journey_label", L, table=name, n=row["citizen"], case=cases.get(row["case"], row["case"]),
                tellings=int(row["tellings"]), handoffs=int(row["handoffs"])) for name, row in options]
    pick = st.selectbox(t("wd_pick_journey", L), range(len(options)), format_func=lambda i: labels[i],
                        key=f"wd_journey_{number}")
    name, row = options[pick]
    events, outcome = worst(tables[name], row)
    replay(events, sc, L, f"wd_{number}_{name}_{row['citizen']}", outcome, ("ws", name, number, row["citizen"]))


def main() -> None:
    L = lang()
    st.header(t("page_debrief", L))
    code, key = param("code"), param("key")
    if not (code and key):
        st.info(t("wd_need_key", L))
        return
    svc = service()
    try:
        played = svc.played(code, key)
    except Refused as err:
        refusal(err, L)
        return
    if not played:
        st.info(t("wd_nothing_yet", L))
        return
    sc = svc.scenario(code)
    number = st.radio(t("ws_round", L), list(played), index=len(played) - 1, horizontal=True, key="wd_round",
                      format_func=lambda n: t("ws_round_n", L, n=n))
    tables = played[number]
    if not all(tbl.over for tbl in tables.values()):
        st.warning(t("wd_still_playing", L, n=number))
        return
    ends = tuple((name, played_ticks(tbl)) for name, tbl in tables.items())
    with st.spinner(t("wd_computing", L, n=BAND_ROUNDS)):
        report = report_of(svc, code, number, tables)
    st.caption(t("wd_intro", L, n=BAND_ROUNDS))
    st.subheader(t("wd_figures", L))
    figures_table(report, L)
    figure(lambda: charts.band(report, list(BAND_METRICS), L), t("wd_figures", L), f"debrief_band_{number}", L,
           ("ws_band", code, number, ends, L))
    over_time(report, code, number, ends, L)
    rounds_side_by_side(played, svc.setting_names(code), L)
    st.subheader(t("lessons", L))
    for name, tbl in report.items():
        for line in lessons(name, tbl, L):
            st.markdown(line)
        st.info(band_note(name, tbl, L))
    st.subheader(t("network", L))
    for col, (name, tbl) in zip(st.columns(len(report)), report.items()):
        with col:
            room.network({"table": name, "edges": tbl["edges"]}, sc, L, f"debrief_{number}", download=True)
    journeys(report, tables, sc, L, number)
    st.subheader(t("ws_questions", L))
    st.markdown("\n".join(f"- {plain(q)}" for q in questions(report, sc, L)))
    st.subheader(t("export", L))
    c1, c2 = st.columns(2)
    c1.download_button(t("wd_handout", L), lambda: session_handout(svc, code, played, sc, L),
                       file_name=t("wd_file", L, code=code) + ".pdf", mime="application/pdf", on_click="ignore",
                       key="wd_pdf", help=t("wd_handout_help", L))
    c2.download_button(t("wd_csv", L), lambda: export.round_csv(tables, number, sc.clock.hours_per_day * 60),
                       file_name=t("wd_file_round", L, code=code, n=number) + ".csv", mime="text/csv",
                       on_click="ignore", key="wd_csv")


def session_handout(svc, code: str, played: dict, sc, L: str) -> bytes:
    """Every round that is over, in one handout (the same path as `kastje workshop handout`),
    each round's debrief from this page's cache."""
    return handout(svc, code, played, sc, L, report_of=lambda n, tables: report_of(svc, code, n, tables))


main()
