"""A desk played by a person: the citizen in front of them, their own notes, the file when it
follows, and the actions the round allows — drawn only from the service's desk screen."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from agents.decision import Action
from report.journey import desk_line, names
from sim.language import num, t
from sim.scenario.presets import setting_name
from ui.common.markup import plain
from workshop import guidance

# The order of the buttons: first what helps, then what sends the citizen on.
ORDER = ("work", "ask", "exception", "defer", "refer", "assign", "transfer", "end")


def rules_text(rules: dict, L: str) -> str:
    """The round's rules in words, as a desk needs to know them."""
    parts = [t("rule_file_" + rules["shared_file"], L),
             t("rule_warm" if rules["warm"] else "rule_cold", L),
             t("rule_broad" if rules["ask"] else "rule_narrow", L),
             t("rule_room" if rules["exceptions"] else "rule_no_room", L)]
    if rules["case_manager"]:
        parts.append(t("rule_case_manager", L))
    return " · ".join(parts)


ICONS = {"act": ":material/touch_app:", "wait": ":material/hourglass_empty:", "done": ":material/flag:"}


def guide(line: guidance.Line, sc, L: str, error: str | None = None) -> None:
    """The one line of every player's page: what is expected now, or what the player waits for
    (workshop.guidance, from the server's screen); a refused click is said right under it."""
    (st.success if line.tone == "done" else st.info)(plain(guidance.say(line, sc, L)), icon=ICONS[line.tone])
    if error:
        st.error(error, icon=":material/block:")


def status(screen: dict, L: str, on_pass: Callable[[], None] | None = None) -> None:
    """The round's clock, small, while it is played (the line above says what to do); in the
    turn-based mode, while the coming step waits for this seat, the button that passes it."""
    if screen["started"] and not screen["over"]:
        end = "" if screen["end_day"] is None else t("ws_of_days", L, n=num(screen["end_day"], L, 0))
        st.caption(t("ws_round_day", L, n=screen["round"], day=num(screen["day"], L, 1), end=end))
        turn = screen.get("turn")
        if on_pass is not None and turn and screen["seat_id"] in turn["waiting_for"]:
            st.button(t("ws_pass", L), key="ws_pass_go", on_click=on_pass, help=t("ws_pass_help", L),
                      icon=":material/skip_next:")


def timer(seconds: float | None, L: str) -> str:
    if seconds is None:
        return ""
    return t("ws_seconds_left", L, s=round(seconds))


def show(screen: dict, sc, L: str, send: Callable[[int, Action], None], sent: bool = False,
         error: str | None = None, on_pass: Callable[[], None] | None = None) -> None:
    """``send``: records an answer (called from a button's on_click, before the rerun that
    draws the page without the card); ``sent``: an answer went out in this rerun; ``on_pass``:
    passes the coming step (turn-based mode)."""
    roles, needs = names(sc, L)
    st.markdown(f"### {plain(roles[screen['seat']])}")
    guide(guidance.desk(screen, sent), sc, L, error)
    status(screen, L, on_pass)
    for d in screen["decisions"]:
        decision(d, screen, sc, L, roles, needs, send)
    c1, c2 = st.columns(2)
    c1.metric(t("ws_queue", L), screen["queue"])
    c2.metric(t("ws_busy", L), f"{screen['busy']} / {screen['staff']}")
    st.caption(t("ws_table_setting", L, table=screen["table"], setting=setting_name(screen["setting"], L)) + " — "
               + rules_text(screen["rules"], L))
    if screen["recent"]:
        with st.expander(t("ws_recent", L)):
            for item in screen["recent"]:
                lines = [desk_line(r, sc, L, own=True) for r in item["events"]]
                st.markdown(f"**{t('citizen', L)} {item['citizen']}**  \n"
                            + "  \n".join(plain(x) for x in lines if x))


def decision(d: dict, screen: dict, sc, L: str, roles: dict, needs: dict,
             send: Callable[[int, Action], None]) -> None:
    """One citizen at the desk and the question asked about them now."""
    key = d["decision"]
    with st.container(border=True, key=f"card_{key}"):
        head = st.container(horizontal=True, vertical_alignment="top", gap="small")     # columns stack on a phone
        head.markdown(t("ws_in_front", L, n=d["citizen"], need=plain(needs[d["need"]])), width="stretch")
        head.markdown(f"**{timer(d['seconds_left'], L)}**", width="content")
        hint = guidance.bounce(d, screen["rules"])
        if hint is not None:
            st.warning(plain(guidance.say(hint, sc, L)), icon=":material/undo:")
        story = [needs[n] for n in d["story"]]
        st.markdown(t("ws_story", L, needs=plain(", ".join(story)) if story else "–"))
        if len(d["table"]) > 1:
            st.caption(t("ws_on_table", L, needs=", ".join(
                plain(needs[n]) + (" ✓" if n in d["decided"] else "") for n in d["table"])))
        if d["can_resolve"]:
            if d["block"]:
                first = needs.get(d["blocking_need"] or "", "")
                st.warning(t("ws_blocked", L, reason=t("r_" + d["block"], L))
                           + (" " + t("ws_first", L, need=plain(first)) if first else ""))
        else:
            st.caption(t("ws_cannot_resolve", L))
        actions(d, screen, L, roles, needs, send)
        notes(d, sc, L, roles, needs)          # the details under the buttons, folded: a phone shows the buttons first


