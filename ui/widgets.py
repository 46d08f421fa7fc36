"""Pieces several pages show: the story sentence, headline metrics, a figure with its PNG."""

from __future__ import annotations

from collections import OrderedDict

import matplotlib.pyplot as plt
import streamlit as st

from ui import charts
from ui.i18n import RATE_METRICS, metric_value, num, pct, t

HEADLINE = ("handoffs", "retellings", "gave_up_rate", "lead_time_days", "staff_minutes", "harm_eur")


def story(label: str, run, L: str) -> str:
    m = {k: v["mean"] for k, v in run.metrics.items()}
    return t("story", L, setting=label, desks=num(m["distinct_roles"], L), tellings=num(m["tellings"], L),
             gave_up=num(100 * m["gave_up_rate"], L, 0), helped=num(100 * m["resolved_rate"], L, 0),
             lead=num(m["lead_time_days"], L))


def headline(runs: dict, L: str) -> None:
    """A comparison grid: one row per headline metric, one column per setting."""
    labels = list(runs)
    widths = [2] + [1] * len(labels)
    for col, label in zip(st.columns(widths)[1:], labels):
        col.markdown(f"**{label}**")
    for metric in HEADLINE:
        cols = st.columns(widths, vertical_alignment="center")
        cols[0].markdown(t("m_" + metric, L))
        base = runs[labels[0]].metrics[metric]["mean"]
        for i, (col, label) in enumerate(zip(cols[1:], labels)):
            m = runs[label].metrics[metric]
            lo, hi = m["ci95"]
            delta = None
            if i > 0 and m["mean"] is not None and base is not None and m["mean"] != base:
                diff = m["mean"] - base
                delta = pct(diff, L) if metric in RATE_METRICS else num(diff, L, 2)
            col.metric(f"{t('m_' + metric, L)} · {label}", metric_value(metric, m["mean"], L), delta=delta,
                       delta_color="inverse", label_visibility="collapsed",
                       help=t("ci", L, lo=metric_value(metric, lo, L), hi=metric_value(metric, hi, L)))
        st.caption(" · ".join(f"{label}: " + t("ci", L, lo=metric_value(metric, runs[label].metrics[metric]["ci95"][0], L),
                                                 hi=metric_value(metric, runs[label].metrics[metric]["ci95"][1], L))
                              for label in labels))


@st.cache_resource(show_spinner=False)
def _png_store() -> OrderedDict:
    return OrderedDict()


def figure(build, name: str, key: str, L: str, cache: tuple | None = None) -> None:
    """Show a chart and offer it as PNG; ``build`` makes the Figure only when not cached.

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
    st.image(data, width="stretch")
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
