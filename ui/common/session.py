"""The browser session: the reader's language and the sidebar's choices, kept past Streamlit's
clean-ups, and what a new session (a first visit, a refresh) starts from."""

from __future__ import annotations

import streamlit as st

from sim.language import languages
from ui.common.runs import DEFAULT_CITIZENS, DEFAULT_REPLICATIONS, MIN_REPLICATIONS
from ui.common.scenario import restore_scenario

# The sidebar's choices. Streamlit drops a widget's state when a run does not draw it (the run
# size on the workshop pages) and when a page switch interrupts a run (the language, if one
# clicks a page while the page still computes), and may bring back an older value set before
# the widget existed. So the choice lives under KEY + "__kept": the widget's on_change (keep)
# writes it, and every run starts from it.
KEPT = ("lang", "citizens", "replications", "seed")


def keep(key: str) -> None:
    """on_change of a sidebar widget: the user's choice, kept past Streamlit's clean-ups."""
    st.session_state[key + "__kept"] = st.session_state[key]


def init_session() -> None:
    for key in KEPT:
        if key + "__kept" in st.session_state:
            st.session_state[key] = st.session_state[key + "__kept"]
    if "lang" not in st.session_state and st.query_params.get("lang") in languages():
        st.session_state.lang = st.query_params["lang"]
    if "scenario_text" not in st.session_state:
        restore_scenario()
    st.session_state.setdefault("lang", languages()[0])     # the first language of the locale files
    st.session_state.setdefault("citizens", DEFAULT_CITIZENS)
    st.session_state.setdefault("replications", DEFAULT_REPLICATIONS)
    st.session_state.replications = max(st.session_state.replications, MIN_REPLICATIONS)
    st.session_state.setdefault("seed", 1)
    for key in KEPT:
        st.session_state[key + "__kept"] = st.session_state[key]


