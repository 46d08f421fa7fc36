"""The debrief in words: the three A&O lessons tied to a table's numbers, and questions for
the group drawn from what happened at the tables (no Streamlit here; the page and the
handout say the same)."""

from __future__ import annotations

from report.format import metric_value
from sim.language import num, t


def span(table: dict, metric: str, L: str) -> str:
    """'1,80 (simulation 1,20–2,40)': the team's figure and the band of the same citizens."""
    value = metric_value(metric, table["metrics"][metric], L)
    lo, hi = table["band"][metric]["range95"]
    if lo is None:
        return value
    return t("ws_value_band", L, value=value, lo=metric_value(metric, lo, L), hi=metric_value(metric, hi, L))


def verdict(table: dict, metric: str) -> str:
    """below / inside / above the band (every lesson metric is better lower, except none here)."""
    value, (lo, hi) = table["metrics"][metric], table["band"][metric]["range95"]
    if lo is None or value is None:
        return "inside"
    return "below" if value < lo else "above" if value > hi else "inside"


def lessons(name: str, table: dict, L: str) -> list[str]:
    """The three lessons of the A&O simulation, each with this table's numbers beside the band."""
    return [t("wl_chain", L, table=name, wrong=span(table, "wrong_referrals", L), handoffs=span(table, "handoffs", L)),
            t("wl_share", L, table=name, retellings=span(table, "retellings", L), desks=span(table, "distinct_roles", L)),
            t("wl_room", L, table=name, exceptions=span(table, "exceptions", L),
              gave_up=span(table, "gave_up_rate", L))]


PLAY = ("handoffs", "retellings", "wrong_referrals", "distinct_roles", "exceptions", "gave_up_rate", "resolved_rate")
TIME = ("lead_time_days", "staff_minutes")


def band_note(name: str, table: dict, L: str) -> str:
    """Where the team left the band of the simulated rounds: that is what to talk about. Lead
    time and staff time are said apart: they also hold the players' own thinking time, which the
    simulated professionals do not take."""
    outside = [m for m in PLAY if verdict(table, m) != "inside"]
    parts = [t("wb_" + verdict(table, m), L, metric=t("m_" + m, L).lower()) for m in outside]
    text = t("wb_outside", L, table=name, parts="; ".join(parts)) if outside else t("wb_inside", L, table=name)
    think = table.get("thinking") or {}
    slower = [m for m in TIME if verdict(table, m) == "above"]
    if slower and think.get("answers"):
        text += " " + t("wb_time", L, parts=", ".join(t("m_" + m, L).lower() for m in slower),
                        seconds=num(think["seconds"], L, 0) if think.get("seconds") is not None else "–",
                        minutes=num(think["minutes"], L, 0))
    return text


def questions(report: dict, sc, L: str, number: int | None = None) -> list[str]:
    """Questions for the group, each pinned to something that happened at the tables (``number``:
    the round, said when a session played several)."""
    cases = {c.id: c.title.get(L) for c in sc.cases}
    roles = {r.id: r.name.get(L) for r in sc.roles}
    out, routes = [], set()
    for name, table in report.items():
        if table["worst_journeys"]:
            w = table["worst_journeys"][0]
            out.append(t("wq_worst", L, table=name, n=w["citizen"], case=cases.get(w["case"], w["case"]),
                         tellings=int(w["tellings"]), desks=int(w["distinct_roles"]), handoffs=int(w["handoffs"])))
        if table["edges"]:
            s, d, _, n = max(table["edges"], key=lambda e: (e[3], e[0], e[1]))
            if n >= 2 and (s, d) not in routes:          # a route taken once is no pattern
                routes.add((s, d))
                out.append(t("wq_edge", L, table=name, src=roles.get(s, s), dst=roles.get(d, d), n=n))
        gave_up = table["metrics"]["gave_up_rate"]
        if gave_up:
            out.append(t("wq_gave_up", L, table=name, n=num(gave_up * table["citizens"], L, 0),
                         total=table["citizens"]))
    if number is not None:
        out = [t("wq_round", L, n=number, question=q) for q in out]
    return out + [t("wq_room", L), t("wq_chain", L), t("wq_tomorrow", L)]
