"""One table of a round: the model, with some seats played by people, advanced tick by tick.

Model time moves in fixed ticks (``tick_minutes``); inputs (a person's answer, a seat
switched to a bot, the round ended) are applied only at tick boundaries, in the order they
were logged. A table is therefore a pure function of (scenario, setting, citizens, seed,
the inputs with their ticks): replaying the log rebuilds it exactly, and a table whose every
seat is a bot is the plain simulation of the same citizens. Wall-clock time only decides how
fast the ticks come (the pace), never what happens in them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import cached_property

from agents.decision import Action, IllegalAction, check, check_answer
from sim.counting.metrics import summarize
from sim.counting.network import HandoffLog
from sim.counting.tally import CountedModel
from sim.scenario.schema import Scenario, Setting
from workshop.inputs import Kind
from workshop.seat import CitizenSeats, Seats
from workshop.timeline import tick_model, waiting

LONGEST_TICK = 60                    # minutes: a tick longer than an hour hides what the room does


def tick_lengths(day_minutes: float) -> list[int]:
    """The whole-minute tick lengths (1 to LONGEST_TICK) that cut a working day into whole ticks;
    empty when the day is not a whole number of minutes (hours_per_day 7.33 is 439.8 minutes)."""
    whole = round(day_minutes)
    if abs(day_minutes - whole) > 1e-9:
        return []
    return [d for d in range(1, min(LONGEST_TICK, whole) + 1) if whole % d == 0]


def day_hint(hours_per_day: float) -> list[float]:
    """Working days near ``hours_per_day`` a workshop can cut into ticks: the nearest quarter hours."""
    low = math.floor(hours_per_day * 4) / 4
    return [h for h in (low, low + 0.25) if h > 0]


@dataclass(frozen=True)
class Round:
    """What a table plays: the deck's citizens arrive over the round, at an empty office."""

    scenario: Scenario
    setting: Setting
    citizens: int
    seed: int
    timer_minutes: float = 30.0      # model minutes a person has for a decision
    tick_minutes: float = 10.0       # model minutes between the moments inputs are applied
    round_days: float | None = None  # the round ends after this many working days (None: when the model ends)


@dataclass
class Input:
    tick: int
    kind: Kind
    decision: int | None = None
    action: Action | None = None
    role: str | None = None
    days: float = 0.0                # extend: working days added to the round
    citizen: int | None = None       # citizen: the number a person takes
    answer: object = None            # a citizen's answer (a desk id, True/False)


class TableLog(HandoffLog):
    """The events of every citizen who has left the table, and their hand-offs (from, to,
    wrong) — as the app keeps them for a simulated run, so the same charts draw both."""


