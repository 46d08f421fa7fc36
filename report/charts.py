"""Matplotlib figures for the app and the PDF report (no Streamlit here).

Each function returns a Figure; the pages show it and offer it as PNG.
"""

from __future__ import annotations

import io
import math
import re
import textwrap

import matplotlib
import numpy as np

matplotlib.use("Agg")
import matplotlib.collections
import matplotlib.pyplot as plt
import networkx as nx

from report.format import is_share, metric_value
from sim.counting.network import handoff_graph
from sim.events.kinds import TELLING, handoff
from sim.experiments.app_runs import AppRun
from sim.language import num, t
from sim.scenario.schema import Scenario

COLORS = ["#c0392b", "#2471a3", "#7d3c98", "#229954"]   # left, right, extra settings
OUTCOME_COLORS = {"resolved": "#2e8b57", "partly": "#9acd32", "gave_up": "#c0392b", "open": "#b0b0b0"}
# text.parse_math off: names come from scenario files and "$5" is money, not a formula
plt.rcParams.update({"font.size": 9, "axes.spines.top": False, "axes.spines.right": False, "text.parse_math": False})


def png(fig) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=120, bbox_inches="tight")
    return buf.getvalue()


class _Ticks(matplotlib.ticker.Formatter):
    """Tick labels in the reader's language with as many decimals as the tick spacing needs, so
    neighbouring ticks never read alike ("1,4 1,4"), and zero is never "-0"."""

    def __init__(self, lang: str, digits: int):
        self.lang, self.digits, self.ticks = lang, digits, []

    def set_locs(self, locs) -> None:
        self.ticks = [float(v) for v in locs if math.isfinite(v)]

    def __call__(self, value, pos=None) -> str:
        step = min((abs(b - a) for a, b in zip(self.ticks, self.ticks[1:]) if b != a), default=None)
        digits = self.digits if step is None else next(
            (d for d in range(5) if abs(step * 10 ** d - round(step * 10 ** d)) < 1e-6 * max(1.0, step * 10 ** d)), 4)
        return num(0.0 if abs(value) < 0.5 * 10 ** -digits else value, self.lang, digits)


def _decimal(ax, lang: str, axis: str = "y", digits: int = 1) -> None:
    (ax.yaxis if axis == "y" else ax.xaxis).set_major_formatter(_Ticks(lang, digits))


def headline(runs: dict[str, AppRun], metrics: list[str], lang: str):
    """One small panel per metric: a bar per setting with its 95% CI; rates in %, as the pages
    show them."""
    cols = 3
    rows = math.ceil(len(metrics) / cols)
    fig, axes = plt.subplots(rows, cols, figsize=(9, 2.4 * rows), squeeze=False)
    labels = list(runs)
    for ax, metric in zip(axes.flat, metrics):
        scale = 100 if is_share(metric) else 1
        for i, label in enumerate(labels):
            m = runs[label].metrics[metric]
            mean = scale * (m["mean"] or 0.0)
            lo, hi = m["ci95"]
            err = [[max(0.0, mean - scale * lo)], [max(0.0, scale * hi - mean)]] if lo is not None else None
            ax.bar(i, mean, color=COLORS[i % 4], yerr=err, capsize=4, width=0.6)
            text = num(mean, lang, 2 if abs(mean) < 10 and scale == 1 else 0)
            ax.annotate(text.lstrip("-") if not any(c in "123456789" for c in text) else text, (i, mean),
                        ha="center", va="bottom", xytext=(0, 3), textcoords="offset points", fontsize=8)
        ax.set_title(t("m_" + metric, lang) + (" (%)" if scale == 100 else ""), fontsize=9)
        ax.set_xticks(range(len(labels)), labels, fontsize=8)
        ax.margins(y=0.2)
        _decimal(ax, lang)
    for ax in list(axes.flat)[len(metrics):]:
        ax.axis("off")
    fig.tight_layout()
    return fig


