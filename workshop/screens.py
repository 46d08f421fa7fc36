"""What each seat may see, as plain data: a desk's screen, a citizen's card, the facilitator's
overview and the public board on the projector.

The information rules are kept here, on the server; a page is drawn from these dicts and
nothing else. A desk sees the engine's view for its role (agents.decision.View: the story as
told to this desk, its own records, the case file only when it follows the citizen, the
overview only for the case manager who owns the citizen) and what anyone sitting at that desk
sees anyway: the queue in front of it and the citizens it saw. A citizen sees what they lived
through: where they were sent, what they were told to bring. Neither sees the counting's
verdicts on a hand-off (``wrong``, ``ping_pong``): those are for the debrief. The board shows
counts only.
"""

from __future__ import annotations

import time

from sim.events.kinds import Told
from workshop import timeline, turns
from workshop.debrief import edges_so_far, live, so_far
from workshop.inputs import Kind
from workshop.seat import Seat, open_seats
from workshop.table import Table

VERDICTS = ("wrong", "ping_pong")          # the counting's judgement, not something a desk or citizen knows
RECENT = 5                                 # citizens a desk sees in "what happened to my last citizens"


def plain(event) -> dict:
    """An event as a player may read it: its fields without the counting's verdicts."""
    out = {"activity": event.activity, **event._asdict()}
    for key in VERDICTS:
        out.pop(key, None)
    return out


def _strip(records: list[dict] | None) -> list[dict] | None:
    return None if records is None else [{k: v for k, v in r.items() if k not in VERDICTS} for r in records]


def seconds_left(pending, table: Table, pace: float) -> float | None:
    """Wall-clock seconds before the timer answers for the player (None: no timer)."""
    timer = table.round.timer_minutes
    if timer <= 0:
        return None
    return max(0.0, (pending.asked_at + timer - table.now) / pace)


def _open_at(table: Table, seat: Seat) -> list:
    """The decisions open at ``seat`` that no answer is already on its way for (none once the
    round is over: nobody can answer them any more)."""
    if table.over:
        return []
    answered = {q.decision for q in table.queued if q.kind == Kind.ANSWER}
    return [p for p in table.seats.pending.values() if p.seat == seat and p.id not in answered]


def _history(table: Table, number: int) -> list:
    citizen = table.model.alive.get(number)
    if citizen is not None:
        return list(citizen.history)
    return [e for e in table.log.events if e.citizen == number]


def table_state(session, name: str) -> dict:
    """A table's round as every seat sees it (and, in the turn-based mode, whom its next tick waits for)."""
    table = session.tables[name]
    setting = session.config["rounds"][max(session.round, 1) - 1][name]
    return {"table": name, "setting": setting, "round": max(session.round, 1), "rounds": len(session.config["rounds"]),
            "started": session.started, "paused": session.paused, "over": table.over,
            "end_reason": table.end_reason,
            "day": table.now / table.model.day, "end_day": None if table.end_tick is None
            else table.end_tick * table.round.tick_minutes / table.model.day, "rules": table.model.rules._asdict(),
            "turn": turns.state(session, name, time.monotonic())}


# --- a desk -----------------------------------------------------------------------------------

def desk_screen(session, player) -> dict:
    table, seat = session.tables[player.table], player.seat.role
    pace = session.config["pace"]
    desk = table.model.desks[seat]
    decisions = []
    for p in _open_at(table, player.seat):
        view = p.fresh_view(table.now).as_dict()
        view["records"], view["file"] = _strip(view["records"]), _strip(view["file"])
        decisions.append({"decision": p.id, "seconds_left": seconds_left(p, table, pace), **view})
    return {**table_state(session, player.table), "seat": seat, "seat_id": str(player.seat),
            "person": seat in table.seats.people,
            "queue": desk.queue_length, "staff": desk.role.staff, "busy": desk.role.staff - desk.free,
            "decisions": decisions, "recent": recent(table, seat)}


def recent(table: Table, seat: str, n: int = RECENT) -> list[dict]:
    """This desk's own records of the last ``n`` citizens it dealt with, newest first."""
    mine: dict[int, list] = {}
    for number, events in table.histories().items():
        own = [e for e in events if getattr(e, "role", None) == seat]
        if own:
            mine[number] = own
    latest = sorted(mine, key=lambda c: (-mine[c][-1].time, c))[:n]
    return [{"citizen": c, "events": [plain(e) for e in mine[c]]} for c in latest]


