"""The business case as a PDF for a management team (no Streamlit here): the verdict, a year of
each way of working with its interval, FTE per desk, the settings, every assumption with its
source as the scenario file gives it, the date and the scenario's fingerprint."""

from __future__ import annotations

import datetime as dt
import io
import textwrap

import matplotlib.pyplot as plt
from matplotlib.backends.backend_pdf import PdfPages

from report.business import ROWS, cell, verdict
from report.compare_pdf import _unmark
from sim.experiments.business import difference_per_year, per_year
from sim.experiments.replications import fingerprint
from sim.language import num, t
from sim.scenario.levers import LEVERS
from sim.scenario.presets import setting_name
from sim.scenario.sources import assumptions

A4 = (8.27, 11.69)


def _text(fig, y: float, lines: list[str], size: float = 8.5, wrap: int = 105, gap: float = 0.0135) -> float:
    for line in lines:
        wrapped = textwrap.fill(_unmark(line), wrap)
        fig.text(0.06, y, wrapped, fontsize=size, va="top")
        y -= gap * (wrapped.count("\n") + 1) + 0.005
    return y


def _table(fig, y: float, rows: list[list[str]], header: list[str], widths: list[float] | None = None,
           size: float = 7.5, tall: bool = False) -> float:
    """A table whose top is at ``y``; with ``tall``, a row with wrapped text gets its lines' height."""
    lines = [max(cell.count("\n") + 1 for cell in row) if tall else 1 for row in rows]
    height = 0.0165 * (sum(lines) + 1) if tall else 0.021 * (len(rows) + 1)
    ax = fig.add_axes([0.06, y - height, 0.88, height])
    ax.axis("off")
    table = ax.table(cellText=rows, colLabels=header, cellLoc="left", bbox=[0, 0, 1, 1], colWidths=widths)
    table.auto_set_font_size(False)
    table.set_fontsize(size)
    if tall:
        unit = 1.0 / (sum(lines) + 1)
        for (row, _), c in table.get_celld().items():
            c.set_height(unit * (lines[row - 1] if row else 1))
    return y - height


def business_pdf(runs: dict, sc, scenario_text: str, L: str, today: dt.date | None = None) -> bytes:
    today = today or dt.date.today()
    labels = list(runs)
    years = {label: per_year(run, sc) for label, run in runs.items()}
    first = next(iter(runs.values()))
    buf = io.BytesIO()
    with PdfPages(buf) as pdf:
        fig = plt.figure(figsize=A4)
        fig.text(0.06, 0.965, t("bc_pdf_title", L, b=setting_name(labels[-1], L), a=setting_name(labels[0], L)),
                 fontsize=14, weight="bold", va="top")
        y = _text(fig, 0.93, [t("bc_pdf_sub", L, date=today.isoformat(), name=sc.name.get(L),
                                  fingerprint=fingerprint(sc), citizens=first.citizens, reps=first.replications,
                                  seed=first.seed)], size=8)
        if len(labels) > 1:
            diff = difference_per_year(runs[labels[0]], runs[labels[-1]], sc)
            y = _text(fig, y - 0.01, [verdict(labels[0], labels[-1], diff, L)], size=10, wrap=90, gap=0.016)
        header = [t("bc_year", L, inflow=num(sc.yearly_inflow, L, 0))] + [setting_name(x, L) for x in labels]
        rows = [[t("bc_" + key, L)] + [cell(key, years[x][key], L) for x in labels] for key in ROWS]
        rows.append([t("bc_fte", L)] + [cell("fte", years[x]["fte"]["total"], L) for x in labels])
        y = _table(fig, y - 0.02, rows, header, [0.34] + [0.66 / len(labels)] * len(labels))
        names = {r.id: r.name.get(L) for r in sc.roles}
        rows = [[names[role]] + [cell("fte", years[x]["fte"][role], L) for x in labels] for role in names]
        y = _table(fig, y - 0.03, rows, [t("bc_fte_per_desk", L)] + [setting_name(x, L) for x in labels],
                   [0.34] + [0.66 / len(labels)] * len(labels), size=7)
        _text(fig, y - 0.015, [t("bc_fte_note", L), t("bc_harm", L, horizon=num(sc.horizon_days, L, 0))], size=7.5)
        pdf.savefig(fig)
        plt.close(fig)

        fig = plt.figure(figsize=A4)
        fig.text(0.06, 0.965, t("settings", L), fontsize=13, weight="bold", va="top")
        needs = {n.id: n.name.get(L) for n in sc.needs}
        rows = [[t(lever.label, L)] + [lever.said(getattr(run_setting(runs[x]), key), L, needs) for x in labels]
                for key, lever in LEVERS.items()]
        y = _table(fig, 0.93, rows, [""] + [setting_name(x, L) for x in labels],
                   [0.34] + [0.66 / len(labels)] * len(labels), size=7)
        fig.text(0.06, y - 0.03, t("bc_assumptions", L), fontsize=13, weight="bold", va="top")
        found = assumptions(scenario_text)
        rows = [[a["section"], a["key"], a["value"], textwrap.fill(textwrap.shorten(a["note"] or "–", 170), 88)]
                for a in found]
        _table(fig, y - 0.06, rows, [t("bc_col_section", L), t("bc_col_key", L), t("bc_col_value", L),
                                     t("bc_col_source", L)], [0.11, 0.23, 0.08, 0.58], size=6, tall=True)
        pdf.savefig(fig)
        plt.close(fig)
    return buf.getvalue()


def run_setting(run):
    """A run's setting as a model (an app run keeps it as a dict)."""
    from sim.scenario.schema import Setting
    setting = run.setting
    return setting if isinstance(setting, Setting) else Setting.model_validate(setting)
