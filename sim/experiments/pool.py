"""Replications on all local cores.

Every replication is independent and seeded by its own number, so running them in worker
processes gives exactly the result of running them one after the other; only the wall
time changes. A single-threaded process (the CLI, a script, the tests) forks its workers:
instant, and a script needs no ``if __name__ == "__main__"`` guard. A threaded process (the
app) must not fork itself, so there workers come from a fork server that has the model
already imported.

A worker never runs the parent's main script. Multiprocessing would have a fork-server worker
import ``__main__`` first; under Streamlit that is the page script (app.py), which would draw
the whole app in the worker and start a pool there ("bootstrapping phase" traceback in the log).
Swapping ``sys.modules["__main__"]`` while submitting is not enough: Streamlit installs the page
script there at the start of every rerun, from its own threads, so after a restart (every tab
reconnecting at once) a worker got app.py anyway. So the fork server, which imports this module
first, skips the main script for every worker it starts: every task lives in a package.

``KASTJE_WORKERS`` (or a caller's ``workers``) sets the number of processes; 1 runs in
this process. :func:`use_cluster` sends every batch to a Dask cluster instead (sim.experiments.cluster).
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.spawn
import os
import threading
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed

_pool: ProcessPoolExecutor | None = None
_size = 0
_cluster: str | None = None         # a Dask address ("local", "tcp://…") that takes every batch
_lock = threading.Lock()
_PRELOAD = ["sim.experiments.pool", "sim.engine.model", "sim.experiments.app_runs"]


def _no_main(_main: str) -> None:
    """What a worker does with the parent's main script (a path or a module name): nothing."""


# Takes effect only where a process is being started from a parent's preparation data: in the
# fork server (which preloads this module) and so in every worker it forks. A process that
# imports this module later has done its preparation already.
multiprocessing.spawn._fixup_main_from_path = _no_main
multiprocessing.spawn._fixup_main_from_name = _no_main


def use_cluster(address: str | None) -> None:
    """Run every following batch on the Dask cluster at ``address`` (None: on this machine)."""
    global _cluster
    _cluster = address


def on_cluster() -> bool:
    return _cluster is not None


def default_workers() -> int:
    env = os.environ.get("KASTJE_WORKERS", "")
    return max(1, int(env)) if env.isdigit() else (os.cpu_count() or 1)


def _executor(workers: int) -> ProcessPoolExecutor:
    with _lock:
        return _executor_locked(workers)


def _executor_locked(workers: int) -> ProcessPoolExecutor:
    global _pool, _size
    if _pool is None or _size != workers:
        if _pool is not None:
            _pool.shutdown(cancel_futures=True)
        if threading.active_count() == 1:
            context = multiprocessing.get_context("fork")
        else:
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload(_PRELOAD)
        _pool, _size = ProcessPoolExecutor(workers, mp_context=context), workers
    return _pool


def run_all(task: Callable, jobs: Sequence, workers: int | None = None,
            done: Callable[[int, int], None] | None = None,
            each: Callable[[int, object], None] | None = None) -> list:
    """``task(job)`` for every job, in job order; ``done(k, n)`` hears each one finish and
    ``each(index, result)`` gets each result as it comes (a sweep stores finished points)."""
    if _cluster is not None and jobs:
        from sim.experiments.cluster import run_on
        return run_on(_cluster, task, jobs, done, each)
    workers = default_workers() if workers is None else workers
    if workers <= 1 or len(jobs) <= 1:
        return gather(((k, task(job)) for k, job in enumerate(jobs)), len(jobs), done, each)
    executor = _executor(workers)
    futures = {executor.submit(task, job): k for k, job in enumerate(jobs)}
    return gather(((futures[f], f.result()) for f in as_completed(futures)), len(jobs), done, each)


def gather(finished: Iterable[tuple[int, object]], count: int, done: Callable[[int, int], None] | None = None,
           each: Callable[[int, object], None] | None = None) -> list:
    """Results as they finish, (job index, result), put back in job order; ``done`` and
    ``each`` hear each one as it comes, whichever backend ran it."""
    results: list = [None] * count
    for n, (k, result) in enumerate(finished, start=1):
        results[k] = result
        if each:
            each(k, result)
        if done:
            done(n, count)
    return results


def _ready(_job: tuple) -> bool:
    return True


def prestart(workers: int | None = None) -> None:
    """Start the workers in the background, so that their imports overlap with the caller's
    (the app's first page load: about 1.5 s of the fork server's imports hidden)."""
    workers = default_workers() if workers is None else workers
    if workers > 1 and _pool is None:
        threading.Thread(target=run_all, args=(_ready, [()] * workers, workers), daemon=True).start()
