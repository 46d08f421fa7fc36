"""Replications on all local cores.

Every replication is independent and seeded by its own number, so running them in worker
processes gives exactly the result of running them one after the other; only the wall
time changes. A single-threaded process (the CLI, a script, the tests) forks its workers:
instant, and a script needs no ``if __name__ == "__main__"`` guard. A threaded process (the
app) must not fork itself, so there workers come from a fork server that has the model
already imported.

``KASTJE_WORKERS`` (or a caller's ``workers``) sets the number of processes; 1 runs in
this process.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from concurrent.futures import ProcessPoolExecutor, as_completed
from typing import Callable, Sequence

_pool: ProcessPoolExecutor | None = None
_size = 0


def default_workers() -> int:
    env = os.environ.get("KASTJE_WORKERS", "")
    return max(1, int(env)) if env.isdigit() else (os.cpu_count() or 1)


def _executor(workers: int) -> ProcessPoolExecutor:
    global _pool, _size
    if _pool is None or _size != workers:
        if _pool is not None:
            _pool.shutdown(cancel_futures=True)
        if threading.active_count() == 1:
            context = multiprocessing.get_context("fork")
        else:
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload(["sim.model", "sim.analysis"])
        _pool, _size = ProcessPoolExecutor(workers, mp_context=context), workers
    return _pool


def run_all(task: Callable, jobs: Sequence, workers: int | None = None,
            done: Callable[[int, int], None] | None = None) -> list:
    """``task(job)`` for every job, in job order; ``done(k, n)`` hears each one finish."""
    workers = default_workers() if workers is None else workers
    if workers <= 1 or len(jobs) <= 1:
        out = []
        for job in jobs:
            out.append(task(job))
            if done:
                done(len(out), len(jobs))
        return out
    futures = {_executor(workers).submit(task, job): k for k, job in enumerate(jobs)}
    results: list = [None] * len(jobs)
    for finished, future in enumerate(as_completed(futures), start=1):
        results[futures[future]] = future.result()
        if done:
            done(finished, len(jobs))
    return results
