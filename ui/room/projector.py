"""Page: the projector — the join code and the room's live board in large type.

Its address holds only the session code (?code=…): what it shows is public in the room, the
counts per table and the hand-off network, never a citizen's story or a desk's notes.
"""

from __future__ import annotations

import streamlit as st

from sim.language import t
from ui.common.markup import lang
from ui.common.style import bare
from ui.room import board as room
from ui.room.live import REFRESH_SECONDS, param, refusal, service
from workshop.service import Refused


@st.fragment(run_every=REFRESH_SECONDS)
def board(code: str) -> None:
    L = lang()
    svc = service()
    try:
        view = svc.board(code)
    except Refused as err:
        refusal(err, L)
        return
    sc = svc.scenario(code)
    address = room.join_address(room.base_address(), view["code"])
    left, middle, right = st.columns([3, 4, 1], vertical_alignment="center")     # one band: the tables get the screen
    with left:
        st.caption(t("ws_join_code", L))
        room.big(view["code"], 6)
    middle.markdown(f"### {t('ws_join_at', L, url=address)}")
    right.image(room.qr_png(address), width=240, alt=t("ws_qr_alt", L, url=address))
    for col, table in zip(st.columns(len(view["tables"])), view["tables"].values()):
        with col:
            st.markdown(f"## {room.round_line(table, L)}")
            if (line := room.turn_line(table, sc, L)) is not None:
                st.markdown(f"**{line}**")
            room.counters(table, L, large=True)
            net, over = st.columns(2)
            with net:
                room.network(table, sc, L, "projector")
            with over:
                room.over_time(table, view["code"], L, "projector")


def main() -> None:
    st.set_page_config(initial_sidebar_state="collapsed")     # the beamer shows the board, not the menu
    bare()                                                     # ... nor Streamlit's header, toolbar or footer
    L = lang()
    code = param("code")
    if not code:
        st.info(t("wp_need_code", L))
        return
    board(code)


main()