def funnel(runs: dict[str, AppRun], lang: str):
    """Arrived -> helped / partly / gave up / still open, per 100 citizens."""
    fig, ax = plt.subplots(figsize=(9, 0.9 + 0.7 * len(runs)))
    for row, run in enumerate(runs.values()):
        left = 0.0
        for outcome, color in OUTCOME_COLORS.items():
            share = 100 * (run.metrics[f"{outcome}_rate"]["mean"] or 0.0)
            ax.barh(row, share, left=left, color=color, label=t("outcome_" + outcome, lang) if row == 0 else None)
            if share >= 4:
                ax.text(left + share / 2, row, num(share, lang, 0), ha="center", va="center",
                        color="white", fontsize=9, fontweight="bold")
            left += share
    ax.set_yticks(range(len(runs)), list(runs))
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.set_xlabel(f"100 {t('arrived', lang)}")
    _decimal(ax, lang, "x", 0)
    # above the bars: below, it ran into the axis label when there were few settings
    ax.legend(ncol=4, loc="lower center", bbox_to_anchor=(0.5, 1.0), frameon=False)
    fig.tight_layout()
    return fig


def distributions(runs: dict[str, AppRun], lang: str):
    """Per citizen, not the mean. A citizen's lead time exists only once every need is
    resolved, so that panel shows the citizens fully helped, and says so. Counts have whole
    ticks; the legend sits above the panels, clear of the lines."""
    metrics = ["handoffs", "retellings", "lead_time_days"]
    titles = ["m_handoffs", "m_retellings", "m_lead_time_resolved_days"]
    fig, axes = plt.subplots(1, 3, figsize=(9, 2.8))
    for ax, metric, title in zip(axes, metrics, titles):
        values = {label: [r[metric] for r in run.citizen_rows if not math.isnan(r[metric])]
                  for label, run in runs.items()}
        top = max((max(v) for v in values.values() if v), default=1.0)
        integer = metric != "lead_time_days"
        bins = [b - 0.5 for b in range(int(top) + 2)] if integer else 20
        for i, (label, vals) in enumerate(values.items()):
            if vals:
                weights = [100 / len(vals)] * len(vals)
                ax.hist(vals, bins=bins, range=None if integer else (0, top), weights=weights,
                        histtype="step", linewidth=2, color=COLORS[i % 4], label=label)
        ax.set_title(_label(t(title, lang), 34), fontsize=9)
        ax.set_ylabel("%")
        if integer:
            ax.xaxis.set_major_locator(matplotlib.ticker.MaxNLocator(integer=True))
        _decimal(ax, lang, "x", 0)
        _decimal(ax, lang, "y", 0)
    handles, labels = axes[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="upper center", ncol=max(1, len(labels)), frameon=False, fontsize=8)
    fig.tight_layout(rect=(0, 0, 1, 0.93))
    return fig


def _label(text: str, width: int = 16) -> str:
    return "\n".join(textwrap.wrap(text, width, break_long_words=False)[:3])


def busiest_edge(runs) -> float:
    """The largest hand-off count on one edge, so several networks share one width scale."""
    return max((d["handoffs"] for run in runs for _, _, d in
                handoff_graph(run.edges, run.replications).edges(data=True)), default=1.0) or 1.0


# edge colour by the share of wrong referrals: blue (all right) to red (all wrong)
WRONG_SHADES = matplotlib.colors.LinearSegmentedColormap.from_list("wrong", ["#1f618d", "#c0392b"])


DOTTED, DASHED = (0, (0.6, 1.4)), (0, (2, 1.5))


def _wrong_style(wrong: float, handoffs: float):
    """Solid: every hand-off on the edge was right; dotted: some were wrong; dashed: half or more."""
    if wrong <= 0:
        return "solid"
    return DASHED if 2 * wrong >= handoffs else DOTTED


def _arcs(ax, ends: list, widths: list[float], colours: list, rad: float = 0.12, gap: float = 0.09,
          styles: list | None = None) -> None:
    """Curved arrows, all in two collections: a curve bends to its right (like arc3), so A→B
    and B→A stay apart, and stops ``gap`` short of the nodes. One FancyArrowPatch per edge
    took 0.9 s for the ~150 edges of a siloed run; this takes a few milliseconds."""
    t = np.linspace(0, 1, 24)[:, None]
    curves, heads = [], []
    for (p0, p1), width in zip(ends, widths):
        p0, p1 = np.asarray(p0, float), np.asarray(p1, float)
        d = p1 - p0
        c = (p0 + p1) / 2 + rad * np.array([d[1], -d[0]])
        curve = (1 - t) ** 2 * p0 + 2 * (1 - t) * t * c + t ** 2 * p1
        keep = (np.hypot(*(curve - p0).T) > gap) & (np.hypot(*(curve - p1).T) > gap)
        curve = curve[keep] if keep.sum() >= 2 else curve
        curves.append(curve)
        tip, back = curve[-1], curve[-2]
        u = (tip - back) / (np.hypot(*(tip - back)) or 1.0)
        size = 0.035 + 0.006 * width
        normal = np.array([-u[1], u[0]])
        heads.append([tip, tip - size * u + 0.5 * size * normal, tip - size * u - 0.5 * size * normal])
    ax.add_collection(matplotlib.collections.LineCollection(curves, linewidths=widths, colors=colours, alpha=0.8,
                                                            capstyle="butt" if styles else "round",
                                                            linestyles=styles or "solid"))
    ax.add_collection(matplotlib.collections.PolyCollection(heads, facecolors=colours, edgecolors="none", alpha=0.9))


