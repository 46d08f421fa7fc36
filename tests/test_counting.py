"""The counting rules of DESIGN §2, checked on journeys whose every decision is scripted.

A scripted policy stands in for the roles (the same interface a workshop player uses),
so each count below follows from the definitions alone, with no randomness.
"""

from __future__ import annotations

import math

import pytest

from agents.decision import Action, View
from sim.counting.metrics import METRICS
from sim.counting.tally import CountedModel
from sim.events.log import MemoryEventLog
from sim.scenario.schema import Setting
from tests.conftest import build, scenario_dict

CHAOS = Setting(shared_file="none", routing_knowledge=0.4, handoff="cold", intake="narrow",
                discretion=0.0, coordination="none")


class Script:
    """Refers along a fixed route, then follows the rules once the right role has the need.
    A route is keyed by role, or by "role:need" for one need only."""

    def __init__(self, route: dict[str, list[str]]):
        self.route = {k: list(v) for k, v in route.items()}

    def decide(self, view: View) -> Action:
        key = f"{view.role}:{view.need}" if f"{view.role}:{view.need}" in self.route else view.role
        if view.can_resolve and not self.route.get(key):
            if view.block:
                return Action("defer", reason=view.block, bring=view.blocking_need or "documents")
            return Action("work")
        return Action("refer", self.route[key].pop(0), warm=view.rules.warm)


def alone(data: dict) -> dict:
    """One citizen, on their own: a batch of one (no warm-up, nobody else at the desks)."""
    return {**data, "arrivals": {"per_day": 1, "pattern": "batch"}}


def one_citizen(data: dict, setting: Setting, route: dict[str, list[str]]):
    sc = build(alone(data))
    script = Script(route)
    log = MemoryEventLog()
    model = CountedModel(sc, setting, citizens=1, seed=3, event_log=log,
                        policies={r.id: script for r in sc.roles}).run()
    (row,) = model.ledger.rows()
    return row, log


def income_case(**case):
    data = scenario_dict()
    data["cases"] = [{"id": "k", "title": "K", "story": "S", "share": 1.0, "presenting": "income",
                      "needs": ["income"], "entry_role": "a", **case}]
    return data


def test_wrong_referrals_ping_pong_tellings_and_failure_demand():
    # a (cannot) -> b (wrong) -> a (wrong, back: ping-pong) -> c (right, resolves)
    row, log = one_citizen(income_case(), CHAOS, {"a": ["b", "c"], "b": ["a"]})
    assert row["handoffs"] == 3
    assert row["wrong_referrals"] == 2
    assert row["ping_pong"] == 1
    assert row["contacts"] == 4
    assert row["tellings"] == 3          # a, b, c; back at a the role has its own record
    assert row["retellings"] == 2
    assert row["distinct_roles"] == 3
    assert row["failure_contacts"] == 2  # the contacts at b and back at a
    assert row["outcome"] == "resolved"
    acts = [e.activity for _, e in log.events]
    assert acts.count("told") == 3 and acts.count("referred") == 3


def test_shared_file_means_one_telling_on_the_same_route():
    full = CHAOS.model_copy(update={"shared_file": "full"})
    row, _ = one_citizen(income_case(), full, {"a": ["b", "c"], "b": ["a"]})
    assert row["tellings"] == 1 and row["retellings"] == 0
    assert row["handoffs"] == 3          # sharing the file does not change the route


def test_deferral_is_failure_demand_and_lead_time_counts_the_wait():
    data = income_case(missing_documents=1.0)
    data["parameters"] = {"return_delay_days": 4}
    row, log = one_citizen(data, CHAOS, {"a": ["c"]})
    assert row["contacts"] == 3          # a, c (documents missing: deferred), c again
    assert row["failure_contacts"] == 1
    assert row["handoffs"] == 1 and row["wrong_referrals"] == 0
    assert "deferred" in [e.activity for _, e in log.events]
    # 2 days cold referral delay + 4 days collecting documents, plus minutes of service
    assert 6.0 < row["lead_time_days"] < 6.2


