"""Sentences for the players' pages, drawn from the plain records a seat may see (no
Streamlit here). A desk reads its own records in the second person ("you referred …") and a
file that followed the citizen in the third ("KCC referred …"); a citizen reads what they
lived through ("the KCC sent you to …"). No sentence says whether a hand-off was right: the
records a player gets carry no verdict (workshop.screens).
"""

from __future__ import annotations

from sim.schema import Scenario
from ui.i18n import num, t

QUIET = {"run", "load", "coordinated", "left"}          # nothing a player needs a line for


def names(sc: Scenario, lang: str) -> tuple[dict[str, str], dict[str, str]]:
    return ({r.id: r.name.get(lang) for r in sc.roles}, {n.id: n.name.get(lang) for n in sc.needs})


def brought(value: str | None, needs: dict[str, str]) -> str:
    """What the citizen was told to bring or sort out first: a need by name, or the desk's words."""
    if not value:
        return ""
    return needs.get(value, value)


def desk_line(rec: dict, sc: Scenario, lang: str, own: bool) -> str | None:
    """One record of a desk's own notes (``own``) or of the case file, as a sentence."""
    roles, needs = names(sc, lang)
    act = rec["activity"]
    if act in QUIET or act == "arrived":
        return None
    who = t("p_you", lang) if own else roles.get(rec.get("role", ""), rec.get("role", ""))
    need = needs.get(rec.get("need") or "", rec.get("need") or "")
    target = roles.get(rec.get("target") or "", rec.get("target") or "")
    values = {"who": who, "need": need, "target": target, "citizen": rec["citizen"],
              "day": num(rec["time"] / (sc.clock.hours_per_day * 60), lang, 1)}
    if act == "referred":
        values["how"] = t("p_warm" if rec.get("warm") else "p_cold", lang)
    if act == "deferred":
        values["reason"] = t("r_" + rec["reason"], lang)
        values["bring"] = brought(rec.get("bring"), needs) or "–"
    if act == "contact":
        values["minutes"] = num(rec["minutes"], lang, 0)
    if act == "consent":
        act = "consent_yes" if rec.get("given") else "consent_no"
    if act == "worked":
        values["step"] = f"{rec['step']}/{rec['steps']}"
    key = f"pd_{act}"
    return _dated(t(key, lang, **values), values["day"], lang) if key in _DESK_KEYS else None


def _dated(sentence: str, day: str, lang: str) -> str:
    return f"{t('p_day', lang, day=day)} · {sentence}"


_DESK_KEYS = {f"pd_{a}" for a in ("told", "file_read", "asked", "hidden_found", "worked", "resolved", "deferred",
                                  "exception", "referred", "transferred", "assigned", "contact", "consent_yes",
                                  "consent_no", "gave_up", "overturned")}


def citizen_line(rec: dict, sc: Scenario, lang: str) -> str | None:
    """One thing a citizen lived through, in the second person."""
    roles, needs = names(sc, lang)
    act = rec["activity"]
    if act in QUIET:
        return None
    role = roles.get(rec.get("role") or "", rec.get("role") or "")
    values = {"desk": role, "need": needs.get(rec.get("need") or "", rec.get("need") or ""),
              "target": roles.get(rec.get("target") or "", rec.get("target") or ""),
              "day": num(rec["time"] / (sc.clock.hours_per_day * 60), lang, 1)}
    if act == "referred":
        act = "referred_warm" if rec.get("warm") else "referred_cold"
    elif act == "assigned":
        if rec.get("target") == rec.get("role"):
            return None
        act = "assigned_warm" if rec.get("warm") else "assigned_cold"
    elif act == "deferred":
        values["reason"] = t("r_" + rec["reason"], lang)
        bring = brought(rec.get("bring"), needs)
        values["bring"] = t("pc_bring", lang, what=bring) if bring else ""
    elif act == "consent":
        act = "consent_yes" if rec.get("given") else "consent_no"
    elif act == "contact":
        values["wait"] = num(rec["wait"], lang, 0)
    elif act == "worked":
        values["step"] = f"{rec['step']}/{rec['steps']}"
    key = f"pc_{act}"
    return _dated(t(key, lang, **values), values["day"], lang) if key in _CITIZEN_KEYS else None


_CITIZEN_KEYS = {f"pc_{a}" for a in ("arrived", "told", "file_read", "asked", "hidden_found", "worked", "resolved",
                                     "deferred", "exception", "referred_cold", "referred_warm", "transferred",
                                     "assigned_cold", "assigned_warm", "contact", "consent_yes", "consent_no",
                                     "crisis", "gave_up", "overturned")}
