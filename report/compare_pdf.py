"""The management report (PDF, no Streamlit here): which two ways of working were compared, an
overloaded desk before any figure, the figures with their paired differences, the hand-off
networks and the funnel; per citizen profile whom each serves and fails; and what was compared —
the settings, every cost assumption with its default, the run. ``kastje report`` writes it too."""

from __future__ import annotations

import io
import re

import matplotlib.pyplot as plt
from matplotlib.backends.backend_pdf import PdfPages

from report import charts
from report.business import cost_assumptions
from report.format import shown, signed
from report.layout import A4_LANDSCAPE, PDF_FONTS, Cell, Flow
from sim.counting.metrics import METRICS
from sim.experiments.app_runs import AppRun
from sim.experiments.replications import fingerprint, warmup_of
from sim.experiments.statistics import paired, paired_by
from sim.language import num, t
from sim.scenario.levers import LEVERS
from sim.scenario.presets import setting_name
from sim.scenario.schema import Scenario, Setting

REPORT_METRICS = ("handoffs", "retellings", "wrong_referrals", "gave_up_rate", "resolved_rate",
                  "lead_time_days", "staff_minutes", "failure_demand_share", "harm_eur")
PROFILE_METRICS = ("resolved_rate", "gave_up_rate", "retellings", "lead_time_days", "staff_minutes",
                   "failure_demand_share")
GOOD, BAD = "#1b7837", "#b2182b"


def cell(metric: str, m: dict, lang: str) -> str:
    """A mean with its 95% interval, never '-0'."""
    lo, hi = m["ci95"]
    ci = f" [{shown(metric, lo, lang)} – {shown(metric, hi, lang)}]" if lo is not None else ""
    return shown(metric, m["mean"], lang) + ci


def _unmark(text: str) -> str:
    """Markdown as plain text: no bold markers, no escapes, no zero-width spaces."""
    return re.sub(r"\\(.)", r"\1", text.replace("**", "")).replace("\u200b", "")


def clear(m: dict | None) -> bool:
    lo, hi = (m or {}).get("ci95", [None, None])
    return lo is not None and hi is not None and (lo > 0 or hi < 0)


def difference(metric: str, d: dict, lang: str) -> Cell:
    """A paired difference with its interval; better or worse (and its colour) only where the
    interval excludes zero, by the metric's declared direction."""
    scale, digits = (100, 1) if METRICS[metric].share else (1, max(METRICS[metric].digits, 1))
    lo, hi = d["ci95"]
    text = signed(scale * d["mean"], lang, digits) if d["mean"] is not None else "–"
    if lo is not None:
        text += f" [{signed(scale * lo, lang, digits)} – {signed(scale * hi, lang, digits)}]"
    if METRICS[metric].share:
        text += " " + t("points", lang)
    better = METRICS[metric].is_better(d["mean"]) if clear(d) else None
    if better is None:
        return Cell(text)
    return Cell(f"{text} ({t('better' if better else 'worse', lang)})", color=GOOD if better else BAD)


def summary(runs: dict[str, AppRun], scenario: Scenario, lang: str) -> list[str]:
    """What the report says before any figure: each overloaded desk, then each setting's story."""
    roles = {r.id: r.name.get(lang) for r in scenario.roles}
    lines = [t("overloaded_short", lang, setting=label, desk=roles.get(role, role), load=num(run.offered[role], lang, 2))
             for label, run in runs.items() for role in run.overloaded]
    for label, run in runs.items():
        m = {k: v["mean"] for k, v in run.metrics.items()}
        lines.append(t("story", lang, setting=label, desks=num(m["distinct_roles"], lang),
                       tellings=num(m["tellings"], lang), gave_up=num(100 * m["gave_up_rate"], lang, 0),
                       helped=num(100 * m["resolved_rate"], lang, 0), lead=num(m["lead_time_days"], lang),
                       horizon=num(scenario.horizon_days, lang, 0)))
    return lines


def named(codes: list[str], lang: str) -> dict[str, str]:
    """Display name → preset code ("verkokerd" for chaos in Dutch); two that would read alike keep
    their codes, so the two columns stay apart (as the app's pages do)."""
    names = [setting_name(code, lang) for code in codes]
    return {(name if names.count(name) == 1 else code): code for name, code in zip(names, codes)}


def _title(labels: list[str], scenario: Scenario, lang: str) -> str:
    a, b = (labels * 2)[:2]
    title = t("report_title", lang, a=a, b=b)
    return f"{title[:1].upper()}{title[1:]} — {scenario.name.get(lang)}"


def pdf_report(runs: dict[str, AppRun], scenario: Scenario, lang: str, stories: list[str] | None = None,
               codes: dict[str, str] | None = None, warmup_days: float | None = None) -> bytes:
    """The report of ``runs`` (display name → run; ``codes`` maps a display name to its preset
    when they differ), with ``stories`` said first (default: ``summary``)."""
    codes = codes or {}
    stories = summary(runs, scenario, lang) if stories is None else stories
    buf = io.BytesIO()
    with plt.rc_context(PDF_FONTS), PdfPages(buf) as pdf:
        flow = Flow(pdf, A4_LANDSCAPE, margin=30)
        _first_page(flow, runs, scenario, lang, stories)
        flow.new_page()
        _profiles_page(flow, runs, scenario, lang)
        flow.new_page()
        _compared_page(flow, runs, scenario, lang, codes, warmup_days)
        flow.close()
    plt.close("all")
    return buf.getvalue()