def test_persistence_ends_the_journey_with_gave_up():
    data = income_case()
    data["profiles"][0]["persistence"] = 1
    row, _log = one_citizen(data, CHAOS, {"a": ["b"], "b": ["a"]})
    assert row["outcome"] == "gave_up"
    assert row["handoffs"] == 2          # the second fruitless step was one too many
    assert math.isnan(row["lead_time_days"])


def test_harm_and_legal_term_for_a_need_left_open():
    data = income_case(blocked_days={"income": 500})
    data["needs"][1]["harm_per_week_eur"] = 10
    data["horizon_days"] = 100
    row, _ = one_citizen(data, CHAOS, {"a": ["c"]})
    assert row["outcome"] == "open"
    assert (row["terms"], row["terms_undecided"]) == (1, 1)     # raised, never decided: still open
    assert abs(row["harm_eur"] - 100 / 5 * 10) < 1e-6  # 20 working weeks x EUR 10


def test_case_manager_runs_needs_in_parallel_and_keeps_responsibility():
    data = scenario_dict()
    service = {"dist": "fixed", "value": 30}
    data["roles"] = [
        {"id": "desk", "name": "D", "staff": 5, "entry": True, "service_minutes": service},
        {"id": "cm", "name": "CM", "staff": 5, "case_manager": True, "service_minutes": service},
        {"id": "x", "name": "X", "staff": 5, "resolves": ["nx"], "service_minutes": service},
        {"id": "y", "name": "Y", "staff": 5, "resolves": ["ny"], "service_minutes": service},
    ]
    data["needs"] = [{"id": "nx", "name": "NX", "contacts": 2}, {"id": "ny", "name": "NY", "contacts": 2}]
    data["cases"] = [{"id": "k", "title": "K", "story": "S", "share": 1.0, "presenting": "nx",
                      "needs": ["nx", "ny"], "entry_role": "desk"}]
    sc = build(data)
    base = {"shared_file": "none", "routing_knowledge": 1.0, "handoff": "warm", "intake": "narrow", "discretion": 0.0}
    sc = build(alone(data))
    on_own = CountedModel(sc, Setting(**base, coordination="none"), 1, seed=1).run().ledger.rows()[0]
    managed = CountedModel(sc, Setting(**base, coordination="case_manager"), 1, seed=1).run().ledger.rows()[0]
    # alone: nx twice (5 days apart), then ny twice: about 10 days; managed: both at once, about 5
    assert on_own["lead_time_days"] > 10 and managed["lead_time_days"] < 6
    assert managed["tellings"] == 2          # at the desk, then to the case manager; not at x or y
    # the desk held nx only: one hand-off desk -> cm (ny it never held goes without one); then
    # the manager puts x on nx and y on ny: two more
    assert managed["handoffs"] == 3
    assert managed["wrong_referrals"] == 0


def test_case_manager_works_on_its_own_need_in_the_first_contact():
    data = scenario_dict()
    data["cases"] = [{"id": "k", "title": "K", "story": "S", "share": 1.0, "presenting": "income",
                      "needs": ["income"], "entry_role": "c"}]
    data["needs"][1]["contacts"] = 1
    data["roles"][2]["entry"] = True         # first-contact resolution is counted at entry desks
    setting = Setting(shared_file="none", routing_knowledge=1.0, handoff="warm", intake="narrow",
                      discretion=0.0, coordination="case_manager")
    row = CountedModel(build(alone(data)), setting, 1, seed=1).run().ledger.rows()[0]
    assert row["contacts"] == 1 and row["first_contact_resolved"] == 1 and row["handoffs"] == 0


def test_a_prerequisite_the_case_does_not_have_counts_as_met():
    data = income_case()
    data["needs"][1]["requires"] = ["q"]          # q is not one of this case's needs
    row, log = one_citizen(data, CHAOS, {"a": ["c"]})
    assert row["outcome"] == "resolved" and "deferred" not in [e.activity for _, e in log.events]


