"""A one-page PDF for a management team: the comparison in numbers and pictures."""

from __future__ import annotations

import io
import re
import textwrap

import matplotlib.pyplot as plt
from matplotlib.backends.backend_pdf import PdfPages

from report import charts
from report.format import metric_value
from sim.experiments.app_runs import AppRun
from sim.language import t
from sim.scenario.schema import Scenario

REPORT_METRICS = ("handoffs", "retellings", "wrong_referrals", "gave_up_rate", "resolved_rate",
                  "lead_time_days", "staff_minutes", "harm_eur")


def cell(metric: str, m: dict, lang: str) -> str:
    lo, hi = m["ci95"]
    ci = f" [{metric_value(metric, lo, lang)} – {metric_value(metric, hi, lang)}]" if lo is not None else ""
    return metric_value(metric, m["mean"], lang) + ci


def _unmark(text: str) -> str:
    """Markdown as plain text: no bold markers, no escapes, no zero-width spaces."""
    return re.sub(r"\\(.)", r"\1", text.replace("**", "")).replace("\u200b", "")


def pdf_report(runs: dict[str, AppRun], scenario: Scenario, lang: str, stories: list[str]) -> bytes:
    first = next(iter(runs.values()))
    fig = plt.figure(figsize=(11.69, 8.27))            # A4 landscape
    fig.suptitle(f"{t('report_title', lang)} — {scenario.name.get(lang)}", fontsize=13, x=0.03, ha="left")
    text = "\n".join(textwrap.fill(_unmark(s), 120) for s in stories)
    fig.text(0.03, 0.9, text, fontsize=9, va="top")
    table_ax = fig.add_axes([0.03, 0.38, 0.45, 0.42])
    table_ax.axis("off")
    rows = [[t("m_" + m, lang)] + [cell(m, run.metrics[m], lang) for run in runs.values()] for m in REPORT_METRICS]
    table = table_ax.table(cellText=rows, colLabels=[""] + list(runs), loc="upper left", cellLoc="left")
    table.auto_set_font_size(False)
    table.set_fontsize(8)
    table.scale(1, 1.5)
    table.auto_set_column_width([0, 1, 2, 3])
    widest = charts.busiest_edge(runs.values())
    for i, (label, run) in enumerate(list(runs.items())[:2]):
        net = charts.network(run, scenario, lang, label, widest)
        ax = fig.add_axes([0.50 + 0.25 * i, 0.33, 0.24, 0.5])
        ax.imshow(plt.imread(io.BytesIO(charts.png(net)), format="png"))
        ax.axis("off")
        plt.close(net)
    funnel = charts.funnel(runs, lang)
    ax = fig.add_axes([0.03, 0.04, 0.94, 0.28])
    ax.imshow(plt.imread(io.BytesIO(charts.png(funnel)), format="png"))
    ax.axis("off")
    plt.close(funnel)
    fig.text(0.03, 0.015, t("report_footer", lang, citizens=first.citizens, reps=first.replications,
                            seed=first.seed), fontsize=8, color="#555")
    buf = io.BytesIO()
    with PdfPages(buf) as pdf:
        pdf.savefig(fig)
        plt.close(fig)
        pdf.savefig(profiles_page(runs, scenario, lang))
    plt.close("all")
    return buf.getvalue()


PROFILE_METRICS = ("resolved_rate", "gave_up_rate", "retellings", "lead_time_days", "staff_minutes")


def profiles_page(runs: dict[str, AppRun], scenario: Scenario, lang: str):
    """Page 2: who each way of working serves and whom it fails, per citizen profile."""
    fig = plt.figure(figsize=(11.69, 8.27))
    fig.suptitle(t("who_fails", lang), fontsize=13, x=0.03, ha="left")
    fig.text(0.03, 0.9, textwrap.fill(_unmark(t("who_fails_caption", lang)), 150), fontsize=8, va="top", color="#555")
    names = {p.id: p.name.get(lang) for p in scenario.profiles}
    header = [t("profile", lang)] + ["\n".join(textwrap.wrap(t("m_" + m, lang), 18) + [label])
                                     for m in PROFILE_METRICS for label in runs]
    rows = [[name] + [cell(m, runs[label].by("profile")[pid][m], lang) if runs[label].by("profile").get(pid) else "–"
                      for m in PROFILE_METRICS for label in runs] for pid, name in names.items()]
    ax = fig.add_axes([0.03, 0.52, 0.94, 0.34])
    ax.axis("off")
    width = 0.88 / (len(header) - 1)
    table = ax.table(cellText=rows, colLabels=header, cellLoc="center", bbox=[0, 0, 1, 1],
                     colWidths=[0.12] + [width] * (len(header) - 1))
    table.auto_set_font_size(False)
    table.set_fontsize(6.5)
    for (row, _), c in table.get_celld().items():
        if row == 0:
            c.set_height(c.get_height() * 2.2)
    chart = charts.by_group(runs, "gave_up_rate", "profile", names, lang)
    ax = fig.add_axes([0.03, 0.04, 0.94, 0.46])
    ax.imshow(plt.imread(io.BytesIO(charts.png(chart)), format="png"))
    ax.axis("off")
    plt.close(chart)
    return fig
