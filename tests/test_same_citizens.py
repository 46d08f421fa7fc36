"""The same seed gives the same citizens under every setting and whoever plays a desk.

A citizen is who arrives when, with which case and profile (and the first desk they would
pick for their question). Those come from the citizens' own random streams, so neither the
way of working nor a player at one desk changes them; only what happens to them changes.
"""

from __future__ import annotations

import json

import numpy as np
import pytest

from agents.decision import Action
from agents.policy import RulePolicy
from sim.events.kinds import Arrived, Contact
from sim.events.log import MemoryEventLog
from sim.experiments.replications import compare, differences, run_once
from sim.scenario.presets import presets, resolve_setting
from tests.test_decision import Person, Tries

SEED, CITIZENS = 5, 150


def who_arrived(scenario, setting, policies=None):
    log = MemoryEventLog()
    run_once(scenario, setting, CITIZENS, SEED, log, policies=policies)
    arrivals = sorted(log.of(Arrived))
    first_desk = {}
    for e in sorted(log.of(Contact), key=lambda e: (e.citizen, e.time)):
        first_desk.setdefault(e.citizen, e.role)
    return [(a.citizen, a.time, a.case, a.profile) for a in arrivals], first_desk, log


def test_every_setting_sees_the_same_citizens(bijstand):
    runs = {name: who_arrived(bijstand, s) for name, s in presets(bijstand).items()}
    arrivals = {name: r[0] for name, r in runs.items()}
    assert len(set(map(json.dumps, arrivals.values()))) == 1
    numbers = [a[0] for a in arrivals["chaos"]]
    assert numbers == list(range(1, CITIZENS + 1))                      # numbered in arrival order
    assert [a[1] for a in arrivals["chaos"]] == sorted(a[1] for a in arrivals["chaos"])
    assert len({a[2] for a in arrivals["chaos"]}) >= 8                   # a real mix of cases ...
    assert len({a[3] for a in arrivals["chaos"]}) == 4                   # ... and of profiles
    # and the first desk each picks for their question (chosen on arrival) is the same too
    assert runs["chaos"][1] == runs["shared_file"][1] == runs["chain_knowledge"][1] == runs["integral"][1]


@pytest.mark.parametrize("player", ["script", "slow person", "bot"])
def test_a_player_at_one_desk_changes_nothing_about_who_arrives(bijstand, player):
    setting = resolve_setting(bijstand, "chaos")
    rules, _, rule_log = who_arrived(bijstand, setting)
    seat = {"script": lambda: Tries(*[Action("refer", "wmo")] * 400),
            "slow person": lambda: Person(45),
            "bot": lambda: BotAtKcc()}[player]()
    played, _, played_log = who_arrived(bijstand, setting, {"kcc": seat})
    assert played == rules
    events = {e for _, e in played_log.events if getattr(e, "role", "") == "kcc"}
    assert events, "the player at the contact centre decided about somebody"
    if player == "bot":    # the simulation's own policy at that seat: the very same run
        assert [e for _, e in played_log.events] == [e for _, e in rule_log.events]
    else:                  # a different way of playing the desk: a different journey
        assert [e for _, e in played_log.events] != [e for _, e in rule_log.events]


class BotAtKcc:
    """A bot standing in for the contact-centre player: the simulation's own professional."""

    def __init__(self):
        self.policy = None

    def decide(self, view):
        if self.policy is None:
            m = view._citizen.model
            self.policy = RulePolicy("kcc", m.chain, m.rules, m.streams.decisions["kcc"])
        return self.policy.decide(view)


def test_rules_a_slow_person_and_a_bot_are_counted_by_the_same_fold(bijstand):
    """The issue's yardstick: the same citizens, and every figure from the one fold."""
    setting = resolve_setting(bijstand, "chaos")
    models = {name: run_once(bijstand, setting, CITIZENS, SEED, MemoryEventLog(), policies=p)
              for name, p in {"rules": None, "slow person": {"kcc": Person(45)}, "bot": {"kcc": BotAtKcc()}}.items()}
    for name, model in models.items():
        log = model.event_log
        refolded = [(*row, *minutes) for row, minutes in
                    (model.counting.fold([e for _, e in log.events if e.citizen == n]) for n in model.ledger.ids)]
        np.testing.assert_array_equal(np.array(refolded, dtype=float), np.array(_rows(model)), name)
    rules, slow, bot = (models[k].ledger for k in ("rules", "slow person", "bot"))
    assert sorted(slow.ids) == sorted(rules.ids) == sorted(bot.ids) == list(range(1, CITIZENS + 1))
    np.testing.assert_array_equal(np.array(_rows(models["bot"])), np.array(_rows(models["rules"])))
    # the person thinks 45 minutes per citizen at the desk, so the desk is busier
    assert models["slow person"].desks["kcc"].busy_minutes > models["rules"].desks["kcc"].busy_minutes + 45 * 20


def _rows(model):
    return [tuple(float(x) for x in row) for row in model.ledger.table().rows.tolist()]


def test_compare_reports_paired_differences_of_the_same_citizens(bijstand):
    settings = {n: resolve_setting(bijstand, n) for n in ("chaos", "shared_file")}
    results = compare(bijstand, settings, citizens=100, replications=6, seed=3)
    diff = differences(results)["shared_file"]
    chaos, shared = results["chaos"].per_replication, results["shared_file"].per_replication
    by_hand = [b["retellings"] - a["retellings"] for a, b in zip(chaos, shared)]
    assert diff["retellings"]["mean"] == pytest.approx(sum(by_hand) / len(by_hand))
    _lo, hi = diff["retellings"]["ci95"]
    assert hi < 0                                   # sharing the file removes retellings, for sure
    # pairing: the interval of the differences is narrower than the two separate intervals suggest
    sep = results["chaos"].metrics["contacts"]["ci95"], results["shared_file"].metrics["contacts"]["ci95"]
    paired = diff["contacts"]["ci95"]
    assert paired[1] - paired[0] < (sep[0][1] - sep[0][0]) + (sep[1][1] - sep[1][0])
