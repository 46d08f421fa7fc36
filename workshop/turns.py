"""The turn-based mode of a session: a table's next tick waits for its players, as in the Beer Game.

For rooms that want to talk about each step. A table's clock moves on to the next tick when

- every seated player has acted: each seat played by a person (a desk, or a citizen a person
  plays) has answered every decision open at it, or passed (a desk with nothing to decide passes
  by itself, and then the tick comes at the session's pace) — reason ``ready``, or ``quiet``;
- the facilitator says "next step" — reason ``facilitator``;
- or the turn's time is up (``turn_seconds``, 60 by default) — reason ``timeout``; whoever did
  not act keeps their decision open, and the decision's own timer still runs in model time.

Who acted is read from the table's queued answers and the stored passes, so it holds after a
restart; only the turn's wall-clock start is in memory (a restarted turn gets its full time).
Every tick advance is a stored input (workshop.inputs.Kind.TURN), so a replay is exact.
"""

from __future__ import annotations

from workshop.inputs import Kind
from workshop.seat import Seat

TURN_SECONDS = 60.0


def person_seats(session, name: str) -> list[Seat]:
    """The seats at table ``name`` a person plays now: a desk in the table's people with a player
    sitting at it, a citizen of the deck a player took."""
    table = session.tables[name]
    seated = {pl.seat for pl in session.players.values() if pl.table == name and pl.seat is not None}
    return sorted((s for s in seated if (s.citizen in table.seats.citizens if s.is_citizen
                                         else s.role in table.seats.people)), key=str)


def passed(session, name: str) -> set[str]:
    """The seats that passed the table's coming tick."""
    coming = session.tables[name].tick + 1
    return {seat for tick, seat in session.passes.get(name, ()) if tick == coming}


def waiting_for(session, name: str) -> list[Seat]:
    """The person-played seats the table's next tick still waits for: a decision is open at the
    seat, no answer to it is on its way, and the seat did not pass."""
    table = session.tables[name]
    if table.over:
        return []
    answered = {q.decision for q in table.queued if q.kind == Kind.ANSWER}
    done = passed(session, name)
    busy = {p.seat for p in table.seats.pending.values() if p.id not in answered}
    return [s for s in person_seats(session, name) if s in busy and str(s) not in done]


def acted(session, name: str) -> bool:
    """Somebody answered or passed for the coming tick (then it comes as soon as all have)."""
    table = session.tables[name]
    coming = table.tick + 1
    return bool(passed(session, name)) or any(q.kind == Kind.ANSWER and q.tick == coming for q in table.queued)


def reason(session, name: str, elapsed: float, pace_seconds: float) -> str | None:
    """Why table ``name`` moves on now, ``elapsed`` wall-clock seconds into its turn; None: it waits."""
    if session.tables[name].over:
        return None
    if not waiting_for(session, name):
        if acted(session, name):
            return "ready"
        return "quiet" if elapsed >= pace_seconds else None
    return "timeout" if elapsed >= session.config.get("turn_seconds", TURN_SECONDS) else None


def seconds_left(session, name: str, now: float) -> float | None:
    """Wall-clock seconds before the turn's time is up (None outside the turn-based mode)."""
    if not session.config.get("turns") or name not in session.turn_since:
        return None
    limit = session.config.get("turn_seconds", TURN_SECONDS)
    return max(0.0, limit - (now - session.turn_since[name]))


def state(session, name: str, now: float) -> dict | None:
    """What the pages show of a table's turn (None outside the turn-based mode): the seats its
    next tick waits for, those that passed, and the seconds left of the turn."""
    if not session.config.get("turns"):
        return None
    return {"waiting_for": [str(s) for s in waiting_for(session, name)], "passed": sorted(passed(session, name)),
            "seconds_left": seconds_left(session, name, now),
            "turn_seconds": session.config.get("turn_seconds", TURN_SECONDS)}
