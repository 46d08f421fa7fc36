"""Steady state: the same question asked at two run sizes gets the same answer (issue 7).

Before the warm-up, 200 citizens at 8 a day arrived in 25 days at desks that were still
empty, so every average depended on how many citizens were run.
"""

from __future__ import annotations

import numpy as np
import pytest

from sim.experiments.budget import estimate, simulated
from sim.experiments.replications import run_once, run_replications
from sim.scenario.presets import resolve_setting
from tests.conftest import same
from tests.test_theory import SETTING, mmc_scenario

METRICS = ("wait_minutes", "lead_time_days", "resolved_rate", "handoffs")


def overlap(a: list[float], b: list[float]) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def intervals(scenario, name: str, citizens: int, replications: int, warmup_days=None) -> dict:
    result = run_replications(scenario, resolve_setting(scenario, name), citizens, replications,
                              seed=21, warmup_days=warmup_days)
    return {m: result.metrics[m]["ci95"] for m in METRICS}


@pytest.mark.parametrize("name", ["chaos", "integral"])
def test_two_run_sizes_give_the_same_answer(bijstand, name):
    small = intervals(bijstand, name, 200, 8)
    large = intervals(bijstand, name, 2000, 4)
    for metric in METRICS:
        assert overlap(small[metric], large[metric]), (metric, small[metric], large[metric])


def test_without_a_warm_up_the_run_size_changes_the_wait(bijstand):
    """The old behaviour, kept reachable with --warmup-days 0: the small run meets emptier
    desks, and its wait interval lies wholly below the large run's."""
    small = intervals(bijstand, "chaos", 200, 8, warmup_days=0)["wait_minutes"]
    large = intervals(bijstand, "chaos", 2000, 4, warmup_days=0)["wait_minutes"]
    assert small[1] < large[0], (small, large)


@pytest.mark.parametrize("name", ["chaos", "integral"])
def test_work_in_progress_is_flat_after_the_warm_up(bijstand, name):
    """The warm-up is the follow-up horizon (120 days): a citizen who arrived before day 0 has
    left by then, so the work in progress depends only on a full horizon of arrivals. The
    daily series (mean of three replications) shows it: level from the warm-up on, still
    climbing before it."""
    series = []
    for seed in (3, 4, 5):
        model = run_once(bijstand, resolve_setting(bijstand, name), 2000, seed=seed)
        series.append(np.asarray(model.daily("in_progress"), dtype=float)[:400])
    wip = np.mean(series, axis=0)
    warm = int(bijstand.horizon_days)
    early, late = wip[warm:warm + 60].mean(), wip[warm + 180:warm + 240].mean()
    assert abs(early - late) / late < 0.10, (early, late)
    assert wip[:20].mean() < 0.6 * late                   # the empty office at the start


def test_an_overloaded_desk_is_reported_and_a_busy_one_is_not():
    """Offered load = arrivals x mean service / staff capacity: 0.83 keeps up, 1.25 does not."""
    busy = run_replications(mmc_scenario(120.0, 10.0, 3), SETTING, 3000, 2, seed=1, warmup_days=5)
    over = run_replications(mmc_scenario(120.0, 10.0, 2), SETTING, 3000, 2, seed=1, warmup_days=5)
    assert busy.overloaded == [] and abs(busy.utilisation["desk"] - 0.833) < 0.03
    assert over.overloaded == ["desk"]
    assert over.utilisation["desk"] > 0.98 and over.offered["desk"] >= 1.0


def test_the_pool_gives_exactly_the_serial_result(bijstand):
    setting = resolve_setting(bijstand, "integral")
    serial = run_replications(bijstand, setting, 100, 3, seed=2, workers=1)
    pooled = run_replications(bijstand, setting, 100, 3, seed=2, workers=2)
    assert same(serial.per_replication, pooled.per_replication) and serial.loads == pooled.loads


def test_a_run_simulates_warm_up_and_follow_up_citizens_too(bijstand):
    per_day = bijstand.arrivals.per_day
    assert simulated(bijstand, 200, None) == 200 + per_day * 2 * bijstand.horizon_days
    assert simulated(bijstand, 200, 0) == 200 + per_day * bijstand.horizon_days
    huge = estimate(bijstand, [resolve_setting(bijstand, "chaos")], 10_000_000, 20, None, 2)
    assert huge.too_big() or huge.too_long()
    assert huge.citizens == pytest.approx(20 * simulated(bijstand, 10_000_000, None))
    assert np.isfinite(huge.seconds) and huge.seconds > 15 * 60


def test_five_times_the_inflow_with_the_same_staff_is_overloaded_and_slower(bijstand):
    """Issue 7: before the warm-up, five times the inflow moved chaos lead time from 22.1 to
    21.4 days — the desks never filled. Now the desks that cannot keep up are named, and the
    citizens wait for them."""
    busy = bijstand.model_copy(update={"arrivals": bijstand.arrivals.model_copy(update={"per_day": 40})})
    normal = run_replications(bijstand, resolve_setting(bijstand, "chaos"), 200, 4, seed=4)
    crowded = run_replications(busy, resolve_setting(busy, "chaos"), 200, 4, seed=4)
    assert normal.overloaded == [] and "wi_intake" in crowded.overloaded
    assert crowded.metrics["lead_time_days"]["ci95"][0] > normal.metrics["lead_time_days"]["ci95"][1]
