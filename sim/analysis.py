"""What the app (and a report) needs from a run, gathered without any UI code.

One pass over the replications gives: the aggregate metrics, every citizen's ledger row,
the hand-off network summed over replications, and the full event log of the first
replication (enough to replay any citizen's journey without holding every event).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Callable

import networkx as nx

from sim.events import COLUMNS, MemoryEventLog
from sim.experiment import replication_seeds, run_once, within
from sim.metrics import aggregate, summarize
from sim.schema import Scenario, Setting


def parse_referral(detail: str) -> tuple[str, bool]:
    """'target:wrong,ping_pong,cold' -> ('target', wrong?)."""
    target, _, flags = detail.partition(":")
    return target, "wrong" in flags.split(",")


class AppLog(MemoryEventLog):
    """Keeps the first replication's events; counts referrals of every replication."""

    def __init__(self, minutes_per_day: float):
        super().__init__(minutes_per_day)
        self.edges: Counter = Counter()

    def record(self, citizen, minute, role, activity, need="", detail="", minutes=None) -> None:
        if activity == "referred":
            target, wrong = parse_referral(detail)
            self.edges[(role, target, wrong)] += 1
        if self.replication == 0:
            super().record(citizen, minute, role, activity, need, detail, minutes)


@dataclass
class AppRun:
    """A finished run of one setting, as plain picklable data."""

    setting: dict
    citizens: int
    replications: int
    seed: int
    metrics: dict
    per_replication: list[dict]
    citizen_rows: list[dict]
    edges: dict[tuple[str, str, bool], int]
    events: list[tuple]
    key: str = ""    # set by whoever caches the run: what it was run from, as one string

    def journey(self, citizen: int) -> list[dict]:
        """Every event of one citizen of the first replication, in time order."""
        return [dict(zip(COLUMNS, row)) for row in self.events if row[1] == citizen]

    def typical_citizen(self, case: str) -> int | None:
        """The first-replication citizen of ``case`` closest to that case's median journey."""
        rows = [r for r in self.citizen_rows if r["replication"] == 0 and r["case"] == case]
        if not rows:
            return None
        med = {k: sorted(r[k] for r in rows)[len(rows) // 2] for k in ("handoffs", "tellings", "contacts")}
        return min(rows, key=lambda r: (sum(abs(r[k] - v) for k, v in med.items()), r["citizen"]))["citizen"]


def run_for_app(scenario: Scenario, setting: Setting, citizens: int, replications: int, seed: int,
                progress: Callable[[float, int], None] | None = None) -> AppRun:
    log = AppLog(scenario.clock.hours_per_day * 60)
    per_rep, rows = [], []
    for i, rep_seed in enumerate(replication_seeds(seed, replications)):
        log.replication = i
        model = run_once(scenario, setting, citizens, rep_seed, log, progress=within(progress, i, replications))
        per_rep.append(summarize(model.ledger))
        rows += [{"replication": i, **row} for row in model.ledger.rows()]
        if progress:
            progress(i + 1, replications)
    return AppRun(setting.model_dump(mode="json", exclude_none=True), citizens, replications, seed,
                  aggregate(per_rep), per_rep, rows, dict(log.edges), log.rows)


def handoff_graph(edges: dict[tuple[str, str, bool], int], replications: int = 1) -> nx.DiGraph:
    """Roles as nodes; an edge per (from, to) with hand-offs and wrong ones per replication."""
    graph = nx.DiGraph()
    for (src, dst, wrong), n in edges.items():
        if not graph.has_edge(src, dst):
            graph.add_edge(src, dst, handoffs=0.0, wrong=0.0)
        graph[src][dst]["handoffs"] += n / replications
        if wrong:
            graph[src][dst]["wrong"] += n / replications
    return graph