def network(run: AppRun, scenario: Scenario, lang: str, title: str = "", widest: float | None = None):
    """Roles on a circle (same places for every setting); edge width = hand-offs per replication."""
    return network_of(run.edges, run.replications, scenario, lang, title, widest or busiest_edge([run]))


def network_of(edges: dict, replications: int, scenario: Scenario, lang: str, title: str = "",
               widest: float | None = None):
    """The network of hand-offs ``edges`` ((from, to, wrong) -> count) over ``replications``:
    a simulated run's, or a workshop table's so far (one replication)."""
    graph = handoff_graph(edges, replications)
    names = {r.id: r.name.get(lang) for r in scenario.roles}
    pos = nx.circular_layout(sorted(names))
    fig, ax = plt.subplots(figsize=(6.4, 5.2))     # wider than tall: room for the names left and right
    graph.add_nodes_from(names)
    nx.draw_networkx_nodes(graph, pos, nodelist=list(names), node_size=260,
                           node_color="#d6eaf8", edgecolors="#2471a3", ax=ax)
    widest = widest or max((d["handoffs"] for *_, d in graph.edges(data=True)), default=1.0) or 1.0
    edges = list(graph.edges(data=True))
    if edges:
        _arcs(ax, [(pos[s], pos[d]) for s, d, _ in edges],
              [0.3 + 5 * data["handoffs"] / widest for *_, data in edges],
              [WRONG_SHADES(data["wrong"] / data["handoffs"]) for *_, data in edges],
              styles=[_wrong_style(data["wrong"], data["handoffs"]) for *_, data in edges])
                                                    # the line style says it too: in black and white, to the colour-blind
    for node, (x, y) in pos.items():   # each name outside its node, leaning away from the circle
        ha = "left" if x > 0.3 else "right" if x < -0.3 else "center"
        va = "bottom" if y > 0.3 else "top" if y < -0.3 else "center"
        ax.text(x * 1.12, y * 1.12, _label(names[node], 16), ha=ha, va=va, fontsize=7, multialignment=ha)
    ax.set_xlim(-1.9, 1.9)
    ax.set_ylim(-1.5, 1.5)
    ax.set_aspect("equal")
    ax.set_title(title, fontsize=10)
    ax.axis("off")
    fig.tight_layout()
    return fig


# How the swimlane draws each mark an event kind declares (sim.events.kinds): marker, colour,
# the legend's text key; "contact" is a bar, "handoff" an arrow between the lanes.
MARKS = {
    "contact": ("s", "#2471a3", "legend_contact"),
    "told": ("v", "#7d3c98", "legend_telling"),
    "handoff": ("", "#229954", "legend_right"),
    "deferred": ("o", "#f39c12", "legend_deferred"),
    "exception": ("D", "#8e44ad", "legend_exception"),
    "overturned": ("x", "#c0392b", "legend_overturned"),
    "found": ("P", "#16a085", "legend_found"),
    "online": ("h", "#7f8c8d", "legend_online"),
    "callback": ("^", "#d35400", "legend_callback"),
    "outreach": (">", "#16a085", "legend_outreach"),
    "resolved": ("*", "#229954", "legend_resolved"),
    "gave_up": ("X", "black", "legend_gave_up"),
    "abandoned": ("1", "#c0392b", "legend_abandoned"),
}
_OFFSET = {"told": -0.38, "found": 0.3, "online": 0.3, "callback": 0.3, "outreach": -0.3}   # apart from the bars


