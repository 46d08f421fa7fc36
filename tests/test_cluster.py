"""The same work on a Dask cluster (issue 11): a LocalCluster on loopback, no dashboard; every
task's result equals the local pool's, task for task."""

from __future__ import annotations

import pytest

pytest.importorskip("distributed")

from sim.experiments import pool
from sim.experiments.replications import _replication, replication_seeds, run_replications
from sim.experiments.sweep import Sweep, parse_axis
from sim.scenario.presets import resolve_setting
from tests.conftest import build, same, scenario_dict


@pytest.fixture(scope="module")
def cluster():
    from distributed import Client, LocalCluster

    from sim.experiments import cluster as cluster_module
    local = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                         host="127.0.0.1")
    client = Client(local)
    cluster_module._clients[local.scheduler_address] = client
    yield local.scheduler_address
    pool.use_cluster(None)
    cluster_module.close(local.scheduler_address)
    local.close()


def test_replications_on_the_cluster_equal_the_local_ones_task_for_task(cluster, bijstand):
    setting = resolve_setting(bijstand, "integral")
    jobs = [(bijstand, setting, 60, s, i, None) for i, s in enumerate(replication_seeds(3, 4))]
    local = pool.run_all(_replication, jobs, workers=2)
    pool.use_cluster(cluster)
    try:
        remote = pool.run_all(_replication, jobs)
        through = run_replications(bijstand, setting, 60, 4, seed=3)
    finally:
        pool.use_cluster(None)
    assert len(remote) == len(local) == 4
    for a, b in zip(local, remote):
        assert same(a[0], b[0]) and a[1] == b[1]
    assert same(through.per_replication, [summary for summary, _ in local])


def test_a_sweep_on_the_cluster_equals_the_local_sweep(cluster, tmp_path):
    sc = build(scenario_dict(horizon_days=30))
    chaos = resolve_setting(sc, "chaos")
    axes = [parse_axis("handoff=cold,warm", sc, chaos), parse_axis("staff.a=1,2", sc, chaos)]
    local = Sweep(sc, chaos, axes, citizens=40, replications=2, seed=4).run(workers=2)
    pool.use_cluster(cluster)
    try:
        remote = Sweep(sc, chaos, axes, citizens=40, replications=2, seed=4, out=tmp_path).run()
    finally:
        pool.use_cluster(None)
    assert local.keys() == remote.keys() and all(same(local[i], remote[i]) for i in local)
