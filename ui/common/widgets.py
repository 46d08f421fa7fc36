"""Pieces several pages show: the story sentence, headline metrics, a figure with its PNG."""

from __future__ import annotations

from collections import OrderedDict

import matplotlib.pyplot as plt
import pandas as pd
import streamlit as st

from report import charts
from report.format import is_share, shown, signed
from sim.counting.metrics import METRICS
from sim.experiments.statistics import paired, paired_by
from sim.language import num, t
from sim.scenario.presets import setting_name
from ui.common.markup import name_of, plain

HEADLINE = ("handoffs", "retellings", "gave_up_rate", "lead_time_days", "staff_minutes", "harm_eur")
# Per citizen profile: who is helped, who gives up, how often they tell, how long, at what staff time.
WHO = ("resolved_rate", "gave_up_rate", "retellings", "lead_time_days", "staff_minutes", "failure_demand_share")


def display_names(codes: list[str], L: str) -> dict[str, str]:
    """Setting codes by the name a page shows ("verkokerd" for chaos in Dutch); two codes that
    would read alike keep their codes, so the two columns stay apart."""
    names = [setting_name(code, L) for code in codes]
    return {(name if names.count(name) == 1 or len(set(codes)) == 1 else code): code
            for name, code in zip(names, codes)}


def story(label: str, run, L: str, horizon: float) -> str:
    m = {k: v["mean"] for k, v in run.metrics.items()}
    return t("story", L, setting=plain(label), desks=num(m["distinct_roles"], L), tellings=num(m["tellings"], L),
             gave_up=num(100 * m["gave_up_rate"], L, 0), helped=num(100 * m["resolved_rate"], L, 0),
             lead=num(m["lead_time_days"], L), horizon=num(horizon, L, 0))


def overload_texts(runs: dict, sc, L: str, key: str = "overloaded") -> list[str]:
    """Per overloaded desk under each setting, the warning in plain words with the share of its
    queue that gave up waiting (markdown; ``key`` "overloaded_short" for the PDF)."""
    names = {r.id: name_of(r.name, L) for r in sc.roles}
    return [t(key, L, setting=plain(label), desk=plain(names.get(role, role)), load=num(run.offered[role], L, 2))
            + " " + t("overloaded_abandoned", L, share=num(100 * run.abandoned.get(role, 0.0), L, 0))
            for label, run in runs.items() for role in run.overloaded]


def load_warning(runs: dict, sc, L: str) -> None:
    """Said before any average: a desk that gets more work than its staff can do has no steady
    state, so every average that passes through it depends on how long the run lasts."""
    for text in overload_texts(runs, sc, L):
        st.error(text, icon=":material/warning:")


def difference(base, other, metric: str) -> dict:
    """The paired difference other − base of one metric: mean and 95% interval over the
    replications (replication i of both saw the same arrivals, cases and profiles)."""
    return paired(base.per_replication, other.per_replication)[metric]


def is_clear(diff: dict) -> bool:
    """A difference is called one only when its paired interval excludes zero."""
    lo, hi = diff["ci95"]
    return lo is not None and hi is not None and (lo > 0 or hi < 0)


def headline(runs: dict, L: str) -> None:
    """A comparison grid: one row per headline metric, one column per setting. A column after
    the first shows its paired difference with the first: green or red only when the interval
    excludes zero (which way is better, the metric's declaration says), grey "no clear difference" else."""
    labels = list(runs)
    widths = [2] + [1] * len(labels)
    for col, label in zip(st.columns(widths)[1:], labels):
        col.markdown(f"**{plain(label)}**")
    base = runs[labels[0]]
    for metric in HEADLINE:
        cols = st.columns(widths, vertical_alignment="center")
        cols[0].markdown(t("m_" + metric, L))
        for i, (col, label) in enumerate(zip(cols[1:], labels)):
            m = runs[label].metrics[metric]
            extra = {}
            if i > 0:
                extra = _delta(difference(base, runs[label], metric), metric, L)
            col.metric(f"{t('m_' + metric, L)} · {label}", shown(metric, m["mean"], L),
                       label_visibility="collapsed", **extra, help=_interval(metric, m["ci95"], L))
        st.caption(" · ".join(f"{plain(label)}: " + _interval(metric, runs[label].metrics[metric]["ci95"], L)
                              for label in labels))


def _interval(metric: str, ci95: list, L: str) -> str:
    """'95% CI 20% – 27%', never '-0'."""
    return t("ci", L, lo=shown(metric, ci95[0], L), hi=shown(metric, ci95[1], L))


