"""The shipped scenarios still hit the field figures they were calibrated to (docs/model.md).

These are calibration targets, not hard-coded outputs: the model is free to land anywhere,
and this test says when a change to the engine or a scenario moves it off the field. The
scenarios were tuned on seed 1; these tests run on other seeds, so they check the model, not
the luck of the tuning seed.
"""

from __future__ import annotations

import pytest

from sim.experiments.replications import run_replications
from sim.scenario.loader import load_scenario
from sim.scenario.presets import resolve_setting
from tests.conftest import SCENARIOS

SEEDS = (2, 3)      # not the tuning seed


def chaos(scenario, seed: int, replications: int = 10):
    return run_replications(scenario, resolve_setting(scenario, "chaos"), 200, replications, seed=seed)


@pytest.mark.parametrize("seed", SEEDS)
def test_bijstand_chaos_looks_like_the_field(bijstand, seed):
    result = chaos(bijstand, seed)
    m = {k: v["mean"] for k, v in result.metrics.items()}
    # the contact centre: FCR typically <= 50% (DESIGN §1); measured at the KCC itself, since
    # the overall figure mixes in entry desks that resolve nothing at a first contact
    assert result.by_desk["kcc"]["mean"] <= 0.50
    assert 0.40 <= m["failure_demand_share"] <= 0.60    # Vanguard: 40-60% of demand
    assert m["distinct_roles"] >= 2.5                   # several desks
    assert m["retellings"] >= 1.5                       # story told several times
    assert 0.15 <= m["gave_up_rate"] <= 0.35            # a sizeable share gives up
    assert result.overloaded == []


@pytest.mark.parametrize("seed", SEEDS)
def test_schuldhulp_chaos_settles_about_40_in_100_as_the_funnel_ends(seed):
    """NVVK: ~40 of 100 reach a settlement. The 40 must be where the funnel ends, not where the
    follow-up is cut (issue 19: at 180 days 15% were still "partly"): under 2% are still in
    progress at the end, so no longer follow-up can move the settled share by more than that.
    The model has no creditors refusing a request, so the others all drop out (gave up), above
    the field's ~40% drop-out *before* the request. A 100-day warm-up: at 3 arrivals a day the
    desks (at most ~60% busy) carry their steady load within days, and the horizon's 480 days of
    warm-up would triple the test's time."""
    scenario = load_scenario(SCENARIOS / "schuldhulp.yaml")
    result = run_replications(scenario, resolve_setting(scenario, "chaos"), 200, 10, seed=seed, warmup_days=100)
    m = {k: v["mean"] for k, v in result.metrics.items()}
    assert 0.35 <= m["resolved_rate"] <= 0.45
    assert m["partly_rate"] + m["open_rate"] < 0.02
    assert m["gave_up_rate"] >= 0.34
    assert result.overloaded == []
