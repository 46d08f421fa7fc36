"""What a table shows during and after its round, counted as the simulation counts.

(A round's inflow is its deck: nobody arrives after the deck's last citizen.)

Live: per table, the totals so far (hand-offs, retellings, wrong referrals, gave up) over
the citizens who have left, the queue at every desk, and the hand-off network so far. After
the round: the table's metrics (the same fold as a simulated run) beside the simulated band
for the same deck and setting — many simulated rounds that meet the *same citizens* (the
deck's seed fixes who arrives and what they bring; everything else varies) — and beside the
other tables; and the round's worst journeys.
"""

from __future__ import annotations

from collections import Counter

import numpy as np

from sim.events import Referred, Transferred
from sim.metrics import summarize
from sim.model import KastjeModel
from sim.pool import run_all
from workshop.table import Round, Table

COUNTED = ("handoffs", "retellings", "wrong_referrals")
BAND_METRICS = ("handoffs", "retellings", "wrong_referrals", "gave_up_rate", "resolved_rate", "lead_time_days",
                "staff_minutes")


def live(table: Table) -> dict:
    ledger = table.model.ledger
    totals = {name: float(ledger.column(name).sum()) for name in COUNTED}
    totals["gave_up"] = int((ledger.outcomes() == 2).sum())
    return {"tick": table.tick, "day": table.now / table.model.day, "left": len(ledger),
            "in_progress": sum(1 for c in table.model.alive.values() if c.measured), **totals,
            "waiting": {rid: desk.queue_length for rid, desk in table.model.desks.items()},
            "network": network_so_far(table)}


def network_so_far(table: Table) -> dict[str, int]:
    """Hand-offs so far, 'from>to': the events of every citizen, in progress or left."""
    edges: Counter = Counter()
    for citizen in table.model.alive.values():
        for e in citizen.history:
            if type(e) in (Referred, Transferred):
                edges[f"{e.role}>{e.target}"] += 1
    edges.update(table.log.edges)
    return dict(edges)


def _simulated_round(job: tuple) -> dict:
    r, seed = job
    model = KastjeModel(r.scenario, r.setting, r.citizens, seed, warmup_days=0, deck_seed=r.seed, follow_on=False)
    day_ticks = int(model.day // r.tick_minutes)
    if r.round_days is None:
        model.run()
    else:                                  # the same end as the table: censored at the round's end
        end = round(r.round_days * day_ticks) * r.tick_minutes
        while model.running and (model.steps + 1) * model.day <= end:
            model.step()
        if model.running and model.env.now < end:
            model.env.run(until=end)
        model.finish()
    return summarize(model.ledger)


def band(round_: Round, replications: int = 50, workers: int | None = None) -> dict[str, dict]:
    """Per metric: mean and the 2.5–97.5% range of ``replications`` simulated rounds of the
    same deck (same citizens) under the table's setting."""
    seeds = [10_000 + i for i in range(replications)]
    runs = run_all(_simulated_round, [(round_, s) for s in seeds], workers)
    out = {}
    for name in BAND_METRICS:
        values = np.array([run[name] for run in runs], dtype=float)
        values = values[~np.isnan(values)]
        out[name] = {"mean": float(values.mean()) if values.size else None,
                     "range95": [float(np.percentile(values, 2.5)), float(np.percentile(values, 97.5))]
                     if values.size else [None, None]}
    return out


def worst_journeys(table: Table, n: int = 3) -> list[dict]:
    rows = table.model.ledger.rows()
    return sorted(rows, key=lambda r: (-r["retellings"] - r["handoffs"], r["citizen"]))[:n]


def debrief(tables: dict[str, Table], replications: int = 50, workers: int | None = None) -> dict:
    out = {}
    for name, table in tables.items():
        figures = summarize(table.model.ledger)
        out[name] = {"setting": table.round.setting.model_dump(mode="json", exclude_none=True),
                     "metrics": {m: figures[m] for m in BAND_METRICS},
                     "band": band(table.round, replications, workers),
                     "answered_by": dict(Counter(p.answered_by for p in table.seats.answered)),
                     "worst_journeys": worst_journeys(table)}
    return out
