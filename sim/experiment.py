"""Replications and comparisons: the numbers every report stands on.

Replication seeds are spawned from one SeedSequence, so replications are independent
streams and the same (scenario, setting, citizens, replications, seed) always gives the
same result, whatever else ran before.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from sim.events import EventLog
from sim.metrics import aggregate, summarize
from sim.model import KastjeModel
from sim.schema import Scenario, Setting

Progress = Callable[[float, int], None]   # (replications done, fractions included; total)


def replication_seeds(seed: int, replications: int) -> list[int]:
    children = np.random.SeedSequence(seed).spawn(replications)
    return [int(c.generate_state(1, dtype=np.uint32)[0]) for c in children]


@dataclass
class RunResult:
    setting: Setting
    citizens: int
    replications: int
    seed: int
    per_replication: list[dict[str, float]] = field(default_factory=list)
    models: list[KastjeModel] = field(default_factory=list)

    @property
    def metrics(self) -> dict[str, dict]:
        return aggregate(self.per_replication)


def run_once(scenario: Scenario, setting: Setting, citizens: int, seed: int,
             event_log: EventLog | None = None, policies=None,
             progress: Callable[[float], None] | None = None) -> KastjeModel:
    """One replication, run to the end; the model keeps its ledger and daily series."""
    return KastjeModel(scenario, setting, citizens, seed, event_log, policies).run(progress)


def within(progress: Progress | None, done: int, total: int) -> Callable[[float], None] | None:
    """Progress inside replication ``done`` (0-based), as a fraction of all replications."""
    return None if progress is None else (lambda share: progress(done + share, total))


def run_replications(scenario: Scenario, setting: Setting, citizens: int = 200,
                     replications: int = 20, seed: int = 1, event_log: EventLog | None = None,
                     progress: Progress | None = None, keep_models: bool = False) -> RunResult:
    result = RunResult(setting, citizens, replications, seed)
    for i, rep_seed in enumerate(replication_seeds(seed, replications)):
        if event_log is not None:
            event_log.replication = i
        model = run_once(scenario, setting, citizens, rep_seed, event_log,
                         progress=within(progress, i, replications))
        result.per_replication.append(summarize(model.ledger))
        if keep_models:
            result.models.append(model)
        if progress:
            progress(i + 1, replications)
    return result


def compare(scenario: Scenario, settings: dict[str, Setting], citizens: int = 200,
            replications: int = 20, seed: int = 1, progress: Progress | None = None) -> dict[str, RunResult]:
    """Each setting with the same seeds (common random numbers), for a fair comparison."""
    return {name: run_replications(scenario, s, citizens, replications, seed, progress=progress)
            for name, s in settings.items()}
