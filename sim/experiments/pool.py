"""Replications on all local cores.

Every replication is independent and seeded by its own number, so running them in worker
processes gives exactly the result of running them one after the other; only the wall
time changes. A single-threaded process (the CLI, a script, the tests) forks its workers:
instant, and a script needs no ``if __name__ == "__main__"`` guard. A threaded process (the
app) must not fork itself, so there workers come from a fork server that has the model
already imported.

``KASTJE_WORKERS`` (or a caller's ``workers``) sets the number of processes; 1 runs in
this process. :func:`use_cluster` sends every batch to a Dask cluster instead (sim.experiments.cluster).
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import sys
import threading
import types
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed

_pool: ProcessPoolExecutor | None = None
_size = 0
_cluster: str | None = None         # a Dask address ("local", "tcp://…") that takes every batch
_lock = threading.Lock()
_main_lock = threading.RLock()


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
            context.set_forkserver_preload(["sim.engine.model", "sim.experiments.app_runs"])
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
    with _bare_main():
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


@contextlib.contextmanager
def _bare_main():
    """A worker started by the fork server first imports the parent's main module, so that
    functions pickled from it resolve. Under Streamlit the main module is the page script:
    every worker would run the whole app (imports, sidebar, and all) before its first task.
    Workers are started only inside ``submit`` and every task lives in sim/, so while
    submitting, the main module is a bare one."""
    with _main_lock:
        main = sys.modules.get("__main__")
        if getattr(main, "__file__", None) is None:
            yield
            return
        sys.modules["__main__"] = types.ModuleType("__main__")
        try:
            yield
        finally:
            sys.modules["__main__"] = main


def _ready(_job: tuple) -> bool:
    return True


def prestart(workers: int | None = None) -> None:
    """Start the workers in the background, so that their imports overlap with the caller's
    (the app's first page load: about 1.5 s of the fork server's imports hidden)."""
    workers = default_workers() if workers is None else workers
    if workers > 1 and _pool is None:
        threading.Thread(target=run_all, args=(_ready, [()] * workers, workers), daemon=True).start()
