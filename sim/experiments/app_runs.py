"""What the app (and a report) needs from a run, gathered without any UI code.

One pass over the replications gives: the aggregate metrics, every citizen's ledger row,
the hand-off network summed over replications (from the typed ``referred`` and
``transferred`` events), and the full event stream of the first replication (enough to
replay any citizen's journey without holding every event).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from sim.counting.metrics import summarize
from sim.counting.network import HandoffLog
from sim.experiments.figures import Figures
from sim.experiments.pool import run_all
from sim.experiments.replications import replication_seeds, run_once
from sim.scenario.schema import Scenario, Setting


@dataclass
class AppRun(Figures):
    """A finished run of one setting, as plain picklable data."""

    setting: dict
    citizens: int
    replications: int
    seed: int
    per_replication: list[dict]
    citizen_rows: list[dict]
    edges: dict[tuple[str, str, bool], int]
    events: list                      # typed events (sim.events.kinds) of the first replication
    key: str = ""    # set by whoever caches the run: what it was run from, as one string
    loads: list = field(default_factory=list)   # per replication: {role: (utilisation, offered load)}
    early_of: int = 0    # an early run (the app's first figures): the replications of the whole run, else 0

    def journey(self, citizen: int) -> list:
        """Every event of one citizen of the first replication, in time order."""
        return [e for e in self.events if e.citizen == citizen]

    def typical_citizen(self, case: str) -> int | None:
        """The first-replication citizen of ``case`` closest to that case's median journey."""
        rows = [r for r in self.citizen_rows if r["replication"] == 0 and r["case"] == case]
        if not rows:
            return None
        med = {k: sorted(r[k] for r in rows)[len(rows) // 2] for k in ("handoffs", "tellings", "contacts")}
        return min(rows, key=lambda r: (sum(abs(r[k] - v) for k, v in med.items()), r["citizen"]))["citizen"]


def _app_replication(job: tuple) -> tuple:
    """One replication in a worker: figures, load, citizen rows, hand-offs, and (for the first
    replication) every event."""
    scenario, setting, citizens, rep_seed, i, warmup_days = job
    log = HandoffLog()
    model = run_once(scenario, setting, citizens, rep_seed, log, replication=i, warmup_days=warmup_days)
    rows = [{"replication": i, **row} for row in model.ledger.rows()]
    return summarize(model.ledger), model.load(), rows, log.edges, log.events


def run_for_app(scenario: Scenario, setting: Setting, citizens: int, replications: int, seed: int,
                progress: Callable[[float, int], None] | None = None, workers: int | None = None,
                warmup_days: float | None = None) -> AppRun:
    return run_many_for_app([(scenario, setting)], citizens, replications, seed, progress, workers, warmup_days)[0]


def run_many_for_app(requests: list[tuple[Scenario, Setting]], citizens: int, replications: int, seed: int,
                     progress: Callable[[float, int], None] | None = None,
                     workers: int | None = None, warmup_days: float | None = None,
                     each: Callable[[int, int, tuple], None] | None = None) -> list[AppRun]:
    """Several (scenario, setting) runs as one batch of replications, so every core stays busy
    to the end (two settings of five replications each on two cores: ten jobs, not two rounds
    of five with a core idle at the end of each). Same replication seeds for every request.

    The jobs go replication by replication (the first replication of every request, then the
    second, …), so the first replications of all requests finish first: ``each(request,
    replication, result)`` hears every one as it comes, and :func:`assemble` turns the first
    k of them into exactly the run of k replications (the seeds of k replications are the first
    k of any more: sim.experiments.replications.replication_seeds) — the app's early figures."""
    seeds = replication_seeds(seed, replications)
    n = len(requests)
    jobs = [(sc, setting, citizens, s, i, warmup_days) for i, s in enumerate(seeds) for sc, setting in requests]
    hear = None if each is None else (lambda k, result: each(k % n, k // n, result))
    done = run_all(_app_replication, jobs, workers, progress, hear)
    return [assemble(setting, citizens, seed, done[k::n]) for k, (_, setting) in enumerate(requests)]


def assemble(setting: Setting, citizens: int, seed: int, results: list[tuple]) -> AppRun:
    """A run of one setting from its replications' results (in replication order)."""
    per_rep, loads, rows, edges, events = [], [], [], Counter(), []
    for summary, load, rep_rows, rep_edges, rep_events in results:
        per_rep.append(summary)
        loads.append(load)
        rows += rep_rows
        edges.update(rep_edges)
        events += rep_events
    return AppRun(setting.model_dump(mode="json", exclude_none=True), citizens, len(results), seed,
                  per_rep, rows, dict(edges), events, loads=loads)
