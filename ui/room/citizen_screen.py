"""A citizen played by a person: their case card, where they are, what they were told, how often
they told their story — and the citizen's own choices when the model asks for them."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from report.journey import citizen_line, names
from sim.language import num, t
from sim.scenario.presets import setting_name
from ui.common.markup import name_of, plain
from ui.room.desk_screen import guide, status, timer
from workshop import guidance


def show(screen: dict, sc, L: str, send: Callable[[int, object], None], sent: bool = False,
         error: str | None = None, on_pass: Callable[[], None] | None = None) -> None:
    roles, needs = names(sc, L)
    case = next(c for c in sc.cases if c.id == screen["case"])
    profile = next(p for p in sc.profiles if p.id == screen["profile"])
    st.markdown(f"### {t('citizen', L)} {screen['citizen']} · {plain(name_of(case.title, L))}")
    guide(guidance.citizen(screen, sent), sc, L, error)
    status(screen, L, on_pass)
    for q in screen["questions"]:
        question(q, L, roles, needs, send)
    with st.container(border=True):
        st.markdown(f"**{t('ws_case_card', L)}** — {plain(name_of(profile.name, L))}")
        st.markdown(plain(name_of(case.story, L)))
        further = [needs[n] for n in screen["needs"] if n != screen["presenting"] and n not in screen["hidden"]]
        st.markdown(t("ws_your_question", L, need=plain(needs[screen["presenting"]])))
        if further:
            st.markdown(t("ws_further", L, needs=plain(", ".join(further))))
        if screen["hidden"]:
            st.markdown(t("ws_unsaid", L, needs=plain(", ".join(needs[n] for n in screen["hidden"]))))
    c1, c2 = st.columns([1, 2])
    c1.metric(t("ws_tellings", L), screen["tellings"])
    c2.markdown(f"{t('ws_where', L)}  \n**{plain(where(screen, L, roles))}**")      # a place name does not fit a metric
    if screen["state"] == "queue" and screen["queue"]:
        st.caption(t("ws_queue_ahead", L, n=screen["queue"]))
    st.caption(t("ws_table_setting", L, table=screen["table"], setting=setting_name(screen["setting"], L)))
    lived = [citizen_line(r, sc, L) for r in screen["lived"]]
    lived = [x for x in lived if x]
    if lived:
        st.markdown(f"**{t('ws_lived', L)}**")
        st.markdown("  \n".join(f"{i + 1}. {plain(x)}" for i, x in enumerate(lived)))


def where(screen: dict, L: str, roles: dict) -> str:
    state = screen["state"]
    if state == "not_arrived":
        return t("ws_at_not_arrived", L, day=num(screen["arrival_day"], L, 1))
    if state in ("queue", "desk"):
        return t(f"ws_at_{state}", L, desk=roles.get(screen["at"], screen["at"]))
    if state == "left":
        return t("outcome_" + (screen["outcome"] or "open"), L)
    return t("ws_at_between", L)


def question(q: dict, L: str, roles: dict, needs: dict, send: Callable[[int, object], None]) -> None:
    """The citizen's choice, with the options as buttons (a phone's thumb finds them); a button's
    on_click sends the answer before the rerun, which draws the page without the question."""
    key = q["decision"]
    need = plain(needs.get(q["need"] or "", ""))
    with st.container(border=True, key=f"question_{key}"):
        clock = timer(q["seconds_left"], L)         # on the question's line: a phone has no room for two
        st.markdown("**" + t("q_" + q["question"], L, need=need, n=q["fruitless"]) + "**" + (f" · {clock}" if clock else ""))
        options = q["options"]
        labels = [roles.get(o, o) if q["question"] == "first_desk" else t("a_" + q["question"] + ("_yes" if o else "_no"), L)
                  for o in options]
        row = st.container(horizontal=True, gap="small")      # the options flow in rows; columns would stack on a phone
        for i, (option, label) in enumerate(zip(options, labels)):
            row.button(label, key=f"ans_{key}_{i}", on_click=send, args=(key, option),
                       type="primary" if i == 0 and q["question"] != "first_desk" else "secondary")