def _delta(diff: dict, metric: str, L: str) -> dict:
    if diff["mean"] is None or (diff["mean"] == 0 and diff["ci95"] == [0.0, 0.0]):
        return {}                                   # identical in every replication
    if not is_clear(diff):
        return {"delta": t("no_clear_difference", L), "delta_color": "off", "delta_arrow": "off"}
    # a difference of two shares is in percentage points, not a percentage of the first
    value = (signed(100 * diff["mean"], L, 1) + " " + t("points", L)) if is_share(metric) \
        else signed(diff["mean"], L, 2)
    declared = METRICS[metric]
    better = declared.is_better(diff["mean"])
    if better is None:                              # a level, not a goal: said, not judged
        return {"delta": value, "delta_color": "off"}
    word = t("better" if better else "worse", L)
    return {"delta": f"{value} ({word})", "delta_color": "inverse" if declared.better == "lower" else "normal"}


@st.cache_resource(show_spinner=False)
def _png_store() -> OrderedDict:
    return OrderedDict()


def figure(build, name: str, key: str, L: str, cache: tuple | None = None, download: bool = True) -> None:
    """Show a chart and offer it as PNG (unless ``download`` is False: the projector, the live
    console); ``build`` makes the Figure only when not cached.

    Drawing is the slow part of a rerun (~0.4 s a chart), and every widget change reruns the
    page, so a chart is kept by ``cache`` (what it depends on: run keys, language, …).
    """
    store = _png_store()
    data = store.get(cache) if cache else None
    if data is None:
        fig = build()
        data = charts.png(fig)
        plt.close(fig)
        if cache:
            store[cache] = data
            while len(store) > 200:
                store.popitem(last=False)
    st.image(data, width="stretch", alt=name)       # a chart's name for a screen reader (axe: image-alt)
    if download:
        st.download_button(t("dl_png", L, name=name), data, file_name=f"{key}.png", mime="image/png",
                           key=f"png_{key}", on_click="ignore")


def choose(label: str, options: list, name: str, default, L: str, fmt, where=None, radio: bool = False):
    """A selectbox (or radio) whose labels follow the language while the choice stays.

    Streamlit keeps showing a keyed widget's old label text when only format_func changes,
    so the widget key carries the language and the choice itself lives under ``name``.
    """
    where = where or st
    current = st.session_state.get(name, default)
    if current not in options:
        current = default if default in options else options[0]
    widget = where.radio if radio else where.selectbox
    extra = {"horizontal": True} if radio else {}
    choice = widget(label, options, index=options.index(current), key=f"{name}__{L}", format_func=fmt, **extra)
    st.session_state[name] = choice
    return choice


def kept(widget, label: str, name: str, default, value_arg: str = "value", **options):
    """A widget whose value outlives its page: Streamlit forgets a widget's state once a run
    does not draw it (the user went to another page), so the value is kept under
    ``name + "__kept"`` and a widget drawn anew starts from it (else from ``default``)."""
    store = name + "__kept"
    value = widget(label, key=name, **{value_arg: st.session_state.get(store, default)}, **options)
    st.session_state[store] = value
    return value


def who_fails(runs: dict, sc, L: str) -> None:
    """"Who does this way of working fail?": per citizen profile, side by side, and for a setting
    after the first its paired difference (same citizens) said as better or worse only when its
    interval excludes zero."""
    st.subheader(t("who_fails", L))
    group = choose(t("who_by", L), ["profile", "case"], "who_group", "profile", L, lambda g: t("by_" + g, L),
                   radio=True)
    st.caption(t("who_fails_caption", L))
    labels = list(runs)
    names = ({p.id: name_of(p.name, L) for p in sc.profiles} if group == "profile"
             else {c.id: name_of(c.title, L) for c in sc.cases})
    base = runs[labels[0]]
    diffs = {label: paired_by(base.per_replication, runs[label].per_replication, group) for label in labels[1:]}
    rows = []
    for pid, pname in names.items():
        row = {t(group, L): pname}
        for metric in WHO:
            for label in labels:
                m = runs[label].by(group).get(pid, {}).get(metric)
                cell = shown(metric, m["mean"], L) if m and m["mean"] is not None else "–"
                d = diffs.get(label, {}).get(pid, {}).get(metric)
                if d is not None and is_clear(d):
                    better = METRICS[metric].is_better(d["mean"])
                    if better is not None:
                        cell += " (" + t("better" if better else "worse", L) + ")"
                row[f"{t('m_' + metric, L)} · {label}"] = cell
        rows.append(row)
    st.dataframe(pd.DataFrame(rows), hide_index=True)
    keys = tuple(getattr(run, "key", "") for run in runs.values())
    c1, c2 = st.columns(2)
    with c1:
        figure(lambda: charts.by_group(runs, "gave_up_rate", group, names, L), t("who_fails", L),
               "who_gave_up", L, ("who", group, "gave_up_rate", *labels, *keys, L))
    with c2:
        figure(lambda: charts.by_group(runs, "resolved_rate", group, names, L), t("who_fails", L),
               "who_resolved", L, ("who", group, "resolved_rate", *labels, *keys, L))