def _lanes(events: list) -> list[str]:
    """The roles the citizen met, in the order they met them: where an event with a mark
    happened, and every hand-off's target."""
    lanes: list[str] = []
    for e in events:
        h = handoff(e)
        for role in ([h.source, h.target] if h else [getattr(e, "role", "")] if TELLING[e.activity].mark else []):
            if role and role not in lanes:
                lanes.append(role)
    return lanes


def swimlane(events: list, scenario: Scenario, lang: str, upto: int | None = None):
    """One lane per role the citizen met; each event as its kind's mark (contacts as bars,
    hand-offs as arrows between lanes: red and dashed when wrong, by the one hand-off rule)."""
    day = scenario.clock.hours_per_day * 60
    names = {r.id: r.name.get(lang) for r in scenario.roles}
    lanes = _lanes(events)
    y = {role: i for i, role in enumerate(lanes)}
    fig, ax = plt.subplots(figsize=(9, 0.9 + 0.55 * max(len(lanes), 2)))
    shown = events if upto is None else events[:upto]
    start = events[0].time if events else 0.0
    for idx, e in enumerate(events):
        alpha = 1.0 if idx < len(shown) else 0.12
        _draw_event(ax, e, y, day, alpha, start)
    ax.set_yticks(range(len(lanes)), [textwrap.shorten(names.get(r, r), 48, placeholder=" …") for r in lanes],
                  fontsize=8)     # one line, cut at a word: "re-integration" stays whole
    ax.invert_yaxis()
    ax.set_xlabel(t("day", lang))
    _decimal(ax, lang, "x", 0)
    ax.grid(axis="x", alpha=0.3)
    present = {TELLING[e.activity].mark for e in events}
    wrong = any(h is not None and h.wrong for h in map(handoff, events))
    handles = []
    for mark in MARKS:                        # only what this journey has: a short journey, a short legend
        if mark in present:
            handles.append(_legend(mark, lang))
        if mark == "handoff" and wrong:
            handles.append(matplotlib.lines.Line2D([], [], color="#c0392b", linestyle="--",
                                                   label=t("legend_wrong", lang)))
    ax.set_xlim(left=-0.5)
    # above the lanes: below, a short journey's legend ran into the axis label
    ax.legend(handles=handles, ncol=min(len(handles), 6) or 1, fontsize=7, frameon=False, loc="lower center",
              bbox_to_anchor=(0.5, 1.0))
    fig.tight_layout()
    return fig


def _legend(mark: str, lang: str):
    marker, colour, key = MARKS[mark]
    if mark == "contact":
        return matplotlib.patches.Patch(color=colour, label=t(key, lang))
    if mark == "handoff":
        return matplotlib.lines.Line2D([], [], color=colour, label=t(key, lang))
    return matplotlib.lines.Line2D([], [], marker=marker, color=colour, linestyle="", markersize=8, label=t(key, lang))


def _draw_event(ax, e, y: dict, day: float, alpha: float, start: float) -> None:
    """One event on the swimlane, as its kind's mark; x is working days since the citizen arrived."""
    x = (e.time - start) / day
    mark, role = TELLING[e.activity].mark, getattr(e, "role", "")
    if mark is None or role not in y:
        return
    if mark == "handoff":
        h = handoff(e)
        if h is not None and h.target in y:
            ax.annotate("", xy=(x, y[h.target]), xytext=(x, y[h.source]), alpha=alpha,
                        arrowprops={"arrowstyle": "->", "color": "#c0392b" if h.wrong else "#229954",
                                    "linestyle": "--" if h.wrong else "-", "alpha": alpha})
        return
    marker, colour, _ = MARKS[mark]
    if mark == "contact":
        begin = x - e.minutes / day
        ax.barh(y[role], max(x - begin, 0.08), left=begin, height=0.5, color=colour, alpha=alpha)
        return
    size = {"resolved": 12, "gave_up": 10}.get(mark, 7)
    ax.plot(x, y[role] + _OFFSET.get(mark, 0.0), marker=marker, color=colour, alpha=alpha, markersize=size)


