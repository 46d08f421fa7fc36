"""The debrief handout: a PDF of the whole session for everyone who was in the room (no
Streamlit here). Page 1 the rounds side by side and the three lessons, then per round its
figures beside the band of the same citizens, the hand-off networks, and the hardest journeys
with the questions for the group."""

from __future__ import annotations

import datetime as dt
import io
import textwrap

import matplotlib.pyplot as plt
from matplotlib.backends.backend_pdf import PdfPages

from report import charts
from report.compare_pdf import _unmark
from report.debrief import band_note, lessons, questions, span
from report.format import metric_value
from sim.language import t
from sim.scenario.presets import setting_name
from workshop.debrief import BAND_METRICS

A4 = (8.27, 11.69)
WRAP = 100
SIDE_BY_SIDE = ("handoffs", "retellings", "wrong_referrals", "gave_up_rate", "resolved_rate", "lead_time_days")


def _text(fig, y: float, lines: list[str], size: float = 9, gap: float = 0.0145) -> float:
    """Write wrapped lines from the top at ``y`` (figure fraction); returns where they end."""
    for line in lines:
        wrapped = textwrap.fill(_unmark(line), WRAP)
        fig.text(0.06, y, wrapped, fontsize=size, va="top")
        y -= gap * (wrapped.count("\n") + 1) + 0.006
    return y


def _image(fig, box: list[float], chart) -> None:
    ax = fig.add_axes(box)
    ax.imshow(plt.imread(io.BytesIO(charts.png(chart)), format="png"))
    ax.axis("off")
    plt.close(chart)


def _table(fig, y: float, rows: list[list[str]], header: list[str], size: float = 8) -> float:
    """A table whose top is at ``y``; returns where it ends."""
    height = 0.024 * (len(rows) + 1)
    ax = fig.add_axes([0.06, y - height, 0.88, height])
    ax.axis("off")
    table = ax.table(cellText=rows, colLabels=header, cellLoc="left", bbox=[0, 0, 1, 1])
    table.auto_set_font_size(False)
    table.set_fontsize(size)
    return y - height


def _title(fig, text: str, size: float = 13) -> None:
    fig.text(0.06, 0.96, text, fontsize=size, weight="bold", va="top")


def handout(code: str, rounds: dict[int, dict], sc, L: str, journeys: dict[tuple[int, str], tuple[list, str]],
            settings: dict[int, dict[str, str]], today: dt.date | None = None) -> bytes:
    """``rounds``: per round number, workshop.debrief.debrief of its tables; ``settings``: per
    round, each table's setting; ``journeys``: per (round, table) the events and outcome of its
    hardest journey."""
    today = today or dt.date.today()
    buf = io.BytesIO()
    with PdfPages(buf) as pdf:
        fig = plt.figure(figsize=A4)
        _title(fig, t("ho_title", L), 15)
        y = _text(fig, 0.925, [t("ho_sub", L, code=code, date=today.isoformat(), scenario=sc.name.get(L))])
        rows = [[t("ws_round_n", L, n=n), t("ws_table_short", L, table=name), setting_name(settings[n][name], L)]
                + [metric_value(m, tbl["metrics"][m], L) for m in SIDE_BY_SIDE]
                for n, report in rounds.items() for name, tbl in report.items()]
        fig.text(0.06, y - 0.01, t("wd_rounds", L), fontsize=11, weight="bold", va="top")
        y = _table(fig, y - 0.04, rows, ["", "", ""] + [t("m_" + m, L) for m in SIDE_BY_SIDE], size=7)
        fig.text(0.06, y - 0.03, t("lessons", L), fontsize=11, weight="bold", va="top")
        y -= 0.06
        for n, report in rounds.items():
            for name, tbl in report.items():
                head = f"{t('ws_round_n', L, n=n)} · {t('ws_table_short', L, table=name)} · {setting_name(settings[n][name], L)}"
                y = _text(fig, y, [head] + lessons(name, tbl, L)[:3] + [band_note(name, tbl, L)], size=8) - 0.008
        pdf.savefig(fig)
        plt.close(fig)

        for n, report in rounds.items():
            fig = plt.figure(figsize=A4)
            _title(fig, t("ho_round", L, n=n))
            rows = [[t("m_" + m, L)] + [_unmark(span(tbl, m, L)) for tbl in report.values()] for m in BAND_METRICS]
            header = [""] + [f"{t('ws_table_short', L, table=name)} ({setting_name(settings[n][name], L)})"
                             for name in report]
            y = _table(fig, 0.92, rows, header)
            fig.text(0.06, y - 0.012, t("ho_band_note", L), fontsize=7.5, color="#555", va="top")
            _image(fig, [0.04, 0.04, 0.92, y - 0.08], charts.band(report, list(BAND_METRICS), L))
            pdf.savefig(fig)
            plt.close(fig)

        fig = plt.figure(figsize=A4)
        _title(fig, t("ho_networks", L))
        cols = max(len(report) for report in rounds.values())
        height, width = 0.9 / len(rounds), 0.92 / cols
        for r, (n, report) in enumerate(rounds.items()):
            for c, (name, tbl) in enumerate(report.items()):
                edges = {(s, d, bool(w)): k for s, d, w, k in tbl["edges"]}
                title = f"{t('ws_round_n', L, n=n)} · {t('ws_table_short', L, table=name)} · {setting_name(settings[n][name], L)}"
                _image(fig, [0.04 + c * width, 0.92 - (r + 1) * height, width, height - 0.01],
                       charts.network_of(edges, 1, sc, L, title))
        fig.text(0.06, 0.02, t("ws_network_caption", L), fontsize=7.5, color="#555")
        pdf.savefig(fig)
        plt.close(fig)

        fig = plt.figure(figsize=A4)
        _title(fig, t("ho_journeys", L))
        shown = list(journeys.items())[:4]
        height = 0.52 / max(len(shown), 1)
        for i, ((n, name), (events, outcome)) in enumerate(shown):
            if events:
                fig.text(0.06, 0.93 - i * height, t("ho_journey_of", L, round=n, table=name, n=events[0].citizen,
                                                      outcome=t("outcome_" + outcome, L)), fontsize=9, va="top")
                _image(fig, [0.04, 0.93 - (i + 1) * height + 0.008, 0.92, height - 0.03], charts.swimlane(events, sc, L))
        fig.text(0.06, 0.38, t("ws_questions", L), fontsize=11, weight="bold", va="top")
        several = len(rounds) > 1
        asked = list(dict.fromkeys(q for n, report in rounds.items()
                                   for q in questions(report, sc, L, n if several else None)))
        _text(fig, 0.35, [f"• {q}" for q in asked], size=8.5)
        pdf.savefig(fig)
        plt.close(fig)
    return buf.getvalue()
