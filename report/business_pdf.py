"""The business case as a PDF for a management team (no Streamlit here): the verdict, a year of
each way of working with its interval and the paired difference (better or worse only where its
interval excludes zero, by each figure's declared direction), FTE per desk, the settings compared,
every cost assumption with its default, every assumption with its source as the scenario file
gives it, the date and the scenario's fingerprint. ``kastje report --business`` writes it too."""

from __future__ import annotations

import datetime as dt
import io
import textwrap

import matplotlib.pyplot as plt
from matplotlib.backends.backend_pdf import PdfPages

from report.business import ROWS, cell, cost_assumptions, mark, verdict
from report.compare_pdf import BAD, GOOD, _unmark, compared_rows
from report.layout import A4, PDF_FONTS, Cell, Flow
from sim.experiments.business import difference_per_year, per_year
from sim.experiments.replications import fingerprint
from sim.language import num, t
from sim.scenario.presets import setting_name
from sim.scenario.sources import assumptions


def _marked(key: str, m: dict, L: str) -> Cell:
    said = mark(key, m, L)
    return Cell(cell(key, m, L, sign=True) + said, color=(GOOD if said == f" ({t('better', L)})" else BAD) if said else "black")


def business_pdf(runs: dict, sc, scenario_text: str, L: str, today: dt.date | None = None) -> bytes:
    """The business case of ``runs`` (preset code → run; the first is the base of the difference)."""
    today = today or dt.date.today()
    labels = list(runs)
    names = [setting_name(x, L) for x in labels]
    years = {label: per_year(run, sc) for label, run in runs.items()}
    first = next(iter(runs.values()))
    diff = difference_per_year(runs[labels[0]], runs[labels[-1]], sc) if len(labels) > 1 else None
    buf = io.BytesIO()
    with plt.rc_context(PDF_FONTS), PdfPages(buf) as pdf:
        flow = Flow(pdf, A4)
        flow.heading(t("bc_pdf_title", L, b=names[-1], a=names[0]), 14)
        flow.text(t("bc_pdf_sub", L, date=today.isoformat(), name=sc.name.get(L), fingerprint=fingerprint(sc),
                    citizens=first.citizens, reps=first.replications, seed=first.seed), 8)
        if diff is not None:
            flow.text(_unmark(verdict(labels[0], labels[-1], diff, L)), 10, after=8)
        header = [t("bc_year", L, inflow=num(sc.yearly_inflow, L, 0))] + names
        rows = [[t("bc_" + key, L)] + [cell(key, years[x][key], L) for x in labels] for key in ROWS]
        rows.append([t("bc_fte", L)] + [cell("fte", years[x]["fte"]["total"], L) for x in labels])
        if diff is not None:
            header.append(t("bc_difference", L))
            for row, key in zip(rows, ROWS + ("fte",)):
                row.append(_marked(key, diff["fte_total" if key == "fte" else key], L))
        flow.table(header, rows, [1.25] + [1.0] * (len(header) - 1), size=7.5)
        if diff is not None:
            flow.text(t("bc_diff_caption", L), 7.5, color="#555555", after=8)
        roles = {r.id: r.name.get(L) for r in sc.roles}
        flow.table([t("bc_fte_per_desk", L)] + names,
                   [[roles[role]] + [cell("fte", years[x]["fte"][role], L) for x in labels] for role in roles],
                   [1.25] + [1.0] * len(labels), size=7)
        flow.text(t("bc_fte_note", L), 7.5)
        flow.text(t("bc_harm", L, horizon=num(sc.horizon_days, L, 0)), 7.5)

        flow.new_page()
        flow.heading(t("settings", L), 13)
        flow.table([""] + names, compared_rows(runs, sc, L), [1.0] + [1.3] * len(labels), size=7)
        flow.heading(t("bc_costs", L), 13)
        flow.text(t("bc_costs_caption", L), 8, color="#555555")
        flow.table([t("ca_col_what", L), t("ca_col_value", L), t("ca_col_source", L)], cost_assumptions(sc, L),
                   [1.5, 1.5, 0.8], size=7)
        flow.heading(t("bc_assumptions", L), 13)
        rows = [[a["section"], a["key"], a["value"], textwrap.shorten(a["note"] or "–", 170)]
                for a in assumptions(scenario_text)]
        flow.table([t("bc_col_section", L), t("bc_col_key", L), t("bc_col_value", L), t("bc_col_source", L)],
                   rows, [0.11, 0.23, 0.08, 0.58], size=6)
        flow.close()
    plt.close("all")
    return buf.getvalue()


def run_setting(run):
    """A run's setting as a model (an app run keeps it as a dict)."""
    from sim.scenario.schema import Setting
    setting = run.setting
    return setting if isinstance(setting, Setting) else Setting.model_validate(setting)
