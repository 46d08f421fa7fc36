"""The round over time: per table, the citizens waiting, the hand-offs and the retellings at
every tick of the round's clock — the room's own play, and the band the simulation predicts.

As the Beer Game shows its orders and stock week by week, a table shows how its round unfolds:
the waiting is sampled at each tick (the citizens in every desk's queue), the hand-offs and
retellings are counted from the events up to that tick by the counting's own rules (a hand-off
is what :func:`sim.events.kinds.handoff` says; a retelling is each telling of a citizen after
their first, so the last point of the retellings is the fold's ``retellings`` summed). A table
whose every seat is a bot gives the same timeline as the simulated round of the same seed.

The prediction is many simulated rounds of the same deck under the table's setting, each
sampled at the same ticks (:func:`simulate`); :func:`band` takes per tick their mean and the
2.5–97.5% range.
"""

from __future__ import annotations

import numpy as np

from sim.counting.network import HandoffLog
from sim.counting.tally import CountedModel
from sim.events.kinds import Told, handoff

SERIES = ("waiting", "handoffs", "retellings")


def waiting(model) -> int:
    """Citizens in a queue now, at every desk (the contact queues and the back office's)."""
    return sum(desk.queue_length for desk in model.desks.values())


def tick_model(model, tick: int, tick_minutes: float, day_ticks: int) -> None:
    """Run ``model`` to the end of ``tick``: the day's record where a working day ends (as the
    table and the simulated round both move, so their clocks agree tick for tick)."""
    if tick % day_ticks == 0:
        model.step()
    else:
        model.env.run(until=tick * tick_minutes)


def counted(events_by_citizen, ticks: int, tick_minutes: float) -> dict[str, list[int]]:
    """Cumulative hand-offs and retellings at the end of every tick 0..``ticks``."""
    handoffs = np.zeros(ticks + 1, dtype=np.int64)
    retellings = np.zeros(ticks + 1, dtype=np.int64)
    for events in events_by_citizen:
        told = 0
        for e in events:
            at = min(ticks, max(0, int(np.ceil(e.time / tick_minutes - 1e-9))))
            if handoff(e) is not None:
                handoffs[at] += 1
            if type(e) is Told:
                told += 1
                if told > 1:
                    retellings[at] += 1
    return {"handoffs": np.cumsum(handoffs).tolist(), "retellings": np.cumsum(retellings).tolist()}


def timeline(events_by_citizen, queue: list[int], tick_minutes: float, day: float) -> dict[str, list]:
    """The series of a round: ``queue`` holds the waiting at the end of ticks 0, 1, …"""
    ticks = len(queue) - 1
    return {"days": [k * tick_minutes / day for k in range(ticks + 1)], "waiting": list(queue),
            **counted(events_by_citizen, ticks, tick_minutes)}


def of_table(table) -> dict[str, list]:
    """A table's round so far: every citizen who left and every one still on the way."""
    return timeline(table.histories().values(), table.waiting, table.round.tick_minutes, table.model.day)


def simulated(round_, seed: int, end_tick: int | None) -> tuple[CountedModel, dict[str, list]]:
    """One simulated round of the table's deck (``round_.seed``) with ``seed`` for everything
    else, moved tick by tick as a table moves and ended at ``end_tick`` (None: when the model
    ends; a round with ``round_days`` ends at its planned length)."""
    log = HandoffLog()
    model = CountedModel(round_.scenario, round_.setting, round_.citizens, seed, log, warmup_days=0,
                         deck_seed=round_.seed, follow_on=False)
    day_ticks = int(model.day // round_.tick_minutes)
    if end_tick is None and round_.round_days is not None:
        end_tick = round(round_.round_days * day_ticks)
    queue, tick = [waiting(model)], 0
    while model.running and (end_tick is None or tick < end_tick):
        tick += 1
        tick_model(model, tick, round_.tick_minutes, day_ticks)
        queue.append(waiting(model))
    model.finish()
    histories: dict[int, list] = {}
    for e in log.events:
        histories.setdefault(e.citizen, []).append(e)
    return model, timeline(histories.values(), queue, round_.tick_minutes, model.day)


def band(timelines: list[dict[str, list]], tick_minutes: float, day: float) -> dict:
    """Per tick and series: the mean and the 2.5–97.5% range of ``timelines``. A round that
    ended earlier holds its last figures (its citizens have left: nobody waits, and nothing
    more is handed on or retold)."""
    if not timelines:
        return {"days": [], "rounds": 0, **{s: {"mean": [], "lo": [], "hi": []} for s in SERIES}}
    ticks = max(len(tl["waiting"]) for tl in timelines)
    out: dict = {"days": [k * tick_minutes / day for k in range(ticks)], "rounds": len(timelines)}
    for name in SERIES:
        rows = np.array([_held(tl[name], ticks, 0 if name == "waiting" else None) for tl in timelines], dtype=float)
        out[name] = {"mean": rows.mean(axis=0).tolist(), "lo": np.percentile(rows, 2.5, axis=0).tolist(),
                     "hi": np.percentile(rows, 97.5, axis=0).tolist()}
    return out


def _held(values: list, length: int, after: int | None) -> list:
    """``values`` to ``length`` points: the last one held (or ``after`` once the round is over)."""
    fill = values[-1] if after is None else after
    return list(values) + [fill] * (length - len(values))
