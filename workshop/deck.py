"""Who comes to a round, known before it starts: the deck's case cards.

The citizens of a round are drawn from their own random streams (sim.engine.streams): the same
citizens arrive whoever plays which seat and whatever the desks decide. So the deck can be
read off a quick run of the round with bots only, and a player can pick a citizen's case
card before the round starts — the same card that citizen will bring to the desks.
"""

from __future__ import annotations

from sim.engine.model import KastjeModel
from sim.events.kinds import Arrived


class _Arrivals:
    """An event log that keeps only who arrived, when, with what."""

    def __init__(self):
        self.arrived: dict[int, Arrived] = {}

    def write(self, replication: int, events: list) -> None:
        first = events[0] if events else None
        if type(first) is Arrived:
            self.arrived[first.citizen] = first


def deck(round_) -> list[dict]:
    """Per citizen of the round, in arrival order: number, arrival (working day), case, profile
    and the presenting need."""
    log = _Arrivals()
    model = KastjeModel(round_.scenario, round_.setting, round_.citizens, round_.seed, log, warmup_days=0,
                        follow_on=False)
    while model.running and model.measured < round_.citizens:
        model.step()
    for citizen in model.alive.values():
        if citizen.measured and citizen.history:
            log.write(0, citizen.history)
    return [{"citizen": n, "arrival_day": e.time / model.day, "case": e.case, "profile": e.profile, "need": e.need}
            for n, e in sorted(log.arrived.items())]