def sweep(xs: list, results: list[dict], metric: str, lever: str, lang: str):
    """A line with its 95% CI band over the values of one lever. Rates and the lever's chances
    are in %, as the page's figures and sliders show them; the band stops at zero, since every
    swept figure is a count, a time, money or a share."""
    scale = 100 if is_share(metric) else 1
    means = [scale * r["mean"] if r["mean"] is not None else math.nan for r in results]
    los = [max(0.0, scale * r["ci95"][0]) if r["ci95"][0] is not None else m for r, m in zip(results, means)]
    his = [scale * r["ci95"][1] if r["ci95"][1] is not None else m for r, m in zip(results, means)]
    fig, ax = plt.subplots(figsize=(7, 3.2))
    numeric = all(isinstance(x, (int, float)) for x in xs)
    pos = [100 * x for x in xs] if numeric else list(range(len(xs)))     # a lever's chance, in %
    ax.fill_between(pos, los, his, color="#2471a3", alpha=0.2)
    ax.plot(pos, means, marker="o", color="#2471a3")
    if not numeric:
        ax.set_xticks(pos, [_label(t("v_" + str(x), lang), 22) for x in xs], fontsize=8)
        ax.set_xlim(-0.5, len(xs) - 0.5)
    else:
        _decimal(ax, lang, "x", 0)
    in_pct = lambda text: (text[:-1] + ", %)" if text.endswith(")") else text + " (%)")
    ax.set_xlabel(in_pct(t("l_" + lever, lang)) if numeric else t("l_" + lever, lang))
    ax.set_ylabel(_label(in_pct(t("m_" + metric, lang)) if scale == 100 else t("m_" + metric, lang), 30))
    if ax.get_ylim()[0] < 0:
        ax.set_ylim(bottom=0)
    _decimal(ax, lang, digits=0 if scale == 100 else 1)
    fig.tight_layout()
    return fig


def band(tables: dict[str, dict], metrics: list[str], lang: str):
    """Per metric a panel: for each table the simulated band of the same citizens (2.5–97.5% of
    the simulated rounds, grey) and the table's own figure (a dot): inside the band, the team
    played like the simulated professionals; outside, it did something the model does not."""
    cols = 3
    rows = math.ceil(len(metrics) / cols)
    fig, axes = plt.subplots(rows, cols, figsize=(9, 2.2 * rows), squeeze=False)
    names = list(tables)
    for ax, metric in zip(axes.flat, metrics):
        rate = is_share(metric)
        scale = 100 if rate else 1
        for i, name in enumerate(names):
            b = tables[name]["band"][metric]
            lo, hi = b["range95"]
            if lo is not None:
                ax.plot([i, i], [scale * lo, scale * hi], color="#b0b0b0", linewidth=10, solid_capstyle="butt")
                ax.plot(i, scale * b["mean"], marker="_", color="#707070", markersize=14)
            value = tables[name]["metrics"][metric]
            if value is not None and not math.isnan(value):
                ax.plot(i, scale * value, marker="o", color=COLORS[i % 4], markersize=8)
                ax.annotate(metric_value(metric, value, lang), (i, scale * value),      # as the table writes it
                            xytext=(9, 2), textcoords="offset points", fontsize=8)
        title = t("m_" + metric, lang) + (" (%)" if rate else "")
        ax.set_title(_label(title, 34).replace("\n", " "), fontsize=9)
        ax.set_xticks(range(len(names)), [t("ws_table_short", lang, table=n) for n in names], fontsize=8)
        ax.set_xlim(-0.6, len(names) - 0.4)
        ax.margins(y=0.25)
        low, high = ax.get_ylim()
        ax.set_ylim(max(low, 0.0), high if high > 0 else 1.0)     # every figure here is a count or a share
        _decimal(ax, lang, digits=0 if rate else 1)
    for ax in list(axes.flat)[len(metrics):]:
        ax.axis("off")
    fig.tight_layout()
    return fig