def notes(d: dict, sc, L: str, roles: dict, needs: dict) -> None:
    own = [desk_line(r, sc, L, own=True) for r in d["records"]]
    own = [x for x in own if x]
    if own:
        with st.expander(t("ws_own_notes", L, n=len(own))):
            st.markdown("  \n".join(plain(x) for x in own))
    if d["file"] is None:
        st.caption(t("ws_no_file", L))
    else:
        others = [desk_line(r, sc, L, own=False) for r in d["file"] if r.get("role") != d["role"]]
        others = [x for x in others if x]
        with st.expander(t("ws_file", L, n=len(others))):
            st.markdown("  \n".join(plain(x) for x in others) if others else t("ws_file_empty", L))
    if d["overview"]:
        items = [f"{needs.get(n, n)} → {roles.get(s['holder'] or '', '–')}{' ✓' if s['resolved'] else ''}"
                 for n, s in d["overview"].items()]
        st.caption(t("ws_overview", L, items=plain("; ".join(items))))


def actions(d: dict, screen: dict, L: str, roles: dict, needs: dict,
            send: Callable[[int, Action], None]) -> None:
    """The round's legal actions as buttons; an action that needs something said (where to, what
    to bring, why) has its field right above its own button. A button's on_click sends the
    answer before the rerun, so that rerun draws the page without this card."""
    legal = [k for k in ORDER if k in d["legal"]]
    key = d["decision"]
    warm_rule = bool(screen["rules"]["warm"])

    def button(kind: str, **kw) -> None:
        st.form_submit_button(t("act_" + kind, L), key=f"act_{kind}_{key}", width="stretch",
                              on_click=press, args=(kind, d, warm_rule, send), **kw)

    with st.form(f"decide_{key}", border=False, enter_to_submit=False):
        plain_kinds = [k for k in legal if k in ("work", "ask", "transfer", "end")]
        if plain_kinds:
            cols = st.columns(len(plain_kinds))
            for col, kind in zip(cols, plain_kinds):
                with col:
                    button(kind, type="primary" if kind in ("work", "end") else "secondary")
        for kind in ("refer", "assign"):
            if kind in legal:
                with st.container(border=True):
                    options = [r for r in roles if kind == "assign" or r != d["role"]]
                    st.selectbox(t("ws_target", L), options, key=f"tgt_{key}", format_func=lambda r: roles[r])
                    if warm_rule:
                        st.toggle(t("ws_warm", L), value=True, key=f"warm_{key}")
                    else:
                        st.caption(t("ws_cold_only", L))
                    button(kind)
        if "defer" in legal:
            with st.container(border=True):
                if (d["block"] or "later") == "prerequisite":
                    st.caption(t("ws_first", L, need=plain(needs.get(d["blocking_need"] or "", ""))))
                else:
                    st.text_input(t("ws_bring", L), key=f"bring_{key}", max_chars=80)
                button("defer")
        if "exception" in legal:
            with st.container(border=True):
                st.text_input(t("ws_note", L), key=f"note_{key}", max_chars=160)
                button("exception")


def press(kind: str, d: dict, warm_rule: bool, send: Callable[[int, Action], None]) -> None:
    """A button's callback: the action from the form's fields (in session state), sent once."""
    ss, key = st.session_state, d["decision"]
    if kind in ("refer", "assign"):
        action = Action(kind, target=ss.get(f"tgt_{key}"), warm=warm_rule and bool(ss.get(f"warm_{key}", True)))
    elif kind == "defer":
        reason = d["block"] or "later"
        bring = d["blocking_need"] if reason == "prerequisite" else (ss.get(f"bring_{key}") or None)
        action = Action("defer", reason=reason, bring=bring)
    elif kind == "exception":
        action = Action("exception", note=ss.get(f"note_{key}") or None)
    else:
        action = Action(kind)
    send(key, action)
