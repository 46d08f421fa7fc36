"""Page: a player in the room — join with the session code, take a seat, play it.

Who this browser is lives in the address (?code=…&player=…): a refresh, a dropped connection
or a phone that unloaded the tab brings the player back to their seat. What the page shows
comes from the service's screens, which hold only what the seat may see; every answer goes
back through the service, which checks it again and stores it before it counts.
"""

from __future__ import annotations

import streamlit as st

from sim.language import num, t
from sim.scenario.presets import setting_name
from ui.common.markup import lang, name_of, plain
from ui.common.style import compact
from ui.room import citizen_screen, desk_screen
from ui.room.live import REFRESH_SECONDS, param, refusal, remember, service
from workshop import access
from workshop.codes import normalise
from workshop.service import Refused


def join(L: str) -> None:
    st.subheader(t("ws_join", L))
    with st.form("join"):
        code = st.text_input(t("ws_code", L), value=param("code"), max_chars=12, key="join_code")
        name = st.text_input(t("ws_name", L), max_chars=40, key="join_name")
        go = st.form_submit_button(t("ws_join_go", L), type="primary")
    if go:
        token = st.session_state.setdefault("ws_token", access.token())    # failed codes count per browser
        try:
            player = service().join(code, name, token=token, address=st.context.ip_address)
        except Refused as err:
            refusal(err, L)
            return
        remember(code=normalise(code), player=player)
        st.rerun()


def pick_seat(code: str, player: str, L: str) -> None:
    """Table, then a desk or a citizen of the deck who has not arrived yet."""
    svc = service()
    lobby, sc = svc.lobby(code), svc.scenario(code)
    roles = {r.id: name_of(r.name, L) for r in sc.roles}
    cases = {c.id: name_of(c.title, L) for c in sc.cases}
    me = svc.me(code, player)
    st.subheader(t("ws_pick_seat", L, name=plain(me.name)))
    tables = list(lobby["tables"])
    table = st.radio(t("ws_table", L), tables, horizontal=True, key="seat_table",
                     format_func=lambda n: t("ws_table_setting", L, table=n, setting=setting_name(lobby["tables"][n]["setting"], L)))
    info = lobby["tables"][table]
    kinds = [k for k, there in (("desk", info["desks"]), ("citizen", info["citizens"])) if there]
    if not kinds:                     # the facilitator gives the seats at this table
        st.info(t("ws_no_open_seats", L))
        return
    kind = st.radio(t("ws_seat_kind", L), kinds, horizontal=True, key="seat_kind",
                    format_func=lambda k: t("ws_kind_" + k, L))
    try:
        if kind == "desk":
            desks = list(info["desks"])
            role = st.selectbox(t("ws_desk", L), desks, key="seat_desk",
                                format_func=lambda r: roles[r] + (f" ({t('ws_players_n', L, n=info['desks'][r])})"
                                                                  if info["desks"][r] else ""))
            if st.button(t("ws_take_desk", L), type="primary", key="seat_go"):
                svc.take_seat(code, player, table, role)
                st.session_state.pop("ws_reseat", None)
                st.rerun()
        else:
            deck = info["citizens"]
            if not deck:
                st.info(t("ws_no_citizens_left", L))
                return
            number = st.selectbox(t("ws_citizen", L), [c["citizen"] for c in deck], key="seat_citizen",
                                  format_func=lambda n: _card(next(c for c in deck if c["citizen"] == n), cases, L))
            if st.button(t("ws_take_citizen", L), type="primary", key="seat_go_citizen"):
                svc.take_citizen(code, player, table, number)
                st.session_state.pop("ws_reseat", None)
                st.rerun()
    except Refused as err:
        refusal(err, L)


def _card(c: dict, cases: dict, L: str) -> str:
    return t("ws_deck_line", L, n=c["citizen"], case=cases[c["case"]], day=num(c["arrival_day"], L, 1))


@st.fragment(run_every=REFRESH_SECONDS)
def seat(code: str, player: str) -> None:
    """The player's seat, redrawn every few seconds; a half-filled form keeps what was typed."""
    L = lang()
    svc = service()
    try:
        svc.seen(code, player)
        me = svc.me(code, player)
        sc = svc.scenario(code)
        top = st.container(horizontal=True, vertical_alignment="center", gap="small")     # one line, on a phone too
        top.caption(t("ws_you_are", L, name=plain(me.name) or "–", code=code), width="stretch")
        if top.button(t("ws_other_seat", L), key="ws_reseat_go"):
            st.session_state.ws_reseat = True
            st.rerun()
        send = sender(code, player, me.table, L)
        sent, error = st.session_state.pop("ws_sent", None) is not None, st.session_state.pop("ws_error", None)
        if me.seat.is_citizen:
            screen = svc.citizen_screen(code, player)
            screen["questions"] = [q for q in screen["questions"] if not answered(me.table, screen["round"], q)]
            citizen_screen.show(screen, sc, L, send, sent, error, passer(code, player, L))
        else:
            screen = svc.desk_screen(code, player)
            screen["decisions"] = [d for d in screen["decisions"] if not answered(me.table, screen["round"], d)]
            desk_screen.show(screen, sc, L, send, sent, error, passer(code, player, L))
    except Refused as err:
        refusal(err, L)
        return
    if sent:
        st.toast(t("ws_sent", L), icon=":material/check:")


def answered(table: str, number: int, decision: dict) -> bool:
    """True once this browser sent an answer to the decision: its card is not drawn again."""
    return (table, number, decision["decision"]) in st.session_state.get("ws_answered", set())


def passer(code: str, player: str, L: str):
    """The pass button's on_click (turn-based mode): this seat is done for the coming step (a
    second click changes nothing: a seat passes a step or it does not)."""
    def pass_turn() -> None:
        svc = service()
        try:
            svc.pass_turn(code, player)
        except Refused as err:
            text = err.render(L)
            st.session_state.ws_error = text[:1].upper() + text[1:]
    return pass_turn


def sender(code: str, player: str, table: str, L: str):
    """The buttons' on_click: store the answer through the service once, and mark the decision
    as sent, so the rerun the click starts draws the page without its card (a second click on a
    card still on the screen does nothing; the service refuses a second answer anyway). A
    refusal is kept for that rerun to say, in plain words."""
    def send(decision: int, answer) -> None:
        svc = service()
        number = svc.round_of(code)
        done = st.session_state.setdefault("ws_answered", set())
        if (table, number, decision) in done:
            return
        try:     # one key per answer: a double click or a rerun stores it once
            svc.act(code, player, decision, answer, key=f"{player}:{number}:{decision}")
        except Refused as err:
            text = t("ws_refused_round_ended", L) if err.key == "round_ended" else err.render(L)
            st.session_state.ws_error = text[:1].upper() + text[1:]
            return
        done.add((table, number, decision))
        st.session_state.ws_sent = decision
    return send


def main() -> None:
    L = lang()
    compact()
    code, player = param("code"), param("player")
    if code and player:
        try:
            me = service().me(code, player)
        except Refused as err:
            refusal(err, L)
            remember(player=None)
            return
        if me.seat is None or st.session_state.get("ws_reseat"):
            st.header(t("page_play", L))
            st.caption(t("ws_you_are", L, name=plain(me.name) or "–", code=code))
            pick_seat(code, player, L)
            return
        seat(code, player)         # no page title: the seat's own heading is the first line
        return
    st.header(t("page_play", L))
    join(L)


main()
