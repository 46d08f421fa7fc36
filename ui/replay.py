"""A citizen's journey replayed step by step: a swimlane up to the chosen step and the steps as
sentences. The journey page shows a simulated citizen with it, the debrief a played one."""

from __future__ import annotations

import streamlit as st

from ui import charts
from ui.i18n import num, t
from ui.journey_text import journey_lines, who
from ui.state import plain
from ui.widgets import figure


def replay(events: list, sc, L: str, key: str, outcome: str, cache: tuple) -> None:
    """``events``: one citizen's typed events in time order; ``key`` names the widgets (one
    replay per citizen and page); ``cache`` says what the drawing depends on besides the step."""
    step = st.slider(t("step", L), 1, len(events), len(events), key=f"{key}_step")
    st.subheader(t("swimlane", L))
    figure(lambda: charts.swimlane(events, sc, L, upto=step), t("swimlane", L), f"{key}_swimlane", L,
           ("swimlane", *cache, step, L))
    day = sc.clock.hours_per_day * 60
    lines = []
    texts = journey_lines(events, sc, L, outcome)
    for i, (e, said) in enumerate(zip(events[:step], texts)):
        when = t("day_n", L, d=num((e.time - events[0].time) / day, L, 1))
        text = f"{when} · {plain(who(e, sc, L))}: {plain(said)}"
        lines.append(f"**{i + 1}. {text}**" if i == step - 1 else f"{i + 1}. {text}")
    with st.container(height=420):
        st.markdown("  \n".join(lines))
