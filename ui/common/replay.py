"""A citizen's journey replayed step by step: a swimlane up to the chosen step and the steps as
sentences. The journey page shows a simulated citizen with it, the debrief a played one."""

from __future__ import annotations

import streamlit as st

from report import charts
from report.journey import steps
from sim.language import t
from ui.common.markup import plain
from ui.common.widgets import figure


def replay(events: list, sc, L: str, key: str, outcome: str, cache: tuple) -> None:
    """``events``: one citizen's typed events in time order; ``key`` names the widgets (one
    replay per citizen and page); ``cache`` says what the drawing depends on besides the step.

    It opens on the first step, so a facilitator tells the story by pressing "next"; the step
    just reached is said right under the controls, in view, whatever the list below holds."""
    total, step_key = len(events), f"{key}_step"
    step = controls(step_key, total, L) if total > 1 else total
    said = [f"{when} · {plain(where)}: {plain(what)}" for when, where, what in steps(events, sc, L, outcome)]
    st.info(t("step_now", L, n=step, total=total, text=said[step - 1]))
    st.subheader(t("swimlane", L))
    figure(lambda: charts.swimlane(events, sc, L, upto=step), t("swimlane", L), f"{key}_swimlane", L,
           ("swimlane", *cache, step, L))
    lines = [f"{i + 1}. **{text}**" if i == step - 1 else f"{i + 1}. {text}" for i, text in enumerate(said[:step])]
    with st.container(height=420):
        st.markdown("  \n".join(lines))


def controls(step_key: str, total: int, L: str) -> int:
    """Previous / the step slider / next; the buttons move the slider (in a callback, before
    the slider is drawn again)."""
    now = st.session_state.get(step_key, 1)
    back, slider, ahead = st.columns([1.5, 5, 1.5], vertical_alignment="bottom")
    back.button(t("step_prev", L), key=f"{step_key}_prev", on_click=_move, args=(step_key, -1, total),
                disabled=now <= 1, icon=":material/skip_previous:", width="stretch")
    ahead.button(t("step_next", L), key=f"{step_key}_next", on_click=_move, args=(step_key, 1, total),
                 disabled=now >= total, icon=":material/skip_next:", width="stretch")
    return slider.slider(t("step", L), 1, total, key=step_key)


def _move(step_key: str, by: int, total: int) -> None:
    st.session_state[step_key] = min(max(st.session_state.get(step_key, 1) + by, 1), total)
