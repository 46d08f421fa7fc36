"""What a player is expected to do now, or what they are waiting for: one line per screen.

Derived from the seat's screen (workshop.screens: what the service lets this seat see) and
nothing else, so a page only says it. A line is a locale key with its values (:class:`Line`);
:func:`say` puts it in the player's language, with role and need names from the scenario.

A desk is also told when a question it handed on came back to it (:func:`bounce`), and why,
in the round's own rule: under a case manager a desk keeps what it can resolve and transfers
only when there is more (agents.coordination); without one, a desk that referred a question it
could resolve gets it back.
"""

from __future__ import annotations

from typing import NamedTuple

from sim import language

HANDED_ON = ("referred", "transferred")      # the desk's own records of handing a need on


class Line(NamedTuple):
    key: str                      # a locale key, gl_…
    values: dict                  # desk / manager: a role id; need: a need id; day: working days
    tone: str = "wait"            # "act": the player has to do something; "wait"; "done"


def _round(screen: dict) -> Line | None:
    """What the round's state says to every seat, before anything at the seat."""
    if not screen["started"]:
        return Line("gl_wait_start", {})
    if screen["over"]:
        return Line("gl_over", {"n": screen["round"]}, "done")
    if screen["paused"]:
        return Line("gl_paused", {})
    return None


def _turn(screen: dict) -> Line | None:
    """In the turn-based mode, once this seat has done its part of the step (answered all, or
    passed): how many players the step still waits for, and for at most how long."""
    turn = screen.get("turn")
    if not turn:
        return None
    others = [s for s in turn["waiting_for"] if s != screen["seat_id"]]
    if not others:
        return None
    return Line("gl_turn_wait", {"n": len(others), "s": round(turn["seconds_left"] or 0)})


def _passed(screen: dict) -> bool:
    turn = screen.get("turn")
    return bool(turn) and screen["seat_id"] in turn["passed"]


def desk(screen: dict, sent: bool = False) -> Line:
    """The desk's line: choose about the first open decision, or what the desk waits for.
    ``sent``: the player's answer went out in this rerun (it counts at the next tick)."""
    said = _round(screen)
    if said is not None:
        return said
    if not screen["person"]:
        return Line("gl_bot", {})
    open_ = screen["decisions"]
    if open_ and not _passed(screen):
        first = open_[0]
        values = {"n": first["citizen"], "need": first["need"]}
        if len(open_) > 1:
            return Line("gl_desk_choose_more", {**values, "more": len(open_) - 1}, "act")
        return Line("gl_desk_choose", values, "act")
    waiting = _turn(screen)
    if waiting is not None:
        return waiting
    if sent:
        return Line("gl_sent", {})
    if screen["queue"]:
        return Line("gl_desk_queue", {"n": screen["queue"]})
    return Line("gl_desk_idle", {})


def citizen(screen: dict, sent: bool = False) -> Line:
    """The citizen's line: answer the question, or where they are and whom they wait for."""
    said = _round(screen)
    if said is not None:
        return said
    if screen["questions"] and not _passed(screen):
        return Line("gl_citizen_answer", {}, "act")
    waiting = _turn(screen)
    if waiting is not None:
        return waiting
    if sent:
        return Line("gl_sent", {})
    state, at = screen["state"], screen["at"]
    manager = screen["rules"].get("case_manager")
    if state == "not_arrived":
        return Line("gl_citizen_home", {"day": screen["arrival_day"]})
    if state == "queue":
        return Line("gl_citizen_queue", {"desk": at, "n": screen["queue"] or 0})
    if state == "desk":
        return Line("gl_citizen_manager" if at == manager else "gl_citizen_desk", {"desk": at})
    if state == "left":
        return Line("gl_citizen_left", {"outcome": screen["outcome"] or "open"}, "done")
    if manager and any(e.get("role") == manager or e.get("target") == manager for e in screen["lived"]):
        return Line("gl_citizen_managed", {"manager": manager})
    last = next((e for e in reversed(screen["lived"]) if e["activity"] in ("referred", "assigned", "deferred")), None)
    if last is not None and last["activity"] == "deferred":
        return Line("gl_citizen_deferred", {"desk": last["role"]})
    if last is not None and last.get("target"):
        return Line("gl_citizen_sent", {"desk": last["target"]})
    return Line("gl_citizen_between", {})


def bounce(decision: dict, rules: dict) -> Line | None:
    """A hint when the question in front of this desk is one it handed on before and that came
    back to it (its own records: a referral or transfer of this need), with the round's rule."""
    back = [r for r in decision["records"] if r["activity"] in HANDED_ON and r.get("need") == decision["need"]]
    if not back:
        return None
    manager = rules.get("case_manager")
    if manager and any(r["activity"] == "transferred" for r in back):
        return Line("gl_bounce_case_manager", {"manager": manager}, "act")
    if decision["can_resolve"]:
        return Line("gl_bounce_yours", {"desk": back[-1].get("target")}, "act")
    return Line("gl_bounce_referred", {"desk": back[-1].get("target")}, "act")


def say(line: Line, scenario, lang: str) -> str:
    """The line in ``lang``: role and need ids become their names, numbers the language's."""
    lang = language.normal(lang)
    roles = {r.id: r.name.get(lang) for r in scenario.roles}
    needs = {n.id: n.name.get(lang) for n in scenario.needs}
    values = dict(line.values)
    for name in ("desk", "manager"):
        if name in values:
            values[name] = roles.get(values[name], values[name] or "–")
    if "need" in values:
        values["need"] = needs.get(values["need"], values["need"])
    if "day" in values:
        values["day"] = language.num(values["day"], lang, 1)
    if "outcome" in values:
        values["outcome"] = language.t("outcome_" + values["outcome"], lang)
    return language.t(line.key, lang, **values)