def test_a_telling_costs_staff_minutes():
    data = income_case()
    data["parameters"] = {"telling_minutes": 7, "file_reading_minutes": 2, "file_keeping_minutes": 0,
                          "file_error": 0}
    row, _ = one_citizen(data, CHAOS, {"a": ["c"]})
    full, _ = one_citizen(data, CHAOS.model_copy(update={"shared_file": "full"}), {"a": ["c"]})
    assert row["tellings"] == 2 and full["tellings"] == 1
    assert abs(row["staff_minutes"] - full["staff_minutes"] - (7 - 2)) < 1e-9   # c = fixed 10 min; c reads the file


class Picks:
    """A citizen who goes to a named desk for each need (a citizen policy, as a player would)."""

    def __init__(self, desks: dict[str, str]):
        self.desks = desks
        self.rules = None

    def decide(self, view):
        if view.question == "first_desk":
            return self.desks[view.need]
        model = view.citizen.model
        return model.citizen_policy.decide(view)


def scripted(data: dict, setting: Setting, route: dict[str, list[str]], desks: dict[str, str]):
    sc = build(alone(data))
    script = Script(route)
    log = MemoryEventLog()
    model = CountedModel(sc, setting, citizens=1, seed=3, event_log=log, policies={r.id: script for r in sc.roles},
                        citizen_policies={1: Picks(desks)}).run()
    (row,) = model.ledger.rows()
    return row, log


def two_needs(**case):
    data = scenario_dict()
    data["cases"] = [{"id": "k", "title": "K", "story": "S", "share": 1.0, "presenting": "q",
                      "needs": ["q", "income"], "entry_role": "a", **case}]
    return data


def test_ping_pong_is_back_to_a_role_that_had_the_same_need():
    # q is resolved at a. For income the citizen tries b, which sends them to a: a wrong
    # referral, but a never had income, so no ping-pong. a then refers income to c.
    row, _ = scripted(two_needs(), CHAOS, {"a:income": ["c"], "b": ["a"]}, {"income": "b"})
    assert row["handoffs"] == 2 and row["wrong_referrals"] == 1
    assert row["ping_pong"] == 0
    assert row["outcome"] == "resolved"


def test_distinct_roles_are_roles_met_not_stories_told():
    full = CHAOS.model_copy(update={"shared_file": "full"})
    row, _ = one_citizen(income_case(), full, {"a": ["b", "c"], "b": ["a"]})
    assert row["tellings"] == 1 and row["distinct_roles"] == 3


def test_a_crisis_is_failure_demand():
    data = two_needs(hidden=["income"])
    data["parameters"] = {"crisis_after_days": 10}
    row, log = scripted(data, CHAOS, {"b": ["c"]}, {"income": "b"})
    assert [e.activity for _, e in log.events if e.activity == "crisis"] == ["crisis"]
    # q at a (value); the crisis at b (failure demand); c after a right referral (value)
    assert row["contacts"] == 3 and row["failure_contacts"] == 1
    assert row["outcome"] == "resolved" and 12 <= row["lead_time_days"] < 12.1   # day 10, + 2 days cold


def test_a_citizen_who_gave_up_leaves_the_legal_term_undecided_not_met():
    """Issue 19: the term used to stop at a give-up, so citizens who dropped out made the breach
    count look better. Now a give-up is a need never decided: not in time."""
    # income at c: documents missing, deferred; the citizen gives up at once and stays away
    data = income_case(missing_documents=1.0, entry_role="c")
    data["profiles"][0]["persistence"] = 0
    data["horizon_days"] = 100                     # well past the 40-day term
    row, log = one_citizen(data, CHAOS, {})
    assert row["outcome"] == "gave_up" and "deferred" in [e.activity for _, e in log.events]
    assert (row["terms"], row["terms_on_time"], row["terms_late"], row["terms_undecided"]) == (1, 0, 0, 1)
    # the same citizen who goes on and is never helped (a divorce blocks it): undecided too
    data = income_case(blocked_days={"income": 500}, entry_role="c")
    data["horizon_days"] = 100
    row, _ = one_citizen(data, CHAOS, {})
    assert row["outcome"] == "open" and (row["terms"], row["terms_undecided"]) == (1, 1)


