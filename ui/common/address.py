"""A page's choices in the address (query parameters), so a refresh, a bookmark or a shared link
brings the page back as it was."""

from __future__ import annotations

import streamlit as st


def keep_in_url(values: dict[str, str | None]) -> None:
    """Write a page's choices into the address (None removes one), so a refresh, a bookmark or
    a shared link brings the page back as it was; only changes go to the browser."""
    for key, value in values.items():
        if value is None:
            if key in st.query_params:
                del st.query_params[key]
        elif st.query_params.get(key) != value:
            st.query_params[key] = value


def read_url_once(page: str, keys) -> dict[str, str]:
    """The page's choices as the address gives them, once per session: after a refresh (a new
    session) they bring the page back; after that the page's widgets hold the choices."""
    flag = f"url_read_{page}"
    if st.session_state.get(flag):
        return {}
    st.session_state[flag] = True
    return {key: st.query_params[key] for key in keys if key in st.query_params}


