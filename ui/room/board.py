"""Pieces the facilitator's console and the projector share: the join address and its QR
image, large type, the live counters and the growing hand-off network of a table."""

from __future__ import annotations

import io
import socket
from urllib.parse import urlsplit

import segno
import streamlit as st

from report import charts
from sim.language import num, t
from sim.scenario.presets import setting_name
from ui.common.markup import plain
from ui.common.widgets import figure
from ui.room.live import service
from workshop.seat import Seat

LIVE = ("arrived", "done", "handoffs", "retellings", "wrong_referrals", "gave_up")


def lan_address() -> str | None:
    """This machine's address on the local network (what a phone in the room can reach), found
    without sending anything: a UDP socket 'connected' to a private address picks the interface."""
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        probe.connect(("10.255.255.255", 1))
        return probe.getsockname()[0]
    except OSError:
        return None
    finally:
        probe.close()


def base_address() -> str:
    """Where players reach this app: the address the facilitator's browser uses, unless that is
    this machine itself (localhost), which a phone cannot reach."""
    parts = urlsplit(st.context.url or "http://localhost:8501")
    host, port = parts.hostname or "localhost", parts.port
    if host in ("localhost", "127.0.0.1", "::1"):
        host = lan_address() or host
    return f"{parts.scheme or 'http'}://{host}{f':{port}' if port else ''}"


def join_address(base: str, code: str) -> str:
    return f"{base.rstrip('/')}/play?code={code}"


@st.cache_data(show_spinner=False, max_entries=32)
def qr_png(text: str) -> bytes:
    buf = io.BytesIO()
    segno.make(text, error="m").save(buf, kind="png", scale=10, border=2)
    return buf.getvalue()


def big(text: str, size_rem: float = 4.0) -> None:
    """Large type for the projector. ``text`` is ours (a join code, a number), never a player's."""
    st.html(f"<div class='kastje-big' style='font-size:{size_rem}rem;font-weight:700;letter-spacing:0.08em;line-height:1.1'>"
            f"{text}</div>")


def counters(table: dict, L: str, large: bool = False) -> None:
    """The live counters of one table: citizens arrived and left, hand-offs, retellings, wrong
    referrals, gave up — folded by the simulation's own counting."""
    cols = st.columns(3)
    for i, name in enumerate(LIVE):
        value = table[name] if name != "arrived" else f"{table['arrived']} / {table['citizens']}"
        cols[i % 3].metric(t("live_" + name, L), value if isinstance(value, str) else num(value, L, 0))
    if large:       # projector type; labels wrap instead of ending in "…"
        st.html("<style>[data-testid='stMetricValue']{font-size:3.2rem}"
                "[data-testid='stMetricLabel'] *{font-size:1.15rem;white-space:normal!important;"
                "overflow:visible!important;text-overflow:clip!important}</style>")


def round_line(table: dict, L: str) -> str:
    state = (f"ws_state_over_{table['end_reason']}" if table["over"] else "ws_state_paused" if table["paused"]
             else "ws_state_playing" if table["started"] else "ws_state_waiting")
    end = "" if table["end_day"] is None else t("ws_of_days", L, n=num(table["end_day"], L, 0))
    return t("ws_table_line", L, table=table["table"], setting=setting_name(table["setting"], L), n=table["round"],
             state=t(state, L), day=num(table["day"], L, 1), end=end)


def network(table: dict, sc, L: str, key: str, download: bool = False) -> None:
    """The hand-off network so far (every hand-off, right or wrong, drawn as in the simulation)."""
    edges = {(s, d, bool(w)): n for s, d, w, n in table["edges"]}
    if not edges:
        st.caption(t("no_handoffs", L))
        return
    snapshot = tuple(sorted(edges.items()))
    figure(lambda: charts.network_of(edges, 1, sc, L, t("ws_network_title", L, table=table["table"])),
           t("network", L), f"{key}_network_{table['table']}", L, ("ws_network", snapshot, L), download)
    st.caption(t("ws_network_caption", L))



def over_time(table: dict, code: str, L: str, key: str, stacked: bool = True, download: bool = False) -> None:
    """The table's round over time beside what the simulation predicts for it (workshop.timeline):
    redrawn when the table's clock moves, the band computed once per round."""
    line = table["timeline"]
    if not table["started"] or len(line["days"]) < 2:
        return
    band = service().predicted(code, table["table"])
    title = t("ot_title", L, table=table["table"])
    figure(lambda: charts.over_time(line, band, L, title, stacked=stacked), title, f"{key}_over_time_{table['table']}", L,
           ("ws_over_time", code, table["round"], table["table"], len(line["days"]), stacked, L), download)


def turn_line(table: dict, sc, L: str) -> str | None:
    """In the turn-based mode, while the round is played: whom the next step waits for, and for
    at most how long (the room sees who holds the clock)."""
    turn = table.get("turn")
    if not turn or not table["started"] or table["over"]:
        return None
    if not turn["waiting_for"]:
        return t("ws_turn_free", L)
    roles = {r.id: r.name.get(L) for r in sc.roles}
    seats = []
    for text in turn["waiting_for"]:
        seat = Seat.parse(text)
        seats.append(f"{t('citizen', L)} {seat.citizen}" if seat.is_citizen else roles.get(seat.role, seat.role))
    return t("ws_turn_line", L, seats=plain(", ".join(seats)), s=round(turn["seconds_left"] or 0))
