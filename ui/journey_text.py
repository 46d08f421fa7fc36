"""Plain-language lines for a citizen's events, for the journey replay (no Streamlit here)."""

from __future__ import annotations

from sim.analysis import parse_referral
from sim.schema import Scenario
from ui.i18n import num, t


def describe(event: dict, sc: Scenario, lang: str) -> str:
    """One event as a sentence a facilitator can read out."""
    roles = {r.id: r.name.get(lang) for r in sc.roles}
    needs = {n.id: n.name.get(lang) for n in sc.needs}
    act, need = event["activity"], needs.get(event["need"], event["need"])
    detail = str(event["detail"])
    if act == "arrived":
        return t("e_arrived", lang, need=need)
    if act == "telling":
        return t("e_telling", lang, n=detail)
    if act == "contact":
        return t("e_contact", lang, need=need, minutes=num(float(event["minutes"] or 0), lang, 0))
    if act == "referred":
        target, wrong = parse_referral(detail)
        key = "e_referred_cm" if "case_manager" in detail else ("e_referred_wrong" if wrong else "e_referred_right")
        return t(key, lang, need=need, target=roles.get(target, target))
    if act == "assigned":
        return t("e_assigned", lang, need=need, target=roles.get(detail, detail))
    if act in ("deferred", "exception"):
        return t("e_" + act, lang, need=need, reason=t("r_" + (detail or "later"), lang))
    if act == "left":
        return t("e_left", lang, outcome=t("outcome_" + detail, lang))
    return t("e_" + act, lang, need=need, detail=detail)


def who(event: dict, sc: Scenario, lang: str) -> str:
    """The desk where it happened; the citizen themselves for arrivals, crises and the end."""
    roles = {r.id: r.name.get(lang) for r in sc.roles}
    return roles.get(event["role"], event["role"]) if event["role"] else t("citizen", lang)
