"""Replications and comparisons: the numbers every report stands on.

Replication seeds are spawned from one SeedSequence, so replications are independent and
the same (scenario, setting, citizens, replications, seed) always gives the same result.
Every setting of a comparison uses the same replication seeds, and the model draws the
citizens from their own streams (sim.engine.streams), so replication i of each setting sees the
same citizens: same arrival times, cases and profiles. The difference between two settings
is then measured per replication (:func:`sim.counting.metrics.paired`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from sim.counting.metrics import summarize
from sim.events.kinds import Load, Run
from sim.events.log import EventLog
from sim.experiments.figures import Figures
from sim.experiments.pool import default_workers, on_cluster, run_all
from sim.experiments.statistics import paired
from sim.scenario.schema import Scenario, Setting

if TYPE_CHECKING:
    from sim.counting.tally import CountedModel

Progress = Callable[[float, int], None]   # (replications done, fractions included; total)


def replication_seeds(seed: int, replications: int) -> list[int]:
    children = np.random.SeedSequence(seed).spawn(replications)
    return [int(c.generate_state(1, dtype=np.uint32)[0]) for c in children]


def fingerprint(scenario: Scenario) -> str:
    """A short hash of the validated scenario: a log read back must be read with its own."""
    return hashlib.sha256(scenario.model_dump_json().encode()).hexdigest()[:16]


@dataclass
class About:
    """What a run is, in the user's words: written as the ``run`` record of an event log."""

    scenario: str = ""
    setting: str = ""
    overrides: list[str] = field(default_factory=list)


def warmup_of(scenario: Scenario, warmup_days: float | None) -> float:
    """The warm-up in working days: as asked, else the follow-up horizon (none for a batch)."""
    if scenario.arrivals.pattern == "batch":
        return 0.0
    return scenario.horizon_days if warmup_days is None else warmup_days


@dataclass
class RunResult(Figures):
    setting: Setting
    citizens: int
    replications: int
    seed: int
    per_replication: list[dict[str, float]] = field(default_factory=list)
    models: list[CountedModel] = field(default_factory=list)
    loads: list[dict[str, tuple[float, float, float]]] = field(default_factory=list)   # per replication


def run_once(scenario: Scenario, setting: Setting, citizens: int, seed: int,
             event_log: EventLog | None = None, policies=None, citizen_policies=None,
             progress: Callable[[float], None] | None = None, replication: int = 0,
             warmup_days: float | None = None) -> CountedModel:
    """One replication, run to the end; the model keeps its ledger and daily series."""
    # Imported here: the model brings Mesa and pandas (0.7 s), which a process that only hands
    # replications to the pool (the app's page, on two cores or more) never needs.
    from sim.counting.tally import CountedModel
    return CountedModel(scenario, setting, citizens, seed, event_log, policies, citizen_policies,
                       replication, warmup_days).run(progress)


def within(progress: Progress | None, done: int, total: int) -> Callable[[float], None] | None:
    """Progress inside replication ``done`` (0-based), as a fraction of all replications."""
    return None if progress is None else (lambda share: progress(done + share, total))


def _replication(job: tuple) -> tuple[dict, dict]:
    """One replication in a worker: its figures and its desks' load."""
    scenario, setting, citizens, rep_seed, i, warmup_days = job
    model = run_once(scenario, setting, citizens, rep_seed, replication=i, warmup_days=warmup_days)
    return summarize(model.ledger), model.load()


def run_replications(scenario: Scenario, setting: Setting, citizens: int = 200,
                     replications: int = 20, seed: int = 1, event_log: EventLog | None = None,
                     progress: Progress | None = None, keep_models: bool = False,
                     about: About | None = None, warmup_days: float | None = None,
                     workers: int | None = None) -> RunResult:
    """``replications`` replications on all cores (``workers``), unless a log is written or
    the models are kept: then one after the other, in this process. In the pool, progress
    counts finished replications; in this process it is also heard within each one (a single
    long replication still shows it is moving)."""
    result = RunResult(setting, citizens, replications, seed)
    seeds = replication_seeds(seed, replications)
    parallel = min(replications, default_workers() if workers is None else workers) > 1 or on_cluster()
    if event_log is None and not keep_models and parallel:
        jobs = [(scenario, setting, citizens, s, i, warmup_days) for i, s in enumerate(seeds)]
        for summary, load in run_all(_replication, jobs, workers, progress):
            result.per_replication.append(summary)
            result.loads.append(load)
        return result
    about = about or About()
    for i, rep_seed in enumerate(seeds):
        if event_log is not None:
            event_log.write(i, [Run(0, 0.0, about.scenario, fingerprint(scenario), about.setting,
                                    ";".join(about.overrides), seed, citizens, warmup_of(scenario, warmup_days))])
        model = run_once(scenario, setting, citizens, rep_seed, event_log,
                         progress=within(progress, i, replications), replication=i, warmup_days=warmup_days)
        result.per_replication.append(summarize(model.ledger))
        result.loads.append(model.load())
        if event_log is not None:
            event_log.write(i, [Load(0, model.env.now, role, *load) for role, load in result.loads[-1].items()])
        if keep_models:
            result.models.append(model)
        if progress:
            progress(i + 1, replications)
    return result


def compare(scenario: Scenario, settings: dict[str, Setting], citizens: int = 200,
            replications: int = 20, seed: int = 1, progress: Progress | None = None,
            warmup_days: float | None = None, workers: int | None = None) -> dict[str, RunResult]:
    """Each setting on the same citizens (common random numbers), for a fair comparison;
    ``progress`` counts the replications of all settings together."""
    results, total = {}, replications * len(settings)
    for k, (name, s) in enumerate(settings.items()):
        step = None if progress is None else (lambda done, _, k=k: progress(k * replications + done, total))
        results[name] = run_replications(scenario, s, citizens, replications, seed, progress=step,
                                         warmup_days=warmup_days, workers=workers)
    return results


def differences(results: dict[str, RunResult]) -> dict[str, dict[str, dict]]:
    """Each setting after the first against the first: paired differences with their interval."""
    names = list(results)
    base = results[names[0]].per_replication
    return {name: paired(base, results[name].per_replication) for name in names[1:]}
