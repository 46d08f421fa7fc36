"""Same scenario, setting and seed give identical output; replications are independent."""

from __future__ import annotations

from sim.events.log import CsvEventLog
from sim.experiments.replications import replication_seeds, run_replications
from sim.scenario.presets import resolve_setting
from tests.conftest import build, same, scenario_dict


def _scenario():
    data = scenario_dict()
    data["cases"] = [
        {"id": "k", "title": "K", "story": "S", "share": 0.5, "presenting": "q", "needs": ["q"]},
        {"id": "m", "title": "M", "story": "S", "share": 0.5, "presenting": "income",
         "needs": ["income", "q"], "hidden": ["q"]},
    ]
    return build(data)


def test_same_seed_same_result_different_seed_different():
    sc = _scenario()
    setting = resolve_setting(sc, "chaos")
    a = run_replications(sc, setting, 150, 3, seed=7).per_replication
    b = run_replications(sc, setting, 150, 3, seed=7).per_replication
    c = run_replications(sc, setting, 150, 3, seed=8).per_replication
    assert same(a, b)
    assert not same(a, c)


def test_replications_are_independent_streams():
    seeds = replication_seeds(1, 20)
    assert len(set(seeds)) == 20
    sc = _scenario()
    reps = run_replications(sc, resolve_setting(sc, "chaos"), 150, 5, seed=1).per_replication
    assert len({r["handoffs"] for r in reps}) == 5
    # a prefix of replications does not depend on how many are asked for
    assert same(run_replications(sc, resolve_setting(sc, "chaos"), 150, 2, seed=1).per_replication, reps[:2])


def test_event_log_is_identical_for_the_same_seed(tmp_path):
    sc = _scenario()
    setting = resolve_setting(sc, "integral")
    paths = []
    for name in ("one.csv", "two.csv"):
        with CsvEventLog(tmp_path / name) as log:
            run_replications(sc, setting, 100, 2, seed=4, event_log=log)
        paths.append(tmp_path / name)
    assert paths[0].read_bytes() == paths[1].read_bytes()
    assert paths[0].stat().st_size > 1000


def test_progress_is_reported_within_and_after_each_replication():
    sc = _scenario()
    seen = []
    run_replications(sc, resolve_setting(sc, "chaos"), 600, 2, seed=1, workers=1,
                     progress=lambda d, n: seen.append((d, n)))
    assert seen == sorted(seen) and seen[-1] == (2, 2)
    assert any(0 < d < 1 for d, _ in seen)          # heard from inside the first replication
    pooled = []
    run_replications(sc, resolve_setting(sc, "chaos"), 100, 3, seed=1, workers=2,
                     progress=lambda d, n: pooled.append((d, n)))
    assert pooled == [(1, 3), (2, 3), (3, 3)]       # the pool reports each finished replication
