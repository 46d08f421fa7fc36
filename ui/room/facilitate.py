"""Page: the facilitator's console — create a session, show the join code, run the room.

The address holds the session code and the facilitator key (?code=…&key=…), so a refresh
keeps the console; it is the facilitator's own page and never goes on the projector (the
projector page needs only the code). Every button goes through the service, which checks
the key and stores the action before it counts.
"""

from __future__ import annotations

import uuid

import pandas as pd
import streamlit as st

from sim.language import num, t
from sim.scenario.presets import presets, setting_name
from ui.common.markup import lang, name_of, plain
from ui.common.scenario import scenario
from ui.common.style import compact
from ui.room import board as room
from ui.room.live import REFRESH_SECONDS, pacers, param, refusal, remember, service
from workshop.codes import normalise
from workshop.seat import CITIZENS, Seat
from workshop.service import Refused
from workshop.table import tick_lengths
from workshop.turns import TURN_SECONDS

DAY_MINUTES_WALL = 4          # default: a working day lasts four minutes in the room
DAY_LENGTHS = [0.25, 0.5, 1, 2, 3, 4, 5, 6, 8, 10, 15, 20, 30, 60]   # minutes in the room per working day
DECISION_SECONDS = 30         # default: a player has half a minute per decision before the bot answers


def tick_for(pace: float, day_minutes: float) -> float | None:
    """Model minutes per tick: about one tick a wall-clock second (answers show up within a
    second), and a whole number of ticks in a working day; None when no tick cuts the day (the
    service then says which working days would work)."""
    ticks = tick_lengths(day_minutes)
    return min(ticks, key=lambda d: (abs(d - pace), d)) if ticks else None


def create(L: str) -> None:
    """The form that makes a session from the active scenario."""
    sc = scenario()
    options = presets(sc)
    names = list(options)
    st.subheader(t("ws_create", L))
    st.caption(t("ws_create_intro", L, name=plain(name_of(sc.name, L))))
    c1, c2 = st.columns(2)
    tables = c1.number_input(t("ws_tables", L), 1, 4, 2, key="cr_tables")
    rounds = c2.number_input(t("ws_rounds", L), 1, 3, 2, key="cr_rounds")
    with st.form("create", enter_to_submit=False):      # Enter in a field must not create the session
        grid = []
        for r in range(int(rounds)):
            cols = st.columns(int(tables))
            default = "chaos" if r == 0 or "integral" not in names else "integral"
            grid.append({chr(65 + i): cols[i].selectbox(
                t("ws_round_table", L, n=r + 1, table=chr(65 + i)), names, index=names.index(default)
                if default in names else 0, key=f"cr_set_{r}_{i}", format_func=lambda n: setting_name(n, L),
                help=t("ws_setting_help", L)) for i in range(int(tables))})
        c1, c2, c3 = st.columns(3)
        citizens = c1.number_input(t("ws_deck_size", L), 1, 200, 30, key="cr_citizens")
        days = c2.number_input(t("ws_round_days", L), 1, 60, 5, key="cr_days")
        seed = c3.number_input(t("ws_deck_seed", L), 0, 2**31 - 1, 1, key="cr_seed")
        cases = {c.id: name_of(c.title, L) for c in sc.cases}
        deck = st.multiselect(t("ws_deck_cases", L), list(cases), default=list(cases), key="cr_deck",
                              format_func=lambda c: cases[c], placeholder=t("ws_deck_pick", L),
                              select_all=False)     # Streamlit's own "Select all" is English in every language
        c1, c2 = st.columns(2)
        day_wall = c1.selectbox(t("ws_day_wall", L), DAY_LENGTHS, index=DAY_LENGTHS.index(DAY_MINUTES_WALL),
                                key="cr_day_wall", format_func=lambda m: num(m, L, 0 if m == int(m) else 2))
        decision = c2.number_input(t("ws_decision_seconds", L), 5, 600, DECISION_SECONDS, step=5, key="cr_decision")
        c1, c2 = st.columns(2)
        turns = c1.toggle(t("ws_turns", L), value=False, key="cr_turns", help=t("ws_turns_help", L))
        turn_seconds = c2.number_input(t("ws_turn_seconds", L), 10, 600, int(TURN_SECONDS), step=10, key="cr_turn_seconds")
        go = st.form_submit_button(t("ws_create_go", L), type="primary")
    if not go:
        return
    day = sc.clock.hours_per_day * 60
    pace = day / (day_wall * 60)
    try:
        code, key = service().create(
            st.session_state.scenario_text, st.session_state.scenario_file, grid[0], int(citizens), int(seed),
            timer_minutes=decision * pace, tick_minutes=tick_for(pace, day) or 1, round_days=float(days), pace=pace,
            deck=deck if len(deck) < len(cases) else None, rounds=grid, turns=turns, turn_seconds=float(turn_seconds),
            extra={"lang": L})         # the session's language: `kastje workshop handout` writes in it
    except Refused as err:
        refusal(err, L)
        return
    remember(code=code, key=key)
    st.rerun()


