"""Replications and sweep points on a Dask cluster: the same tasks as the local pool, sent elsewhere.

Every task is a plain function of its job (a scenario, a setting, a seed, …) and seeded by
the job alone, so where it runs — this process, the local pool, a cluster of many machines —
changes only the wall time, never a result (tests/test_cluster.py compares task for task).
``--dask local`` starts a LocalCluster on this machine (one single-threaded worker process
per core, no dashboard); ``--dask tcp://HOST:8786`` uses a running scheduler, whose workers
need kastje installed (docs/scale.md).
"""

from __future__ import annotations

import atexit
from collections.abc import Callable, Sequence

from sim.errors import UserError
from sim.experiments.pool import gather

_clients: dict[str, object] = {}


def client(address: str):
    """A client for ``address`` ("local" or a scheduler's address), made once per process."""
    if address in _clients:
        return _clients[address]
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise UserError("--dask needs Dask: pip install -e '.[cluster]'") from None
    try:
        if address == "local":
            cluster = LocalCluster(threads_per_worker=1, processes=True, dashboard_address=None)
            made = Client(cluster)
        else:
            made = Client(address, timeout="20s")
    except OSError as err:
        raise UserError(f"cannot reach the Dask scheduler at {address}: {err}") from None
    _clients[address] = made
    atexit.register(close, address)
    return made


def close(address: str) -> None:
    made = _clients.pop(address, None)
    if made is not None:
        cluster = getattr(made, "cluster", None)
        made.close()
        if cluster is not None:
            cluster.close()


def run_on(address: str, task: Callable, jobs: Sequence, done: Callable[[int, int], None] | None = None,
           each: Callable[[int, object], None] | None = None) -> list:
    """``task(job)`` for every job on the cluster, in job order; ``done(k, n)`` hears each finish
    and ``each(index, result)`` gets each result as it comes."""
    from distributed import as_completed
    made = client(address)
    futures = made.map(task, list(jobs), pure=False)
    index = {f.key: k for k, f in enumerate(futures)}
    return gather(((index[f.key], f.result()) for f in as_completed(futures)), len(jobs), done, each)