def by_group(runs: dict, metric: str, group: str, names: dict[str, str], lang: str):
    """One row per profile (or case), a bar per setting with its 95% interval: whom a way of
    working serves and whom it fails, side by side."""
    labels = list(runs)
    keys = list(names)
    rate = is_share(metric)
    scale = 100 if rate else 1
    fig, ax = plt.subplots(figsize=(8, 0.7 + 0.55 * len(keys) * max(1, len(labels) / 2)))
    height = 0.8 / len(labels)
    for i, label in enumerate(labels):
        figures = runs[label].by(group)
        means, lows, highs = [], [], []
        for key in keys:
            m = figures.get(key, {}).get(metric) or {"mean": None, "ci95": [None, None]}
            mean = scale * (m["mean"] or 0.0)
            lo, hi = m["ci95"]
            means.append(mean)
            lows.append(max(0.0, mean - scale * lo) if lo is not None else 0.0)     # a Wilson interval need
            highs.append(max(0.0, scale * hi - mean) if hi is not None else 0.0)    # not hold the pooled mean
        ys = [k + (i - (len(labels) - 1) / 2) * height for k in range(len(keys))]
        ax.barh(ys, means, height=height * 0.9, color=COLORS[i % 4], xerr=[lows, highs], capsize=3, label=label)
    ax.set_yticks(range(len(keys)), [_label(names[k], 22).replace("\n", " ") for k in keys], fontsize=8)
    ax.invert_yaxis()
    ax.set_xlabel(t("m_" + metric, lang) + (" (%)" if rate else ""))
    ax.set_xlim(left=0)
    _decimal(ax, lang, "x", 0)
    ax.legend(fontsize=8, frameon=False, loc="upper center", bbox_to_anchor=(0.5, -0.18), ncol=len(labels))
    fig.tight_layout()
    return fig


def _metric_axis(metric: str, lang: str) -> tuple[float, str]:
    """Rates are shown in %, like everywhere else; the label says so."""
    rate = is_share(metric)
    return (100.0, t("m_" + metric, lang) + " (%)") if rate else (1.0, t("m_" + metric, lang))


def sweep_line(rows: list[dict], axis: str, metric: str, lang: str, label: str | None = None):
    """One lever swept: the metric's mean as a line with its 95% band (a sweep's tidy rows)."""
    scale, ylabel = _metric_axis(metric, lang)
    mine = sorted((r for r in rows if r["metric"] == metric), key=lambda r: r[axis] if not isinstance(r[axis], str)
                  else str(r[axis]))
    xs = [r[axis] for r in mine]
    numeric = all(isinstance(x, (int, float)) for x in xs)
    pos = xs if numeric else list(range(len(xs)))
    mean = [scale * (r["mean"] if r["mean"] is not None else math.nan) for r in mine]
    lo = [scale * r["ci95_low"] if r["ci95_low"] is not None else m for r, m in zip(mine, mean)]
    hi = [scale * r["ci95_high"] if r["ci95_high"] is not None else m for r, m in zip(mine, mean)]
    fig, ax = plt.subplots(figsize=(6.5, 3.2))
    ax.fill_between(pos, lo, hi, color="#2471a3", alpha=0.2)
    ax.plot(pos, mean, marker="o", color="#2471a3")
    if not numeric:
        ax.set_xticks(pos, [str(x) for x in xs], fontsize=8)
    else:
        _decimal(ax, lang, "x", 2)
    ax.set_xlabel(label or axis)
    ax.set_ylabel(ylabel)
    _decimal(ax, lang)
    fig.tight_layout()
    return fig


def heatmap(rows: list[dict], x: str, y: str, metric: str, lang: str):
    """Two levers swept: the metric's mean per pair of values, as colour and as a number."""
    scale, title = _metric_axis(metric, lang)
    mine = [r for r in rows if r["metric"] == metric]
    xs = sorted({r[x] for r in mine}, key=lambda v: (isinstance(v, str), v))
    ys = sorted({r[y] for r in mine}, key=lambda v: (isinstance(v, str), v))
    grid = np.full((len(ys), len(xs)), np.nan)
    for r in mine:
        if r["mean"] is not None:
            grid[ys.index(r[y]), xs.index(r[x])] = scale * r["mean"]
    fig, ax = plt.subplots(figsize=(1.2 + 0.75 * len(xs), 1.2 + 0.45 * len(ys)))
    image = ax.imshow(grid, cmap="RdYlBu_r", aspect="auto", origin="lower")
    for i in range(len(ys)):
        for j in range(len(xs)):
            if not np.isnan(grid[i, j]):
                ax.text(j, i, num(grid[i, j], lang, 1 if abs(grid[i, j]) < 100 else 0), ha="center", va="center",
                        fontsize=7)
    ax.set_xticks(range(len(xs)), [str(v) for v in xs], fontsize=7)
    ax.set_yticks(range(len(ys)), [str(v) for v in ys], fontsize=7)
    ax.set_xlabel(x)
    ax.set_ylabel(y)
    ax.set_title(title, fontsize=9)
    fig.colorbar(image, ax=ax, shrink=0.8)
    fig.tight_layout()
    return fig