def reopen(L: str) -> None:
    with st.expander(t("ws_reopen", L)), st.form("reopen"):
        code = st.text_input(t("ws_code", L), key="ro_code")
        key = st.text_input(t("ws_key", L), type="password", key="ro_key")
        if st.form_submit_button(t("ws_reopen_go", L)):
            try:
                service().overview(code, key)
            except Refused as err:
                refusal(err, L)
                return
            remember(code=normalise(code), key=key)
            st.rerun()


def heading(code: str, key: str, L: str) -> None:
    """The join code, large, with the address and its QR image, and the projector's link."""
    base = st.session_state.get("ws_base") or room.base_address()
    address = room.join_address(base, code)
    left, middle, right = st.columns([4, 9, 3], vertical_alignment="center")     # one band: the round fits under it
    with left:
        st.caption(t("ws_join_code", L))
        room.big(code, 3)
    with middle:
        st.markdown(t("ws_join_at", L, url=address))
        row = st.container(horizontal=True, vertical_alignment="center")
        row.link_button(t("ws_projector", L), f"{base.rstrip('/')}/projector?code={code}", icon=":material/tv:")
        with row.popover(t("ws_base", L), icon=":material/lan:"):
            st.text_input(t("ws_base", L), value=base, key="ws_base", help=t("ws_base_help", L))
        st.caption(t("ws_console_private", L))
    right.image(room.qr_png(address), caption=t("ws_scan", L), width=130, alt=t("ws_qr_alt", L, url=address))


def _do(code: str, L: str, fn, *args) -> None:
    """A console button's callback: it runs before the console redraws, so the redraw shows the
    new state (one redraw per click, not two)."""
    try:
        fn(*args)
    except Refused as err:
        st.session_state.ws_error = err.render(L)
    pacers().ensure(code)


def _extend(code: str, key: str, tables: list[str]) -> None:
    for name in tables:
        service().extend(code, key, name, float(st.session_state.fc_days))


def control(code: str, key: str, view: dict, L: str) -> None:
    """Start, pause, resume, extend, end: each a stored input, refused when the rules say so."""
    svc = service()
    number = view["round"]
    over = all(tbl["over"] for tbl in view["tables"].values())
    row = st.container(horizontal=True, vertical_alignment="bottom")
    if (not view["started"] or over) and number < view["rounds"]:
        row.button(t("ws_start", L, n=number + 1), type="primary", key="fc_start",
                   on_click=_do, args=(code, L, svc.start, code, key, f"{code}:start:{number + 1}"))
    if view["started"] and not over:
        if view["paused"]:
            row.button(t("ws_resume", L), key="fc_resume", type="primary",
                       on_click=_do, args=(code, L, svc.resume, code, key))
        else:
            row.button(t("ws_pause", L), key="fc_pause", on_click=_do, args=(code, L, svc.pause, code, key))
        playing = [name for name, tbl in view["tables"].items() if not tbl["over"]]
        if any(tbl["turn"] for tbl in view["tables"].values()) and not view["paused"]:
            row.button(t("ws_next_tick", L), key="fc_next", icon=":material/skip_next:", help=t("ws_next_tick_help", L),
                       on_click=_do, args=(code, L, svc.next_tick, code, key))
        days = row.number_input(t("ws_extend_days", L), 1, 20, 1, key="fc_days", width=140)
        row.button(t("ws_extend", L, n=days, tables=", ".join(playing)), key="fc_extend",
                   on_click=_do, args=(code, L, _extend, code, key, playing))
        with row.popover(t("ws_end_round", L), icon=":material/stop_circle:"):
            st.markdown(t("ws_end_round_sure", L, n=number))
            st.button(t("ws_end_round_go", L), key="fc_end", type="primary",
                      on_click=_do, args=(code, L, svc.end_all, code, key, f"{code}:end:{number}:{uuid.uuid4().hex[:6]}"))
    if st.session_state.get("ws_error"):
        st.error(st.session_state.pop("ws_error"))


