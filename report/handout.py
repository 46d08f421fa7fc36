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
from report.layout import A4, PAD, PDF_FONTS, Flow, width
from sim.language import t
from sim.scenario.presets import setting_name
from workshop.debrief import BAND_METRICS

SIDE_BY_SIDE = ("handoffs", "retellings", "wrong_referrals", "gave_up_rate", "resolved_rate", "lead_time_days")


def round_report(svc, code: str, number: int, tables: dict, replications: int, workers: int | None = None) -> dict:
    """The debrief of one played round: its tables beside ``replications`` simulated rounds of
    the same citizens (workshop.debrief), each table named by its setting in the session."""
    from workshop.debrief import debrief
    settings = svc.setting_names(code)[number - 1]
    return debrief(tables, replications, workers=workers, names={n: settings[n] for n in tables},
                   pace=svc.config(code)["pace"])


def session_handout(svc, code: str, played: dict, sc, L: str, report_of=None, replications: int = 50,
                    workers: int | None = None, today: dt.date | None = None) -> bytes:
    """The handout of every round of a session that is over: what the debrief page offers for
    download and ``kastje workshop handout`` writes. ``played``: Service.played (round number ->
    its tables); ``report_of(number, tables)``: a round's debrief (the page passes its cached one;
    default: ``round_report`` with ``replications`` simulated rounds)."""
    report_of = report_of or (lambda n, tables: round_report(svc, code, n, tables, replications, workers))
    done = {n: tables for n, tables in played.items() if all(tbl.over for tbl in tables.values())}
    reports = {n: report_of(n, tables) for n, tables in done.items()}
    journeys = {(n, name): _worst(done[n][name], tbl["worst_journeys"][0])
                for n, report in reports.items() for name, tbl in report.items() if tbl["worst_journeys"]}
    names = svc.setting_names(code)
    return handout(code, reports, sc, L, journeys, {n: names[n - 1] for n in reports}, today)


def fitted(header: list[str], rows: list[list[str]], size: float, room: float) -> list[float]:
    """Column widths (points) in which no word is cut: each column as wide as its longest
    word (bold in the header) or its longest value, what is left shared out evenly."""
    need = [2 * PAD + 2 + max([width(w, size, True) for w in str(h).split()]
                              + [width(str(r[i]), size) for r in rows], default=0.0)
            for i, h in enumerate(header)]
    first = max([width(w, size) for r in rows for w in str(r[0]).split()], default=0.0) + 2 * PAD + 2
    need[0] = max(first, min(need[0], room / 4))        # the label column may wrap at its spaces
    spare = max(0.0, room - sum(need)) / len(need)
    return [n + spare for n in need]


def _ratio(png: bytes) -> float:
    image = plt.imread(io.BytesIO(png), format="png")
    return image.shape[1] / image.shape[0]


def _date(day: dt.date, L: str) -> str:
    """'4 december 2026', 'December 4, 2026': the date as the reader writes it."""
    from babel.dates import format_date
    try:
        return format_date(day, "long", locale=L)
    except (ValueError, LookupError):
        return day.isoformat()


def _worst(table, row: dict) -> tuple[list, str]:
    """A journey's events (of the citizen in ``row``) and its outcome."""
    return [e for e in table.log.events if e.citizen == row["citizen"]], row["outcome"]


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
        flow.text(t("ho_sub", L, code=code, date=_date(today, L), scenario=sc.name.get(L)), 9, after=8)
        rows = [[f"{t('ws_round_n', L, n=n)} · {t('ws_table_short', L, table=name)} · {setting_name(settings[n][name], L)}"]
                + [metric_value(m, tbl["metrics"][m], L) for m in SIDE_BY_SIDE]
                for n, report in rounds.items() for name, tbl in report.items()]
        header = [""] + [t("m_" + m, L) for m in SIDE_BY_SIDE]
        flow.heading(t("wd_rounds", L), 11)
        flow.table(header, rows, fitted(header, rows, 7, flow.inner), size=7)
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
            flow.text(t("ho_band_key", L), 7.5, color="#555555")
            flow.picture(charts.band(report, list(BAND_METRICS), L), flow.room - 10)
            for name, tbl in report.items():      # the round over time, frozen where the table ended
                title = f"{t('ot_title', L, table=name)} · {setting_name(settings[n][name], L)}"
                flow.picture(charts.over_time(tbl["timeline"], tbl["timeline_band"], L, title), 240)   # the page's width
            flow.text(t("ot_caption", L, n=next(iter(report.values()))["timeline_band"]["rounds"]), 7.5,
                      color="#555555")

        flow.new_page()
        flow.heading(t("ho_networks", L), 13)
        flow.text(t("ws_network_caption", L), 7.5, color="#555555")
        tall = (flow.h - 2 * flow.margin - 60) / 2          # two networks a page, each most of its width
        for n, report in rounds.items():
            for name, tbl in report.items():
                edges = {(s, d, bool(w)): k for s, d, w, k in tbl["edges"]}
                title = f"{t('ws_round_n', L, n=n)} · {t('ws_table_short', L, table=name)} · {setting_name(settings[n][name], L)}"
                flow.picture(charts.network_of(edges, 1, sc, L, title), tall)

        flow.new_page()
        flow.heading(t("ho_journeys", L), 13)
        shown = [(key, value) for key, value in list(journeys.items())[:4] if value[0]]
        for (n, name), (events, outcome) in shown:
            flow.text(t("ho_journey_of", L, round=n, table=name, n=events[0].citizen,
                        outcome=t("outcome_" + outcome, L)), 9)
            png = charts.png(charts.swimlane(events, sc, L))
            flow.picture(png, min(flow.inner / _ratio(png), flow.h - 2 * flow.margin - 40))    # the page's width
        flow.heading(t("ws_questions", L), 11)
        several = len(rounds) > 1
        asked = list(dict.fromkeys(q for n, report in rounds.items()
                                   for q in questions(report, sc, L, n if several else None)))
        for q in asked:
            flow.text(f"• {_unmark(q)}", 8.5, after=3)
        flow.close()
    plt.close("all")
    return buf.getvalue()
