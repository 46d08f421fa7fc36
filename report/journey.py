"""A citizen's events as sentences: in the journey replay, in a desk's notes, in the citizen's own
story (no Streamlit here; the pages, the handout and ``kastje journey`` tell them alike).

Which text tells an event is declared with its kind (sim.events.kinds.TELLING); this module
only fills the text's placeholders from the event's fields, each as a reader says it: a role or
a need by its name, a reason in words, minutes as a number in the reader's language. A desk reads
its own records in the second person ("you referred …") and a file that followed the citizen in
the third ("KCC referred …"); a citizen reads what they lived through ("the KCC sent you to …").
No sentence says whether a hand-off was right to a player: the records a player gets carry no
verdict (workshop.screens), and the desk's and the citizen's texts do not ask for one.
"""

from __future__ import annotations

from collections.abc import Mapping

from sim.events.kinds import TELLING
from sim.language import num, t
from sim.scenario.schema import Scenario


def names(sc: Scenario, lang: str) -> tuple[dict[str, str], dict[str, str]]:
    """Roles and needs by their names in ``lang``."""
    return ({r.id: r.name.get(lang) for r in sc.roles}, {n.id: n.name.get(lang) for n in sc.needs})


def _values(fields: Mapping, sc: Scenario, lang: str, warm: tuple[str, str]) -> dict:
    """The event's fields as a reader says them (``warm``: the texts for a warm and a cold hand-off)."""
    roles, needs = names(sc, lang)
    out = dict(fields)
    for field in ("role", "target"):
        if out.get(field):
            out[field] = roles.get(out[field], out[field])
    if "need" in out:
        out["need"] = needs.get(out["need"] or "", out["need"] or "")
    if out.get("reason"):
        out["reason"] = t("r_" + out["reason"], lang)
    day = sc.clock.hours_per_day * 60
    if fields.get("wait") is not None:
        out["wait_days"] = num(fields["wait"] / day, lang, 1)
    for field in ("minutes", "wait"):
        if out.get(field) is not None:
            out[field] = num(out[field], lang, 0)
    if "warm" in out:
        out["warm"] = t(warm[0] if out["warm"] else warm[1], lang)
    out["day"] = num(fields["time"] / day, lang, 1)
    return out


def describe(event, sc: Scenario, lang: str, tellings: int = 0, outcome: str = "") -> str:
    """One event as a sentence a facilitator can read out; ``tellings`` counts the story so
    far (for a ``told`` event), ``outcome`` is the citizen's outcome (for ``left``)."""
    fields = {**event._asdict(), "outcome": outcome}
    key = TELLING[event.activity].journey(fields)
    values = _values(fields, sc, lang, ("v_warm", "v_cold"))
    values.update(n=tellings, outcome=t("outcome_" + outcome, lang) if outcome else "")
    return t(key, lang, **values)


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


def steps(events: list, sc: Scenario, lang: str, outcome: str = "") -> list[tuple[str, str, str]]:
    """The journey as the page lists it, one step per event: (when, who, what), e.g. ('day 2,0',
    'KCC', 'refers …'); :func:`step_line` joins them for the terminal."""
    day = sc.clock.hours_per_day * 60
    start = events[0].time if events else 0.0
    return [(t("day_n", lang, d=num((e.time - start) / day, lang, 1)), who(e, sc, lang), text)
            for e, text in zip(events, journey_lines(events, sc, lang, outcome))]


def step_line(step: tuple[str, str, str]) -> str:
    when, where, what = step
    return f"{when} · {where}: {what}"


# --- a player's lines (records as plain dicts, as workshop.screens hands them out) ----------

def _dated(sentence: str, day: str, lang: str) -> str:
    return f"{t('p_day', lang, day=day)} · {sentence}"


def brought(value: str | None, needs: dict[str, str]) -> str:
    """What the citizen was told to bring or sort out first: a need by name, or the desk's words."""
    if not value:
        return ""
    return needs.get(value, value)


def _told(rec: dict, place: str, sc: Scenario, lang: str) -> tuple[str, dict] | None:
    """The text key that tells ``rec`` at ``place`` ("desk" or "citizen") and the record's values as
    a player reads them; None where the kind is not told there."""
    telling = TELLING.get(rec["activity"])
    say = getattr(telling, place) if telling else None
    key = say(rec) if say else None
    return None if key is None else (key, _values(rec, sc, lang, ("p_warm", "p_cold")))


def desk_line(rec: dict, sc: Scenario, lang: str, own: bool) -> str | None:
    """One record of a desk's own notes (``own``) or of the case file, as a sentence."""
    told = _told(rec, "desk", sc, lang)
    if told is None:
        return None
    key, values = told
    values["who"] = t("p_you", lang) if own else values.get("role", "")
    if "bring" in rec:
        values["bring"] = brought(rec.get("bring"), names(sc, lang)[1]) or "–"
    return _dated(t(key, lang, **values), values["day"], lang)


def citizen_line(rec: dict, sc: Scenario, lang: str) -> str | None:
    """One thing a citizen lived through, in the second person."""
    told = _told(rec, "citizen", sc, lang)
    if told is None:
        return None
    key, values = told
    if "bring" in rec:
        what = brought(rec.get("bring"), names(sc, lang)[1])
        values["bring"] = t("pc_bring", lang, what=what) if what else ""
    return _dated(t(key, lang, **values), values["day"], lang)