def _switch(code: str, key: str, table: str, role: str, to_bot: bool) -> None:
    svc = service()
    (svc.to_bot if to_bot else svc.to_person)(code, key, table, role)


def seats(code: str, key: str, name: str, table: dict, sc, L: str) -> None:
    """The desks people play (who, and the switch to the computer and back); the others in one
    line: the computer plays them."""
    roles = {r.id: name_of(r.name, L) for r in sc.roles}
    played = {role: seat for role, seat in table["seats"].items() if seat["players"]}
    for role, seat in played.items():
        c1, c2 = st.columns([3, 2], vertical_alignment="center")
        mode = t("ws_person", L) if seat["person"] else t("ws_bot", L)
        c1.markdown(f"**{plain(roles.get(role, role))}** · {plain(', '.join(seat['players']))}  \n:gray[{mode}"
                    + (f" · {t('ws_open_n', L, n=seat['open'])}" if seat["open"] else "") + "]")
        if table["started"] and not table["over"]:
            c2.button(t("ws_to_bot" if seat["person"] else "ws_to_person", L), key=f"sw_{name}_{role}",
                      on_click=_do, args=(code, L, _switch, code, key, name, role, seat["person"]))
    others = [roles.get(role, role) for role in table["seats"] if role not in played]
    if others:
        st.caption(t("ws_bots_play", L, desks=plain(", ".join(others))))
    opening(code, key, name, table, roles, L)


def opening(code: str, key: str, name: str, table: dict, roles: dict, L: str) -> None:
    """Which seats players may take themselves; the service refuses the others (the facilitator
    gives them with *move*)."""
    options = [*table["seats"], CITIZENS]
    label = {**roles, CITIZENS: t("ws_seat_citizens", L)}
    widget = f"fc_open_{name}"
    if widget not in st.session_state:
        st.session_state[widget] = list(table["open_seats"])
    st.multiselect(t("ws_open_seats", L), options, key=widget, format_func=lambda s: label.get(s, s),
                   help=t("ws_open_seats_help", L), on_change=_open, args=(code, key, name, widget, L))


def _open(code: str, key: str, name: str, widget: str, L: str) -> None:
    try:
        service().open_seats(code, key, name, list(st.session_state[widget]))
    except Refused as err:
        st.session_state.ws_error = err.render(L)


def wall(table: dict, sc, L: str) -> None:
    """A line per citizen: where they are and what the journey has cost them so far."""
    if not table["journeys"]:
        st.caption(t("ws_no_journeys", L))
        return
    roles = {r.id: name_of(r.name, L) for r in sc.roles}
    cases = {c.id: name_of(c.title, L) for c in sc.cases}

    def state(s: str) -> str:
        kind, _, what = s.partition(":")
        if kind == "left":
            return t("outcome_" + what, L)
        if kind in ("queue", "desk"):
            return t(f"ws_at_{kind}", L, desk=roles.get(what, what))
        return t("ws_at_between", L)

    frame = pd.DataFrame([{"#": j["citizen"], t("case", L): cases[j["case"]],
                           t("ws_col_state", L): state(j["state"]), t("ws_col_desks", L): j["desks"],
                           t("ws_col_told", L): j["tellings"], t("ws_col_handoffs", L): j["handoffs"],
                           t("ws_col_wrong", L): j["wrong_referrals"],
                           t("ws_col_person", L): "●" if j["played"] else ""} for j in table["journeys"]])
    st.dataframe(frame, hide_index=True, width="stretch", height=min(420, 38 + 35 * len(frame)))
    st.caption(t("ws_wall_caption", L))


def seat_name(text: str, roles: dict, L: str) -> str:
    seat = Seat.parse(text)
    if seat is None:
        return "–"
    if seat.is_citizen:
        return f"{t('citizen', L)} {seat.citizen}"
    return roles.get(seat.role, seat.role)