def test_a_citizen_gives_up_at_the_desk_that_sent_them_away():
    data = income_case()
    data["profiles"][0]["persistence"] = 0
    _, log = one_citizen(data, CHAOS, {"a": ["b"]})              # a sends them on, cold: one step too many
    (gave_up,) = [e for _, e in log.events if e.activity == "gave_up"]
    assert gave_up.role == "a" and gave_up.fruitless == 1
    assert "b" not in {getattr(e, "role", "") for _, e in log.events}


def test_the_legal_term_runs_from_the_first_contact_not_from_the_right_desk():
    """Issue 7: breaches used to start only at a desk that could resolve the need, so bad
    routing hid them. Three cold referrals of 15 days each: resolved on day 45 at c, 45 days
    after the application reached the municipality at a — past the 40-day term."""
    data = income_case()
    data["parameters"] = {"referral_delay_days": 15}
    row, _ = one_citizen(data, CHAOS, {"a": ["b", "c"], "b": ["a"]})
    assert row["outcome"] == "resolved" and 45 < row["lead_time_days"] < 45.2
    assert (row["terms"], row["terms_late"], row["terms_on_time"]) == (1, 1, 0)
    # the same route with short delays stays within the term
    data["parameters"] = {"referral_delay_days": 2}
    row, _ = one_citizen(data, CHAOS, {"a": ["b", "c"], "b": ["a"]})
    assert (row["terms_late"], row["terms_on_time"]) == (0, 1)


def test_the_legal_term_pauses_while_documents_are_missing():
    """50 days collecting documents do not count against the 40-day term; 50 days of a block
    that is the municipality's own matter do."""
    data = income_case(missing_documents=1.0, entry_role="c")
    data["parameters"] = {"return_delay_days": 50}
    row, log = one_citizen(data, CHAOS, {})
    assert row["outcome"] == "resolved" and row["lead_time_days"] > 50
    assert [e.reason for _, e in log.events if e.activity == "deferred"] == ["documents"]
    assert (row["terms_on_time"], row["terms_late"]) == (1, 0)
    blocked = income_case(blocked_days={"income": 50}, entry_role="c")
    row, _ = one_citizen(blocked, CHAOS, {})
    assert row["outcome"] == "resolved" and row["lead_time_days"] > 45
    assert (row["terms_on_time"], row["terms_late"]) == (0, 1)


def _ledger(rows: list[tuple[str, float, int, int]], horizon: float = 100.0):
    """A hand-made ledger: per citizen (outcome, lead time, first desk index, resolved at first contact)."""
    from sim.counting.fold import OUTCOMES, Row, whole_fields
    from sim.counting.ledger import CitizenLedger
    ledger = CitizenLedger(["k"], ["p"], ("kcc", "inkomen", "schuld"), ("kcc", "inkomen"), horizon)
    for i, (outcome, lead, desk, fcr) in enumerate(rows, start=1):
        values = {f: 0 if f in whole_fields() else 0.0 for f in Row._fields}
        values.update(citizen=i, case=0, profile=0, outcome=OUTCOMES.index(outcome), lead_time_days=lead,
                      first_desk=desk, first_contact_resolved=fcr, contacts=1)
        ledger.add(Row(**values), (0.0, 0.0, 0.0))        # minutes per role
    return ledger