# --- a citizen --------------------------------------------------------------------------------

def citizen_screen(session, player) -> dict:
    table = session.tables[player.table]
    number = player.seat.citizen
    model = table.model
    card = next(c for c in table.deck if c["citizen"] == number)
    citizen = model.alive.get(number)
    history = _history(table, number)
    if citizen is not None:
        where = citizen.where
        state = where[0] if where else "between"
        at = where[1] if where else None
        outcome = None
    elif number > model.measured:
        state, at, outcome = "not_arrived", None, None
    else:
        state, at = "left", None
        row = next((r for r in model.ledger.rows() if r["citizen"] == number), None)
        outcome = row["outcome"] if row else None
    case = next(c for c in model.scenario.cases if c.id == card["case"])
    questions = [{"decision": p.id, "question": p.view.question, "options": list(p.view.options),
                  "need": p.view.need, "fruitless": p.view.fruitless,
                  "seconds_left": seconds_left(p, table, session.config["pace"])}
                 for p in _open_at(table, player.seat)]
    return {**table_state(session, player.table), "seat_id": str(player.seat), "citizen": number, "case": card["case"],
            "profile": card["profile"], "arrival_day": card["arrival_day"], "presenting": case.presenting,
            "needs": list(case.needs), "hidden": list(case.hidden), "state": state, "at": at,
            "queue": model.desks[at].queue_length if state == "queue" else None, "outcome": outcome,
            "tellings": sum(type(e) is Told for e in history), "lived": [plain(e) for e in history],
            "questions": questions, "person": number in table.seats.citizens}


# --- the room ---------------------------------------------------------------------------------

def board(session) -> dict:
    """What the projector shows (anyone in the room may see it): counts and the network."""
    tables = {}
    for name, table in session.tables.items():
        figures = live(table)
        tables[name] = {**table_state(session, name), "citizens": table.round.citizens,
                        **{k: figures[k] for k in ("done", "in_progress", "handoffs", "retellings",
                                                   "wrong_referrals", "gave_up")},
                        "arrived": table.model.measured, "timeline": timeline.of_table(table),
                        "edges": [[s, d, w, n] for (s, d, w), n in sorted(edges_so_far(table).items())]}
    return {"code": session.code, "round": session.round, "rounds": len(session.config["rounds"]),
            "started": session.started, "paused": session.paused, "tables": tables}


def journeys(table: Table) -> list[dict]:
    """A line per citizen who arrived so far (workshop.debrief.so_far: the counters' own rows)."""
    return [{"citizen": r["citizen"], "case": r["case"],
             "state": "left:" + r["outcome"] if r["where"] == "left" else r["where"],
             "tellings": int(r["tellings"]), "handoffs": int(r["handoffs"]),
             "wrong_referrals": int(r["wrong_referrals"]), "desks": int(r["distinct_roles"]),
             "contacts": int(r["contacts"]), "played": r["citizen"] in table.seats.citizens}
            for r in so_far(table)]


def overview(session, seen: dict[str, float], now: float, connected_seconds: float = 15.0) -> dict:
    """The facilitator's console: the board, who sits where and is connected, each seat's
    open decisions, and a journey line per citizen."""
    out = board(session)
    players = [{"player": p.id, "name": p.name, "table": p.table, "seat": str(p.seat or ""),
                "connected": p.id in seen and now - seen[p.id] <= connected_seconds,
                "seen_seconds_ago": None if p.id not in seen else round(now - seen[p.id], 1)}
               for p in session.players.values()]
    for name, table in session.tables.items():
        seats = {}
        for role in table.model.desks:
            seats[role] = {"person": role in table.seats.people if session.started
                           else any(p["table"] == name and p["seat"] == role for p in players),
                           "players": [p["name"] for p in players if p["table"] == name and p["seat"] == role],
                           "open": len(_open_at(table, Seat.desk(role)))}
        out["tables"][name]["seats"] = seats
        out["tables"][name]["open_seats"] = sorted(open_seats(session, name))
        out["tables"][name]["journeys"] = journeys(table)
        out["tables"][name]["answered_by"] = _answered_by(table)
    out["players"] = players
    return out


def _answered_by(table: Table) -> dict[str, int]:
    counts: dict[str, int] = {}
    for p in table.seats.answered:
        counts[p.answered_by] = counts.get(p.answered_by, 0) + 1
    return counts
