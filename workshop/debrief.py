"""What a table shows during and after its round, counted as the simulation counts.

(A round's inflow is its deck: nobody arrives after the deck's last citizen.)

Live: per table, a line per citizen so far and the totals over them (hand-offs, retellings,
wrong referrals, gave up) — the citizens who left and those still on their way, each folded by
the simulation's counting as they stand — the queue at every desk, and the hand-off network so
far, so that counters, lines and network always agree. After
the round: the table's metrics (the same fold as a simulated run) beside the simulated band
for the same deck and setting — many simulated rounds that meet the *same citizens* (the
deck's seed fixes who arrives and what they bring; everything else varies) — and beside the
other tables; and the round's worst journeys.
"""

from __future__ import annotations

from collections import Counter

import numpy as np

from sim.counting.fold import OUTCOMES
from sim.counting.metrics import summarize
from sim.counting.network import count
from sim.events.kinds import Left
from sim.experiments.pool import run_all
from workshop import timeline
from workshop.table import Round, Table

COUNTED = ("handoffs", "retellings", "wrong_referrals")
BAND_METRICS = ("handoffs", "retellings", "wrong_referrals", "distinct_roles", "exceptions", "gave_up_rate",
                "resolved_rate", "lead_time_days", "staff_minutes")


def live(table: Table) -> dict:
    rows = so_far(table)
    totals = {name: float(sum(r[name] for r in rows)) for name in COUNTED}
    outcomes = Counter(r["outcome"] for r in rows)
    return {"tick": table.tick, "day": table.now / table.model.day, "left": len(table.model.ledger),
            "in_progress": sum(1 for c in table.model.alive.values() if c.measured), **totals,
            "gave_up": outcomes["gave_up"], "done": outcomes["resolved"] + outcomes["partly"] + outcomes["gave_up"],
            "waiting": {rid: desk.queue_length for rid, desk in table.model.desks.items()},
            "network": network_so_far(table)}


def so_far(table: Table) -> list[dict]:
    """A row per citizen who arrived, in number order, folded by the simulation's counting: those
    who left as they left, those still on their way as they stand now (outcome "open"), with
    ``where`` they are ("queue:ROLE", "desk:ROLE", "between" or "left")."""
    model = table.model
    histories: dict[int, list] = {}
    for e in table.log.events:
        histories.setdefault(e.citizen, []).append(e)
    out = []
    for number in sorted(set(histories) | {n for n, c in model.alive.items() if c.measured}):
        citizen = model.alive.get(number)
        if citizen is not None:
            row, _ = model.counting.fold(list(citizen.history) + [Left.new((number, table.now))])
            where = f"{citizen.where[0]}:{citizen.where[1]}" if citizen.where else "between"
        else:
            (row, _), where = model.counting.fold(histories[number]), "left"
        out.append({**row._asdict(), "citizen": number, "case": model.scenario.cases[row.case].id,
                    "outcome": OUTCOMES[row.outcome], "where": where})
    return out


def network_so_far(table: Table) -> dict[str, int]:
    """Hand-offs so far, 'from>to': the events of every citizen, in progress or left."""
    edges: Counter = Counter()
    for (src, dst, _), n in edges_so_far(table).items():
        edges[f"{src}>{dst}"] += n
    return dict(edges)


def edges_so_far(table: Table) -> dict[tuple[str, str, bool], int]:
    """Hand-offs so far as (from, to, wrong) -> count, as the app's network chart takes them:
    every citizen who left, and those still in progress."""
    edges = Counter(table.log.edges)
    for citizen in table.model.alive.values():
        if citizen.measured:
            count(citizen.history, edges)
    return dict(edges)


def _simulated_round(job: tuple) -> tuple[dict, dict]:
    """One simulated round of the table's deck: its figures and its timeline, moved tick by tick
    as the table moves and censored where the table's round ended (workshop.timeline)."""
    r, seed, end_tick = job
    model, line = timeline.simulated(r, seed, end_tick)
    return summarize(model.ledger), line