def players(view: dict, sc, L: str, code: str | None = None, key: str | None = None) -> None:
    """Who joined, where they sit, and whether their page refreshed in the last seconds."""
    roles = {r.id: name_of(r.name, L) for r in sc.roles}
    rows = [{t("ws_col_name", L): p["name"], t("ws_table", L): p["table"] or "–",
             t("ws_col_seat", L): seat_name(p["seat"], roles, L),
             t("ws_col_connected", L): "✓" if p["connected"] else "–"} for p in view["players"]]
    if rows:
        st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
    else:
        st.caption(t("ws_nobody", L))
    if rows and code:
        assign(code, key, view, roles, L)


def assign(code: str, key: str, view: dict, roles: dict, L: str) -> None:
    """Give a player a seat, open to players or not (the case manager's, say)."""
    with st.expander(t("ws_assign", L)):
        people = {p["player"]: p["name"] or "–" for p in view["players"]}
        c1, c2, c3 = st.columns(3)
        c1.selectbox(t("ws_col_name", L), list(people), key="fc_mv_player", format_func=lambda p: people[p])
        table = c2.selectbox(t("ws_table", L), list(view["tables"]), key="fc_mv_table")
        c3.selectbox(t("ws_col_seat", L), list(view["tables"][table]["seats"]), key="fc_mv_seat",
                            format_func=lambda r: roles.get(r, r))
        st.button(t("ws_assign_go", L), key="fc_mv_go", on_click=_do, args=(code, L, _assign, code, key))


def _assign(code: str, key: str) -> None:
    """The choice as the fields hold it when the button is pressed (not as they were drawn)."""
    ss = st.session_state
    service().move(code, key, ss.fc_mv_player, ss.fc_mv_table, ss.fc_mv_seat)


@st.fragment(run_every=REFRESH_SECONDS)
def console(code: str, key: str) -> None:
    L = lang()
    svc = service()
    try:
        view = svc.overview(code, key)
    except Refused as err:
        refusal(err, L)
        return
    sc = svc.scenario(code)
    control(code, key, view, L)
    for col, table in zip(st.columns(len(view["tables"])), view["tables"].values()):   # every table's counters in view
        with col:
            st.markdown(f"#### {room.round_line(table, L)}")
            if (line := room.turn_line(table, sc, L)) is not None:
                st.caption(line)
            room.counters(table, L)
    st.subheader(t("ws_players", L, n=len(view["players"]),
                   c=sum(p["connected"] for p in view["players"])))
    players(view, sc, L, code, key)
    for name, table in view["tables"].items():          # the details per table, under the fold
        st.divider()
        st.markdown(f"#### {t('ws_table_short', L, table=name)}")
        left, right = st.columns([1, 1])
        with left:
            st.markdown(f"**{t('ws_seats', L)}**")
            seats(code, key, name, table, sc, L)
        with right:
            room.network(table, sc, L, "console")
        st.markdown(f"**{t('ws_wall', L)}**")
        wall(table, sc, L)
        if table["answered_by"]:
            st.caption(t("ws_answered_by", L, **{k: table["answered_by"].get(k, 0) for k in ("person", "timer", "bot")}))


def ending(code: str, key: str, L: str) -> None:
    with st.expander(t("ws_after", L)):
        st.page_link("ui/room/debrief.py", label=t("ws_to_debrief", L), icon=":material/insights:",
                     query_params={"code": code, "key": key})
        if st.button(t("ws_erase", L), key="fc_erase"):
            service().erase_names(code, key)
            st.rerun()
        if st.checkbox(t("ws_end_session_sure", L), key="fc_end_sure") and st.button(t("ws_end_session", L),
                                                                                     key="fc_end_session"):
            pacers().stop(code)
            service().end_session(code, key)
            st.session_state.ws_ended = code
            remember(code=None, key=None)
            st.rerun()


def main() -> None:
    L = lang()
    compact()           # less air above the title: the round's controls and counters fit a laptop's screen
    st.header(t("page_facilitate", L))
    code, key = param("code"), param("key")
    if st.session_state.get("ws_ended"):
        st.success(t("ws_session_ended", L, code=st.session_state.pop("ws_ended")))
    if not (code and key):
        create(L)
        reopen(L)
        return
    try:
        service().overview(code, key)
    except Refused as err:
        refusal(err, L)
        if st.button(t("ws_new_session", L)):
            remember(code=None, key=None)
            st.rerun()
        return
    pacers().ensure(code)
    heading(code, key, L)
    console(code, key)
    ending(code, key, L)


main()
