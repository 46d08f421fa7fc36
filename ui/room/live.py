"""The live workshop as the pages see it: one service and its pacers per app process, and who
this browser is (its session code, player id or facilitator key) kept in the page's address.

The address (query parameters) is what survives a refresh, a dropped connection or a phone
that unloaded the tab: a returning player lands on their seat again, a facilitator on the
console. The projector's address holds only the code.
"""

from __future__ import annotations

import streamlit as st
from streamlit.errors import StreamlitAPIException

from workshop.pacer import Pacers
from workshop.service import Refused, Service
from workshop.store import Store

REFRESH_SECONDS = 2          # how often a live page redraws itself


@st.cache_resource(show_spinner=False)
def _workshop() -> tuple[Service, Pacers]:
    """Opened once per process (the store: $KASTJE_DB or the user's data folder); every open
    session is resumed and the rounds being played get their pacer back."""
    service = Service(Store())
    pacers = Pacers(service)
    pacers.resume_all()
    return service, pacers


def service() -> Service:
    return _workshop()[0]


def pacers() -> Pacers:
    return _workshop()[1]


def param(name: str) -> str:
    return str(st.query_params.get(name, "") or "")


def remember(**values: str | None) -> None:
    """Write (or, with None, drop) values in the page's address."""
    for name, value in values.items():
        if value is None:
            st.query_params.pop(name, None)
        else:
            st.query_params[name] = value


def rerun_part() -> None:
    """Redraw after an action: only the live part when it was a fragment's rerun, else the page
    (a click inside a fragment reruns just the fragment in the browser, the whole script in tests)."""
    try:
        st.rerun(scope="fragment")
    except StreamlitAPIException:
        st.rerun()


def refusal(err: Refused, lang: str) -> None:
    text = err.render(lang)
    st.error(text[:1].upper() + text[1:], icon=":material/block:")