def test_lead_time_counts_the_unfinished_as_censored_at_the_horizon():
    """Resolved in 2 and 4 days; one still open and one who gave up, both censored at the
    100-day horizon: restricted mean (2+4+100+100)/4 = 51.5, median (4+100)/2 = 52, and the
    resolved-only mean 3 kept as a secondary figure."""
    from sim.counting.metrics import summarize
    nan = math.nan
    out = summarize(_ledger([("resolved", 2, 0, 0), ("resolved", 4, 0, 0), ("open", nan, 0, 0),
                             ("gave_up", nan, 0, 0)]))
    assert out["lead_time_days"] == 51.5 and out["lead_time_median_days"] == 52.0
    assert out["lead_time_resolved_days"] == 3.0


def test_first_contact_resolution_is_measured_at_the_entry_desks_per_desk():
    """kcc: 2 of 3 first contacts resolved; inkomen (entry): 0 of 1; schuld is no entry desk,
    so a citizen who went there first does not count. Overall 2 of 4."""
    from sim.counting.metrics import summarize
    from sim.experiments.statistics import first_contact_by_desk
    ledger = _ledger([("resolved", 1, 0, 1), ("resolved", 1, 0, 1), ("resolved", 9, 0, 0),
                      ("resolved", 9, 1, 0), ("resolved", 1, 2, 1)])
    out = summarize(ledger)
    assert out["first_contact_resolution"] == 0.5
    by_desk = first_contact_by_desk([out, out])
    assert set(by_desk) == {"kcc", "inkomen"}
    assert by_desk["kcc"]["mean"] == pytest.approx(2 / 3) and by_desk["inkomen"]["mean"] == 0.0
    assert by_desk["kcc"]["first_contacts"] == 3


def test_intervals_on_rates_stay_within_zero_and_one():
    """Issue 7: a symmetric t-interval put gave-up at [-0.00027, 0.00077]. Wilson does not."""
    from sim.experiments.statistics import aggregate, share_interval
    _, (lo, hi) = share_interval([0.0, 0.0, 0.0, 0.01], [200] * 4)
    assert lo >= 0.0 and 0.0 < hi < 0.05
    _, (lo, hi) = share_interval([1.0, 1.0, 0.99], [200] * 3)
    assert 0.9 < lo and hi <= 1.0
    reps = [{**dict.fromkeys(METRICS, 0.0), "gave_up_rate": g, "_citizens": 200.0} for g in (0.0, 0.005)]
    agg = aggregate(reps)
    for name in METRICS:
        lo, hi = agg[name]["ci95"]
        assert lo is None or lo >= 0.0, name
    assert agg["gave_up_rate"]["ci95"][1] <= 1.0


def test_a_hidden_need_counts_for_the_legal_term_once_it_comes_to_light():
    """A need with a term the citizen never mentioned, and nobody found, was never raised: it is
    not among the needs the legal-term shares are taken of. Once a crisis brings it out, it is."""
    data = two_needs(hidden=["income"])
    data["parameters"] = {"crisis_after_days": 500}           # after the follow-up: never comes out
    row, _ = scripted(data, CHAOS, {}, {})
    assert row["terms"] == 0
    data["parameters"] = {"crisis_after_days": 10}
    row, _ = scripted(data, CHAOS, {"b": ["c"]}, {"income": "b"})
    assert (row["terms"], row["terms_on_time"]) == (1, 1)


def test_an_outreach_does_not_start_the_legal_term():
    """Issue 19: the municipality reaching out on arrival used to start the term then, though the
    citizen takes the need up only once their first question is settled (day 45 here). The term
    starts at the first decision about the need; under the old rule this was 45 > 40 days: late."""
    data = two_needs(blocked_days={"q": 45}, predictable=["income"])
    setting = CHAOS.model_copy(update={"proactive": 1.0})
    row, log = one_citizen(data, setting, {})
    kinds = [e.activity for _, e in log.events]
    assert "outreach" in kinds and row["outcome"] == "resolved" and row["lead_time_days"] > 45
    assert (row["terms"], row["terms_on_time"], row["terms_late"]) == (1, 1, 0)
