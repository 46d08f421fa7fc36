"""The fast engine (sim.engine.kernel) against SimPy, the reference: the same events, event for event.

Every shipped scenario under every preset, and under the channel levers no preset sets (self-service,
outreach, call-backs), runs 200 measured citizens (after a warm-up, so the desks are loaded and
citizens abandon queues) on 3 seeds through both engines. The event logs must be identical: same
kinds, same citizens, same times to the last bit, same order — which holds only if both engines
pop the same events in the same order and so draw the same random numbers.
"""

from __future__ import annotations

import pytest

from sim.counting.tally import CountedModel
from sim.events.kinds import Abandoned, Contact, Referred
from sim.events.log import MemoryEventLog
from sim.scenario.loader import load_scenario
from sim.scenario.presets import presets, resolve_setting
from tests.conftest import SCENARIOS

CITIZENS, SEEDS, WARMUP_DAYS = 200, (1, 2, 3), 20
SHIPPED = sorted(SCENARIOS.glob("*.yaml"))
CHANNEL_LEVERS = ["channel_strategy=differentiated", "proactive=0.5"]


def _cases():
    for path in SHIPPED:
        scenario = load_scenario(path)
        online = ",".join(n.id for n in scenario.needs if n.self_service is not None)
        for name in presets(scenario):
            yield pytest.param(path, name, [], id=f"{path.stem}-{name}")
        extra = CHANNEL_LEVERS + ([f"digital_first={online}"] if online else [])
        yield pytest.param(path, "chaos", extra, id=f"{path.stem}-chaos-channels")
        yield pytest.param(path, "integral" if "integral" in presets(scenario) else "chain_knowledge", extra,
                           id=f"{path.stem}-integral-channels")


def _events(scenario, setting, seed: int, engine: str) -> list:
    log = MemoryEventLog()
    model = CountedModel(scenario, setting, CITIZENS, seed, log, warmup_days=WARMUP_DAYS, engine=engine).run()
    assert model.engine == engine
    return [e for _, e in log.events]


@pytest.mark.parametrize(("path", "preset", "overrides"), list(_cases()))
def test_the_same_events_in_the_same_order(path, preset, overrides):
    scenario = load_scenario(path)
    setting = resolve_setting(scenario, preset, overrides)
    for seed in SEEDS:
        reference = _events(scenario, setting, seed, "simpy")
        fast = _events(scenario, setting, seed, "fast")
        assert len(fast) == len(reference)
        for i, (a, b) in enumerate(zip(reference, fast, strict=True)):
            assert type(a) is type(b) and tuple(a) == tuple(b), f"seed {seed}, event {i}: {a} != {b}"
        assert any(type(e) is Contact for e in reference)


def test_the_comparison_covers_queues_given_up_and_referrals():
    """The runs above must exercise what tells the engines apart: citizens who give up a queue
    (a timeout racing a free server) and referrals (a server handed on)."""
    scenario = load_scenario(SHIPPED[0])
    events = _events(scenario, resolve_setting(scenario, "chaos"), 1, "fast")
    assert any(type(e) is Abandoned for e in events)
    assert any(type(e) is Referred for e in events)


def test_the_engine_is_chosen_by_who_decides():
    """Fast where every decision follows the rules; SimPy wherever a policy is given (a person, a bot)."""
    from agents.policy import RulePolicy

    scenario = load_scenario(SHIPPED[0])
    setting = resolve_setting(scenario, "chaos")
    assert CountedModel(scenario, setting, 1, 1).engine == "fast"
    model = CountedModel(scenario, setting, 1, 1)
    role = scenario.roles[0].id
    bot = RulePolicy(role, model.chain, model.rules, model.streams.decisions[role])
    assert CountedModel(scenario, setting, 1, 1, policies={role: bot}).engine == "simpy"