def tornado(rows: list[dict], metric: str, lang: str, scenario: Scenario | None = None):
    """Each notch's effect on ``metric`` per quarter of the lever's range (sim.experiments.sensitivity),
    with its 95% interval, largest first; a bar is coloured better or worse only where its
    interval excludes zero, grey otherwise. Levers, values and desks in the reader's language."""
    from sim.counting.metrics import METRICS
    scale, label = _metric_axis(metric, lang)
    mine = sorted(rows, key=lambda r: abs(r[metric]["mean"] or 0.0))
    fig, ax = plt.subplots(figsize=(7.5, 0.6 + 0.3 * len(mine)))
    ys = range(len(mine))
    means = [scale * (r[metric]["mean"] or 0.0) for r in mine]
    lows = [max(0.0, m - scale * r[metric]["ci95"][0]) if r[metric]["ci95"][0] is not None else 0.0
            for r, m in zip(mine, means)]
    highs = [max(0.0, scale * r[metric]["ci95"][1] - m) if r[metric]["ci95"][1] is not None else 0.0
             for r, m in zip(mine, means)]
    ax.barh(ys, means, color=[_bar_colour(r[metric], METRICS[metric]) for r in mine], xerr=[lows, highs],
            capsize=2)
    ax.set_yticks(list(ys), [_step_label(r, lang, scenario) for r in mine], fontsize=7)
    ax.axvline(0, color="black", linewidth=0.6)
    ax.set_xlabel(t("tornado_axis", lang, metric=label))
    _decimal(ax, lang, "x")
    fig.tight_layout()
    return fig


GREY = "#aab7b8"
_ASIDE = re.compile(r"\s*\([^)]*\)")


def _short(text: str) -> str:
    """A label without what it says between brackets ("Ketenkennis (kans op juiste doorverwijzing)":
    "Ketenkennis"), so a tornado's bars keep their room."""
    return _ASIDE.sub("", text).strip() or text
_FRACTIONS = {0.25: "¼", 0.5: "½", 0.75: "¾"}


def _bar_colour(d: dict, declared) -> str:
    """Green where the effect is clearly better, red where clearly worse, grey where its
    interval includes zero (or the metric is a level, not a goal)."""
    lo, hi = d["ci95"]
    if lo is None or hi is None or not (lo > 0 or hi < 0):
        return GREY
    better = declared.is_better(d["mean"])
    return GREY if better is None else ("#229954" if better else "#c0392b")


def _step_label(row: dict, lang: str, scenario: Scenario | None = None) -> str:
    """A notch as the tornado names it, in the reader's words ("Kennis van de keten: 30% → 55%",
    "Bezetting Klantcontactcentrum: 2 → 3 (+€ 140.800 /jr)"), and by what its effect is scaled."""
    from sim.scenario.levers import LEVERS
    step = row["step"]
    name, before, after = getattr(step, "name", str(step)), getattr(step, "before", ""), getattr(step, "after", "")
    if name in LEVERS:
        lever = LEVERS[name]
        needs = {n.id: n.name.get(lang) for n in scenario.needs} if scenario is not None else None
        label = (f"{_short(t(lever.label, lang))}: {_short(lever.said(before, lang, needs))} → "
                 f"{_short(lever.said(after, lang, needs))}")
    elif name.startswith("staff."):
        role = name.removeprefix("staff.")
        names = {r.id: _short(r.name.get(lang)) for r in scenario.roles} if scenario is not None else {}
        label = t("tn_staff_step", lang, desk=names.get(role, role), before=before, after=after)
    else:
        label = step.label if hasattr(step, "label") else str(step)
    eur = row.get("staffing_eur_per_year")
    if eur is not None:
        label += f" ({'+' if eur > 0 else '−'}€ {num(abs(eur), lang, 0)} {t('per_year_short', lang)})"
    factor = round(getattr(step, "scale", 1.0), 6)
    if factor != 1.0:
        label += " · " + t("tn_scaled", lang, factor=_FRACTIONS.get(factor) or num(factor, lang, 2))
    return label


