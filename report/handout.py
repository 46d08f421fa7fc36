"""The debrief handout: a PDF of the whole session for everyone who was in the room (no
Streamlit here). Page 1 the rounds side by side and the three lessons, then per round its
figures beside the band of the same citizens, the hand-off networks, and the hardest journeys
with the questions for the group — laid out by report.layout, so nothing runs over anything."""

from __future__ import annotations

import datetime as dt
import io

import matplotlib.pyplot as plt
from matplotlib.backends.backend_pdf import PdfPages

from report import charts
from report.compare_pdf import _unmark
from report.debrief import band_note, lessons, questions, span
from report.format import metric_value
from report.layout import A4, PDF_FONTS, Flow
from sim.language import t
from sim.scenario.presets import setting_name
from workshop.debrief import BAND_METRICS

SIDE_BY_SIDE = ("handoffs", "retellings", "wrong_referrals", "gave_up_rate", "resolved_rate", "lead_time_days")


def handout(code: str, rounds: dict[int, dict], sc, L: str, journeys: dict[tuple[int, str], tuple[list, str]],
            settings: dict[int, dict[str, str]], today: dt.date | None = None) -> bytes:
    """``rounds``: per round number, workshop.debrief.debrief of its tables; ``settings``: per
    round, each table's setting; ``journeys``: per (round, table) the events and outcome of its
    hardest journey."""
    today = today or dt.date.today()
    buf = io.BytesIO()
    with plt.rc_context(PDF_FONTS), PdfPages(buf) as pdf:
        flow = Flow(pdf, A4)
        flow.heading(t("ho_title", L), 15)
        flow.text(t("ho_sub", L, code=code, date=today.isoformat(), scenario=sc.name.get(L)), 9, after=8)
        rows = [[t("ws_round_n", L, n=n), t("ws_table_short", L, table=name), setting_name(settings[n][name], L)]
                + [metric_value(m, tbl["metrics"][m], L) for m in SIDE_BY_SIDE]
                for n, report in rounds.items() for name, tbl in report.items()]
        flow.heading(t("wd_rounds", L), 11)
        flow.table(["", "", ""] + [t("m_" + m, L) for m in SIDE_BY_SIDE], rows, [0.7, 0.6, 1.0] + [1.0] * 6, size=7)
        flow.heading(t("lessons", L), 11)
        for n, report in rounds.items():
            for name, tbl in report.items():
                head = f"{t('ws_round_n', L, n=n)} · {t('ws_table_short', L, table=name)} · {setting_name(settings[n][name], L)}"
                for line in [head] + lessons(name, tbl, L)[:3] + [band_note(name, tbl, L)]:
                    flow.text(_unmark(line), 8, after=3)
                flow.space(4)

        for n, report in rounds.items():
            flow.new_page()
            flow.heading(t("ho_round", L, n=n), 13)
            rows = [[t("m_" + m, L)] + [_unmark(span(tbl, m, L)) for tbl in report.values()] for m in BAND_METRICS]
            header = [""] + [f"{t('ws_table_short', L, table=name)} ({setting_name(settings[n][name], L)})"
                             for name in report]
            flow.table(header, rows, [1.0] + [1.3] * len(report), size=8)
            flow.text(t("ho_band_note", L), 7.5, color="#555555")
            flow.picture(charts.band(report, list(BAND_METRICS), L), flow.room - 10)

        flow.new_page()
        flow.heading(t("ho_networks", L), 13)
        cols = max(len(report) for report in rounds.values())
        each = (flow.inner - 8 * (cols - 1)) / cols
        tall = min(each, (flow.room - 40) / len(rounds))
        for n, report in rounds.items():
            top = flow.y
            for c, (name, tbl) in enumerate(report.items()):
                edges = {(s, d, bool(w)): k for s, d, w, k in tbl["edges"]}
                title = f"{t('ws_round_n', L, n=n)} · {t('ws_table_short', L, table=name)} · {setting_name(settings[n][name], L)}"
                flow.y = top
                flow.picture(charts.network_of(edges, 1, sc, L, title), tall, x=flow.margin + c * (each + 8), room=each)
            flow.y = top + tall + 6
        flow.text(t("ws_network_caption", L), 7.5, color="#555555")

        flow.new_page()
        flow.heading(t("ho_journeys", L), 13)
        shown = [(key, value) for key, value in list(journeys.items())[:4] if value[0]]
        for (n, name), (events, outcome) in shown:
            flow.text(t("ho_journey_of", L, round=n, table=name, n=events[0].citizen,
                        outcome=t("outcome_" + outcome, L)), 9)
            flow.picture(charts.swimlane(events, sc, L), 380 / max(len(shown), 1))
        flow.heading(t("ws_questions", L), 11)
        several = len(rounds) > 1
        asked = list(dict.fromkeys(q for n, report in rounds.items()
                                   for q in questions(report, sc, L, n if several else None)))
        for q in asked:
            flow.text(f"• {_unmark(q)}", 8.5, after=3)
        flow.close()
    plt.close("all")
    return buf.getvalue()