def _first_page(flow: Flow, runs: dict[str, AppRun], scenario: Scenario, lang: str, stories: list[str]) -> None:
    labels = list(runs)
    flow.heading(_title(labels, scenario, lang), 13)
    for line in stories:
        flow.text(_unmark(line), 8.5, color=BAD if line in stories[:sum(len(r.overloaded) for r in runs.values())]
                  else "black", after=2)
    flow.space(6)
    header = [""] + labels
    diffs = paired(runs[labels[0]].per_replication, runs[labels[1]].per_replication) if len(labels) > 1 else {}
    if diffs:
        header.append(t("bc_difference", lang))
    rows = [[t("m_" + m, lang)] + [cell(m, run.metrics[m], lang) for run in runs.values()]
            + ([difference(m, diffs[m], lang)] if diffs else []) for m in REPORT_METRICS]
    top = flow.y
    left = flow.inner * 0.56
    flow.table(header, rows, [0.9] + [1.0] * len(labels) + ([1.25] if diffs else []), size=7.5, room=left, after=0)
    below_table = flow.y
    flow.y = top
    widest = charts.busiest_edge(runs.values())
    right = flow.inner - left - 12
    each = right / min(2, len(labels))
    for i, (label, run) in enumerate(list(runs.items())[:2]):
        flow.y = top
        flow.picture(charts.network(run, scenario, lang, label, widest), min(each, below_table - top + 60),
                     x=flow.margin + left + 12 + i * each, room=each, after=0)
    flow.y = max(below_table, flow.y) + 8
    funnel_h = min(150.0, flow.room - 20)
    flow.picture(charts.funnel(runs, lang), funnel_h)
    first = next(iter(runs.values()))
    flow.text(t("report_footer", lang, citizens=first.citizens, reps=first.replications, seed=first.seed),
              7.5, color="#555555")


def _profiles_page(flow: Flow, runs: dict[str, AppRun], scenario: Scenario, lang: str) -> None:
    """Who each way of working serves and whom it fails, per citizen profile: a row per profile
    and setting, the second setting's cells marked better or worse where the paired interval
    (the same citizens) excludes zero."""
    labels = list(runs)
    flow.heading(t("who_fails", lang), 13)
    flow.text(t("rp_who_caption", lang), 8, color="#555555")
    base = runs[labels[0]]
    diffs = {label: paired_by(base.per_replication, runs[label].per_replication, "profile") for label in labels[1:]}
    header = [t("profile", lang), ""] + [t("m_" + m, lang) for m in PROFILE_METRICS]
    rows = []
    for p in scenario.profiles:
        for label in labels:
            row = [p.name.get(lang) if label == labels[0] else "", label]
            for m in PROFILE_METRICS:
                figure = runs[label].by("profile").get(p.id, {}).get(m)
                if not figure or figure["mean"] is None:
                    row.append("–")
                    continue
                d = diffs.get(label, {}).get(p.id, {}).get(m)
                better = METRICS[m].is_better(d["mean"]) if clear(d) else None
                text = cell(m, figure, lang)
                row.append(Cell(text) if better is None else
                           Cell(f"{text} ({t('better' if better else 'worse', lang)})", color=GOOD if better else BAD))
            rows.append(row)
    flow.table(header, rows, [1.1, 0.9] + [1.3] * len(PROFILE_METRICS), size=7)
    names = {p.id: p.name.get(lang) for p in scenario.profiles}
    flow.picture(charts.by_group(runs, "gave_up_rate", "profile", names, lang), min(260.0, flow.room - 10))


def _setting_of(run) -> Setting:
    return run.setting if isinstance(run.setting, Setting) else Setting.model_validate(run.setting)


def compared_rows(runs: dict, scenario: Scenario, lang: str, codes: dict[str, str] | None = None) -> list[list[str]]:
    """The settings side by side: each one's description, then every lever that applies in words."""
    codes = codes or {}
    settings = {label: _setting_of(run) for label, run in runs.items()}
    needs = {n.id: n.name.get(lang) for n in scenario.needs}
    rows = [[t("rp_description", lang)] + [s.description.get(lang) if s.description else setting_name(codes.get(x, x), lang)
                                          for x, s in settings.items()]]
    rows += [[t(lever.label, lang)] + [lever.said(getattr(s, key), lang, needs) for s in settings.values()]
             for key, lever in LEVERS.items() if lever.applies(scenario)]
    return rows


def _compared_page(flow: Flow, runs: dict[str, AppRun], scenario: Scenario, lang: str, codes: dict[str, str],
                   warmup_days: float | None) -> None:
    labels = list(runs)
    flow.heading(t("rp_compared", lang), 13)
    first = next(iter(runs.values()))
    flow.text(t("rp_run", lang, citizens=first.citizens, warmup=num(warmup_of(scenario, warmup_days), lang, 0),
                reps=first.replications, seed=first.seed, horizon=num(scenario.horizon_days, lang, 0),
                fingerprint=fingerprint(scenario)), 8.5)
    flow.table([""] + labels, compared_rows(runs, scenario, lang, codes), [1.0] + [1.4] * len(labels), size=7.5)
    flow.heading(t("bc_costs", lang), 11)
    flow.text(t("bc_costs_caption", lang), 8, color="#555555")
    flow.table([t("ca_col_what", lang), t("ca_col_value", lang), t("ca_col_source", lang)],
               cost_assumptions(scenario, lang), [1.6, 1.6, 0.8], size=7.5)
