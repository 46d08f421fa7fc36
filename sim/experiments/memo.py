"""Replications already run, kept by what they were run from, so a view asked again pays nothing.

A replication is fully determined by its scenario, setting, size, seed and warm-up (the same seed
gives the same events: tests/test_determinism.py), so a kept result *is* the result. The tornado
and the break-even view run many variants on the same replication seeds (common random numbers);
turning one of their switches — the break-even alternative, the tornado's staff steps, another
look at the same variant — asks again for most of the replications it ran before. Those come from
here; only the others run. Kept in this process, the most recently used :data:`MAX_KEPT` (a
summary and a load, a few kB each).
"""

from __future__ import annotations

import copy
import hashlib
import json
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence

from sim.experiments.pool import run_all
from sim.experiments.replications import _replication

MAX_KEPT = 4096
_kept: OrderedDict[str, tuple] = OrderedDict()
_lock = threading.Lock()


def _keys(jobs: Sequence[tuple]) -> list[str]:
    dumped: dict[int, str] = {}      # one dump per scenario or setting object, however many jobs share it

    def dump(obj) -> str:
        if id(obj) not in dumped:
            dumped[id(obj)] = json.dumps(obj.model_dump(mode="json"), sort_keys=True)
        return dumped[id(obj)]

    return [hashlib.sha256(json.dumps([dump(sc), dump(st), citizens, seed, i, warmup]).encode()).hexdigest()
            for sc, st, citizens, seed, i, warmup in jobs]


def kept_or_run(jobs: Sequence[tuple], workers: int | None = None,
                 done: Callable[[int, int], None] | None = None) -> list[tuple]:
    """``_replication(job)`` — (summary, load) — for every job, in job order: kept ones at once,
    the rest on all cores; ``done(k, n)`` counts the kept ones as done from the start."""
    keys = _keys(jobs)
    with _lock:
        found = {k: _kept[k] for k in keys if k in _kept}
        for k in found:
            _kept.move_to_end(k)
    todo = [i for i, k in enumerate(keys) if k not in found]
    if done and found:
        done(len(jobs) - len(todo), len(jobs))
    hear = None if done is None else (lambda k, n: done(len(jobs) - len(todo) + k, len(jobs)))
    fresh = run_all(_replication, [jobs[i] for i in todo], workers, hear)
    with _lock:
        for i, result in zip(todo, fresh):
            _kept[keys[i]] = result
            found[keys[i]] = result
        while len(_kept) > MAX_KEPT:
            _kept.popitem(last=False)
    return [copy.deepcopy(found[k]) for k in keys]     # a copy: nobody changes what is kept


def forget() -> None:
    """Drop every kept replication (tests; a changed engine in a long-lived process)."""
    with _lock:
        _kept.clear()
