"""A desk played by a person: the decision point waits for their answer.

The seat hands the model a SimPy event for every decision (agents.decision: a policy may
answer later) and keeps the question as a :class:`Pending` decision, numbered in the order
the model asks them — the same order in every replay of the same inputs. A person's answer
comes in through the table at a tick; a decision nobody answers within ``timer_minutes`` of
model time is answered by the bot (the simulation's own rule-based professional), and marked
so. A seat switched to a bot answers everything pending at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import simpy

from agents.decision import Action, CitizenView, View, check, check_answer

CITIZENS = "citizens"        # in a table's open seats: players may take a citizen of the deck


def open_seats(session, table: str) -> set[str]:
    """The seats of ``table`` players may take themselves (Service.open_seats): by default every
    desk and the deck's citizens, unless the session's config ``open_seats`` says less per table."""
    if table not in session.open_seats:
        default = session.config.get("open_seats", {}).get(table)
        session.open_seats[table] = (set(default) if default is not None
                                     else {*session.tables[table].model.desks, CITIZENS})
    return session.open_seats[table]


@dataclass(frozen=True, order=True)
class Seat:
    """Where a player sits: a desk (``role``, a role id) or a citizen of the deck (``citizen``, their
    number). Written as the role id or ``citizen:N`` — in the session store, in the pages' data —
    and read back only by :meth:`parse`."""

    role: str | None = None
    citizen: int | None = None

    PREFIX = "citizen:"

    @classmethod
    def desk(cls, role: str) -> Seat:
        return cls(role=role)

    @classmethod
    def of_citizen(cls, number: int) -> Seat:
        return cls(citizen=int(number))

    @classmethod
    def parse(cls, text: str | None) -> Seat | None:
        if not text:
            return None
        if text.startswith(cls.PREFIX):
            return cls.of_citizen(int(text.removeprefix(cls.PREFIX)))
        return cls.desk(text)

    @property
    def is_citizen(self) -> bool:
        return self.citizen is not None

    def __str__(self) -> str:
        return f"{self.PREFIX}{self.citizen}" if self.is_citizen else str(self.role)


@dataclass
class Pending:
    """A question waiting for a person at ``seat``."""

    id: int
    seat: Seat
    view: View
    event: simpy.Event
    asked_at: float
    answered_by: str = ""          # "person", "timer" or "bot" once answered
    answered_at: float | None = None

    def fresh_view(self, now: float) -> View | CitizenView:
        """The same question seen at ``now`` (a block may have ended meanwhile)."""
        v = self.view
        if isinstance(v, CitizenView):
            return v
        return View(v.role, v.need, v._citizen, v._talk, v.rules, v._chain, now)

    @property
    def citizen_question(self) -> bool:
        return isinstance(self.view, CitizenView)


@dataclass
class Seats:
    """Every person-played seat of one table, and the questions they have open."""

    env: simpy.Environment
    bots: dict[str, object]                     # role -> the rule-based policy that stands in
    timer_minutes: float
    people: set[str] = field(default_factory=set)
    citizen_bot: object = None                  # the simulated citizen's own choices
    citizens: set[int] = field(default_factory=set)   # citizen numbers played by people
    pending: dict[int, Pending] = field(default_factory=dict)
    answered: list[Pending] = field(default_factory=list)
    asked: int = 0

    def policy(self, role: str) -> SeatPolicy:
        return SeatPolicy(self, role)

    def ask(self, role: str, view: View):
        if role not in self.people:
            return self.bots[role].decide(view)
        self.asked += 1
        pending = Pending(self.asked, Seat.desk(role), view, self.env.event(), self.env.now)
        self.pending[pending.id] = pending
        if self.timer_minutes > 0:
            self.env.process(self._timer(pending))
        return pending.event

    def ask_citizen(self, number: int, view: CitizenView):
        if number not in self.citizens:
            return self.citizen_bot.decide(view)
        self.asked += 1
        pending = Pending(self.asked, Seat.of_citizen(number), view, self.env.event(), self.env.now)
        self.pending[pending.id] = pending
        if self.timer_minutes > 0:
            self.env.process(self._timer(pending))
        return pending.event

    def _bot_answer(self, pending: Pending):
        if pending.citizen_question:
            return self.citizen_bot.decide(pending.view)
        return self.bots[pending.seat.role].decide(pending.fresh_view(self.env.now))

    def _timer(self, pending: Pending):
        yield self.env.timeout(self.timer_minutes)
        if pending.id in self.pending:
            self._settle(pending, self._bot_answer(pending), "timer")

    def answer(self, decision: int, action) -> None:
        """A person's answer, at the current model time (checked when it was accepted)."""
        pending = self.pending[decision]
        view = pending.fresh_view(self.env.now)
        answer = check_answer(action, view) if pending.citizen_question else check(action, view)
        self._settle(pending, answer, "person")

    def to_bot(self, role: str) -> None:
        self.people.discard(role)
        for pending in [p for p in self.pending.values() if p.seat.role == role]:
            self._settle(pending, self.bots[role].decide(pending.fresh_view(self.env.now)), "bot")

    def _settle(self, pending: Pending, action: Action, by: str) -> None:
        del self.pending[pending.id]
        pending.answered_by, pending.answered_at = by, self.env.now
        self.answered.append(pending)
        pending.event.succeed(action)


class CitizenSeat:
    """The citizen policy for every citizen of a table: a person for the citizens people
    play, the simulated citizen for the others."""

    def __init__(self, seats: Seats, number: int):
        self.seats, self.number = seats, number

    def decide(self, view: CitizenView):
        return self.seats.ask_citizen(self.number, view)

    def patience(self, me, mean: float | None) -> float | None:
        """A person playing the citizen decides for themselves whether to go on (after a
        fruitless step); they are never taken out of a queue for them. A bot uses the model's."""
        if self.number in self.seats.citizens:
            return None
        return self.seats.citizen_bot.patience(me, mean)


class CitizenSeats(dict):
    """Stands in for the model's ``citizen_policies``: every citizen gets a CitizenSeat."""

    def __init__(self, seats: Seats):
        super().__init__()
        self.seats = seats

    def get(self, number, default=None):
        return CitizenSeat(self.seats, number)


class SeatPolicy:
    """The policy the model calls for one role: a person when the seat is taken, else the bot."""

    def __init__(self, seats: Seats, role: str):
        self.seats, self.role = seats, role

    def decide(self, view: View):
        return self.seats.ask(self.role, view)