def break_even(result: dict, lang: str):
    """Integral work with 1, 2, … case managers against the alternative, on the same citizens:
    the paired difference in lead time, in the gave-up share and in the cost of a year (the
    role priced as staffed), each with its 95% band; below zero, integral does better. A staffing
    level with an overloaded desk is shaded red: it never pays, and its averages depend on the run size."""
    staffing = sorted(result["differences"])
    overloaded = [k for k in staffing if result.get("overloaded", {}).get(k)]
    fig, axes = plt.subplots(1, 3, figsize=(10, 3))
    for ax, metric in zip(axes, ("lead_time_days", "gave_up_rate", "year_cost_eur")):
        scale, label = _metric_axis(metric, lang)
        for k in overloaded:
            ax.axvspan(k - 0.4, k + 0.4, color="#c0392b", alpha=0.12, linewidth=0)
        means = [scale * (result["differences"][k][metric]["mean"] or 0.0) for k in staffing]
        lo = [scale * (result["differences"][k][metric]["ci95"][0] or 0.0) for k in staffing]
        hi = [scale * (result["differences"][k][metric]["ci95"][1] or 0.0) for k in staffing]
        ax.fill_between(staffing, lo, hi, color="#7d3c98", alpha=0.2)
        ax.plot(staffing, means, marker="o", color="#7d3c98")
        ax.axhline(0, color="black", linewidth=0.7)
        if result["pays_from"] is not None:
            ax.axvline(result["pays_from"], color="#229954", linestyle="--", linewidth=1)
        ax.set_xticks(staffing)
        ax.set_xlabel(t("be_staff", lang))
        ax.set_title(_label(label, 30).replace("\n", " "), fontsize=9)
        _decimal(ax, lang)
    fig.tight_layout()
    return fig


OVER_TIME = (("waiting", "ot_waiting"), ("handoffs", "ot_handoffs"), ("retellings", "ot_retellings"))


def over_time(own: dict, band: dict | None, lang: str, title: str = "", stacked: bool = False):
    """The round over time (workshop.timeline): per series a panel with the table's own line
    (black, solid) over the simulated band of the same citizens (grey, 2.5–97.5%) and its mean
    (dashed) — in black and white the line, the band and the mean still read apart. ``stacked``:
    the panels one above the other (a projector's narrow column)."""
    rows, cols = (3, 1) if stacked else (1, 3)
    with plt.rc_context({"font.size": 12 if stacked else 9}):     # a projector's column: read from the back
        fig, axes = plt.subplots(rows, cols, figsize=(3.4, 5.2) if stacked else (9, 2.6), squeeze=False,
                                 sharex=stacked)
        _over_time(fig, axes, own, band, lang, title, stacked)
    return fig


def _over_time(fig, axes, own: dict, band: dict | None, lang: str, title: str, stacked: bool) -> None:
    big = 12 if stacked else 10
    for ax, (name, key) in zip(axes.flat, OVER_TIME):
        if band and band.get("days"):
            b = band[name]
            ax.fill_between(band["days"], b["lo"], b["hi"], color="#c8c8c8", linewidth=0,
                            label=t("ot_band", lang, n=band["rounds"]))
            ax.plot(band["days"], b["mean"], color="#606060", linestyle="--", linewidth=1.2, label=t("ot_mean", lang))
        ax.plot(own["days"], own[name], color="black", linewidth=2.0, label=t("ot_table", lang),
                drawstyle="steps-post" if name == "waiting" else "default")
        ax.set_title(t(key, lang), fontsize=big)
        ax.set_ylim(0, max(1.0, ax.get_ylim()[1]))         # nothing yet: 0 to 1, never "0,015"
        ax.yaxis.set_major_locator(matplotlib.ticker.MaxNLocator(integer=True, nbins=4))   # counts: whole numbers
        ax.xaxis.set_major_locator(matplotlib.ticker.MaxNLocator(integer=True, nbins=5))
        _decimal(ax, lang, digits=0)
        _decimal(ax, lang, axis="x", digits=0)
    for ax in axes[-1] if stacked else axes.flat:        # one clock: under the last panel when stacked
        ax.set_xlabel(t("ot_day", lang), fontsize=big - 2)
    handles, labels = axes.flat[0].get_legend_handles_labels()
    fig.legend(handles[::-1], labels[::-1], loc="lower center", ncol=1 if stacked else 3, frameon=False,
               fontsize=big - 2, bbox_to_anchor=(0.5, -0.02))
    if title:
        fig.suptitle(title, fontsize=big + 1)
    fig.tight_layout(rect=(0, 0.08 if not stacked else 0.12, 1, 1))