@dataclass
class Table:
    round: Round
    people: set[str] = field(default_factory=set)
    tick: int = 0
    ended: bool = False

    def __post_init__(self):
        r = self.round
        if r.tick_minutes not in tick_lengths(r.scenario.clock.hours_per_day * 60):
            raise ValueError("tick_minutes must divide a working day")       # the service says it first (Refused)
        self.log = TableLog()
        self.model = CountedModel(r.scenario, r.setting, r.citizens, r.seed, self.log, warmup_days=0,
                                 follow_on=False, engine="simpy")    # seats wait for people: SimPy's events
        bots = {rid: desk.policy for rid, desk in self.model.desks.items()}
        self.seats = Seats(self.model.env, bots, r.timer_minutes, set(self.people), self.model.citizen_policy)
        for rid, desk in self.model.desks.items():
            desk.policy = self.seats.policy(rid)
        self.model.citizen_policies = CitizenSeats(self.seats)
        self.queued: list[Input] = []
        self.day_ticks = int(self.model.day // r.tick_minutes)
        self.end_tick = None if r.round_days is None else round(r.round_days * self.day_ticks)
        self.waiting: list[int] = [waiting(self.model)]     # citizens in a queue at each tick so far

    # --- time -----------------------------------------------------------------------------
    @property
    def now(self) -> float:
        return self.tick * self.round.tick_minutes

    @property
    def over(self) -> bool:
        return self.ended or not self.model.running

    @property
    def end_reason(self) -> str | None:
        """Why the round is over: "time" (its days are up), "facilitator" (ended), "done" (every
        citizen finished before the time was up); None while it is played."""
        if not self.over:
            return None
        if not self.ended:
            return "done"
        return "time" if self.end_tick is not None and self.tick >= self.end_tick else "facilitator"

    def advance(self) -> None:
        """One tick: run the model to the next boundary, then apply what was queued for it."""
        if self.over:
            return
        self.tick += 1
        tick_model(self.model, self.tick, self.round.tick_minutes, self.day_ticks)
        self.waiting.append(waiting(self.model))     # the round over time (workshop.timeline)
        for item in [q for q in self.queued if q.tick == self.tick]:
            self._apply(item)
        self.queued = [q for q in self.queued if q.tick > self.tick]
        if self.end_tick is not None and self.tick >= self.end_tick and not self.ended:
            self.ended = True                 # the round's time is up: who is still busy is censored
            self.model.finish()
        if not self.model.running:
            self.model.finish()

    def run_to_end(self) -> Table:
        while not self.over:
            self.advance()
        return self

    # --- inputs ---------------------------------------------------------------------------
    def accept(self, item: Input) -> Input:
        """Check an input against the table as it will be at its tick; queue it if legal."""
        self.validate(item)
        self.queued.append(item)
        return item

    def apply_now(self, item: Input) -> None:
        """A facilitator's input applied at the current tick, between two ticks (the session is
        paused): the model has run to this tick and not beyond, as in a replay."""
        if self.over:
            raise IllegalAction("the round has ended")
        if item.kind not in (Kind.TO_BOT, Kind.TO_PERSON, Kind.END, Kind.EXTEND) or item.tick != self.tick:
            raise IllegalAction(f"{item.kind} at tick {item.tick} cannot be applied now (tick {self.tick})")
        self._apply(item)
        if self.end_tick is not None and self.tick >= self.end_tick and not self.ended:
            self.ended = True
            self.model.finish()

    def validate(self, item: Input) -> None:
        """Refuse (IllegalAction) an input the table will not be able to apply at its tick."""
        if self.over:
            raise IllegalAction("the round has ended")
        if item.tick <= self.tick:
            raise IllegalAction(f"tick {item.tick} has passed (now {self.tick})")
        if item.kind == Kind.ANSWER:
            pending = self.seats.pending.get(item.decision)
            if pending is None or any(q.kind == Kind.ANSWER and q.decision == item.decision for q in self.queued):
                raise IllegalAction(f"decision {item.decision} is not open")
            if pending.citizen_question:
                check_answer(item.answer, pending.view)
            else:
                check(item.action, pending.fresh_view(item.tick * self.round.tick_minutes))
        elif item.kind == Kind.CITIZEN:
            if not 1 <= item.citizen <= self.round.citizens:
                raise IllegalAction(f"the deck has citizens 1 to {self.round.citizens}")
            if item.citizen <= self.model.measured:
                raise IllegalAction(f"citizen {item.citizen} has already arrived")

    def _apply(self, item: Input) -> None:
        _APPLY[item.kind](self, item)

    def _answer(self, item: Input) -> None:
        if item.decision in self.seats.pending:      # the timer may have answered it first
            pending = self.seats.pending[item.decision]
            self.seats.answer(item.decision, item.answer if pending.citizen_question else item.action)

    def _citizen(self, item: Input) -> None:
        self.seats.citizens.add(item.citizen)

    def _to_bot(self, item: Input) -> None:
        self.seats.to_bot(item.role)

    def _to_person(self, item: Input) -> None:
        self.seats.people.add(item.role)

    def _end(self, item: Input) -> None:
        self.ended = True
        self.model.finish()

    def _extend(self, item: Input) -> None:
        if self.end_tick is not None:
            self.end_tick += round(item.days * self.day_ticks)

    # --- what it shows --------------------------------------------------------------------
    @cached_property
    def deck(self) -> list[dict]:
        """The round's citizens and their case cards, known before they arrive (workshop.deck)."""
        from workshop.deck import deck
        return deck(self.round)

    def histories(self) -> dict[int, list]:
        """Every citizen's events so far: those who left as the log holds them, those still on
        their way as they stand (the counters, the timeline and the desks' own records read them)."""
        out: dict[int, list] = {}
        for e in self.log.events:
            out.setdefault(e.citizen, []).append(e)
        for number, citizen in self.model.alive.items():
            if citizen.measured:
                out[number] = list(citizen.history)
        return out

    def metrics(self) -> dict[str, float]:
        """The round so far, folded by the simulation's own counting (citizens who left)."""
        return summarize(self.model.ledger)


_APPLY = {Kind.ANSWER: Table._answer, Kind.CITIZEN: Table._citizen, Kind.TO_BOT: Table._to_bot,
          Kind.TO_PERSON: Table._to_person, Kind.END: Table._end, Kind.EXTEND: Table._extend}
