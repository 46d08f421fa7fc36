"""Plain-language lines for a citizen's events, for the journey replay (no Streamlit here)."""

from __future__ import annotations

from sim.schema import Scenario
from ui.i18n import num, t


def describe(event, sc: Scenario, lang: str, tellings: int = 0, outcome: str = "") -> str:
    """One event as a sentence a facilitator can read out; ``tellings`` counts the story so
    far (for a ``told`` event), ``outcome`` is the citizen's outcome (for ``left``)."""
    roles = {r.id: r.name.get(lang) for r in sc.roles}
    needs = {n.id: n.name.get(lang) for n in sc.needs}
    act = event.activity
    need_id = getattr(event, "need", "")
    need = needs.get(need_id, need_id)
    if act == "told":
        return t("e_telling", lang, n=tellings)
    if act == "contact":
        return t("e_contact", lang, need=need, minutes=num(event.minutes, lang, 0))
    if act == "referred":
        key = "e_referred_wrong" if event.wrong else "e_referred_right"
        return t(key, lang, need=need, target=roles.get(event.target, event.target)) + \
            " · " + t("v_warm" if event.warm else "v_cold", lang)
    if act in ("transferred", "assigned"):
        key = "e_referred_cm" if act == "transferred" else "e_assigned"
        return t(key, lang, need=need, target=roles.get(event.target, event.target))
    if act in ("deferred", "exception"):
        return t("e_" + act, lang, need=need, reason=t("r_" + event.reason, lang))
    if act == "worked":
        return t("e_progress", lang, need=need, detail=f"{event.step}/{event.steps}")
    if act == "consent":
        return t("e_consent_yes" if event.given else "e_consent_no", lang)
    if act == "left":
        return t("e_left", lang, outcome=t("outcome_" + outcome, lang)) if outcome else t("e_left_plain", lang)
    return t("e_" + act, lang, need=need)


def journey_lines(events: list, sc: Scenario, lang: str, outcome: str = "") -> list[str]:
    """Every event of one citizen as a sentence, counting the tellings as they come."""
    out, tellings = [], 0
    for e in events:
        tellings += e.activity == "told"
        out.append(describe(e, sc, lang, tellings, outcome))
    return out


def who(event, sc: Scenario, lang: str) -> str:
    """The desk where it happened; the citizen themselves for arrivals, crises and the end."""
    roles = {r.id: r.name.get(lang) for r in sc.roles}
    role = getattr(event, "role", "")
    return roles.get(role, role) if role else t("citizen", lang)
