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
    """NVVK: ~40 of 100 reach a settlement, ~40% (34-43%) drop out. The 40 must be where the
    funnel ends, not where the follow-up is cut: a longer follow-up gives the same share."""
    scenario = load_scenario(SCENARIOS / "schuldhulp.yaml")
    m = chaos(scenario, seed).metrics
    assert 0.35 <= m["resolved_rate"]["mean"] <= 0.45
    assert 0.30 <= m["gave_up_rate"]["mean"] <= 0.45
    longer = chaos(scenario.model_copy(update={"horizon_days": 250}), seed, 6).metrics
    assert abs(longer["resolved_rate"]["mean"] - m["resolved_rate"]["mean"]) < 0.04