def played_ticks(table: Table) -> int | None:
    """How long the table's round really lasted, for a band that ends where the table did: the
    tick it was ended at (by time, extended or not, or by the facilitator), else its planned end."""
    return table.tick if table.ended else table.end_tick


def simulate(round_: Round, replications: int = 50, workers: int | None = None,
             end_tick: int | None = None) -> list[tuple[dict, dict]]:
    """``replications`` simulated rounds of the same deck (same citizens) under the table's
    setting, each ending at ``end_tick`` (default: the round's planned length): (figures, timeline)."""
    seeds = [10_000 + i for i in range(replications)]
    return run_all(_simulated_round, [(round_, s, end_tick) for s in seeds], workers)


def band_of(runs: list[tuple[dict, dict]]) -> dict[str, dict]:
    """Per metric: mean and the 2.5–97.5% range of the simulated rounds' figures."""
    out = {}
    for name in BAND_METRICS:
        values = np.array([figures[name] for figures, _ in runs], dtype=float)
        values = values[~np.isnan(values)]
        out[name] = {"mean": float(values.mean()) if values.size else None,
                     "range95": [float(np.percentile(values, 2.5)), float(np.percentile(values, 97.5))]
                     if values.size else [None, None]}
    return out


def band(round_: Round, replications: int = 50, workers: int | None = None,
         end_tick: int | None = None) -> dict[str, dict]:
    """Per metric: mean and the 2.5–97.5% range of ``replications`` simulated rounds of the
    same deck (same citizens) under the table's setting, each ending at ``end_tick``."""
    return band_of(simulate(round_, replications, workers, end_tick))


def worst_journeys(table: Table, n: int = 3) -> list[dict]:
    rows = table.model.ledger.rows()
    return sorted(rows, key=lambda r: (-r["retellings"] - r["handoffs"], r["citizen"]))[:n]


def thinking(table: Table, pace: float | None) -> dict:
    """How long the players took per decision they answered themselves: model minutes, and wall
    seconds at the session's ``pace``. A citizen waits at the desk while a person decides, so
    this time is in the table's lead time and staff time, and not in the simulated band's."""
    waits = [p.answered_at - p.asked_at for p in table.seats.answered if p.answered_by == "person"]
    minutes = float(np.mean(waits)) if waits else None
    return {"answers": len(waits), "minutes": minutes, "pace": pace,
            "seconds": None if minutes is None or not pace else minutes / pace}


def debrief(tables: dict[str, Table], replications: int = 50, workers: int | None = None,
            names: dict[str, str] | None = None, pace: float | None = None) -> dict:
    """Per table: its figures (the simulation's own fold), the band of simulated rounds of the
    same citizens under its setting, who answered and how long players took, the worst journeys
    and the hand-offs. ``names``: each table's setting as the session names it; ``pace``: model
    minutes per wall-clock second."""
    out = {}
    for name, table in tables.items():
        figures = summarize(table.model.ledger)
        runs = simulate(table.round, replications, workers, played_ticks(table))
        out[name] = {"name": (names or {}).get(name, ""), "citizens": len(table.model.ledger),
                     "thinking": thinking(table, pace),
                     "edges": [[s, d, w, n] for (s, d, w), n in sorted(edges_so_far(table).items())],
                     "setting": table.round.setting.model_dump(mode="json", exclude_none=True),
                     "metrics": {m: figures[m] for m in BAND_METRICS},
                     "band": band_of(runs),
                     "timeline": timeline.of_table(table),
                     "timeline_band": timeline.band([line for _, line in runs], table.round.tick_minutes,
                                                    table.model.day),
                     "answered_by": dict(Counter(p.answered_by for p in table.seats.answered)),
                     "worst_journeys": worst_journeys(table)}
    return out
