"""Channels, routes, self-service, call-backs, outreach and results per profile (issue 10)."""

from __future__ import annotations

import math

import pytest

from sim.counting.tally import CountedModel
from sim.experiments.replications import compare, run_replications
from sim.experiments.statistics import paired_by
from sim.scenario.loader import ScenarioError
from sim.scenario.presets import resolve_setting
from tests.conftest import build, scenario_dict

ONLINE = {"id": "q", "name": "Q", "self_service": 0.2}


def online_scenario(**profile) -> dict:
    """One need that a form can settle (difficulty 0.2), one desk that resolves it."""
    data = scenario_dict(needs=[ONLINE, {"id": "income", "name": "Income", "resolved_by": ["c"]}])
    data["profiles"][0].update(profile)
    data["settings"] = {"online": {"shared_file": "none", "routing_knowledge": 0.5, "handoff": "cold",
                                   "intake": "narrow", "discretion": 0.0, "coordination": "none",
                                   "digital_first": ["q"]}}
    return data


def test_self_service_alone_resolves_the_share_its_success_probability_says():
    """Theory: skill 0.8 × (1 − difficulty 0.2) = 0.64; who fails and has no patience left gives up."""
    sc = build(online_scenario(digital_skill=0.8, persistence=0))
    r = run_replications(sc, resolve_setting(sc, "online"), 1500, 4, seed=3)
    lo, hi = r.metrics["resolved_rate"]["ci95"]
    assert lo <= 0.64 <= hi and hi - lo < 0.06
    assert r.metrics["resolved_rate"]["mean"] + r.metrics["gave_up_rate"]["mean"] == pytest.approx(1.0)
    assert r.metrics["self_service_attempts"]["mean"] == 1.0
    assert r.metrics["contacts"]["mean"] == 0.0                  # nobody met a member of staff
    assert r.metrics["self_service_success"]["mean"] == pytest.approx(r.metrics["resolved_rate"]["mean"])


def test_a_failing_form_adds_exactly_the_fallback_contact_as_failure_demand():
    """Difficulty 1: every attempt fails; with no wait after it, each citizen's journey is the
    one without self-service plus one attempt, and their desk contact becomes failure demand."""
    data = online_scenario(digital_skill=1.0)
    data["needs"][0]["self_service"] = 1.0
    data["channels"] = {"self_service_failure_days": 0}
    sc = build(data)
    online, offline = resolve_setting(sc, "online"), resolve_setting(sc, "online", ["digital_first="])
    a = CountedModel(sc, offline, 300, 5).run()
    b = CountedModel(sc, online, 300, 5).run()
    rows_a = {r["citizen"]: r for r in a.ledger.rows()}
    rows_b = {r["citizen"]: r for r in b.ledger.rows()}
    assert rows_a.keys() == rows_b.keys()
    for n, ra in rows_a.items():
        rb = rows_b[n]
        assert rb["contacts"] == ra["contacts"] and rb["outcome"] == ra["outcome"]
        assert rb["self_service"] == 1 and rb["self_service_ok"] == 0
        assert rb["failure_contacts"] == ra["failure_contacts"] + 1


def test_unanswered_call_backs_come_at_the_rate_the_scenario_gives():
    from sim.events.kinds import Callback
    from sim.events.log import MemoryEventLog
    data = scenario_dict()
    data["roles"][0]["channels"] = ["phone"]          # a: answers calls, resolves q
    data["roles"][1]["channels"] = ["phone", "desk"]  # b: an entry desk that cannot resolve q
    data["routes"] = {"default": {"channels": ["phone"]}}
    data["profiles"][0].update(self_diagnosis=0.0, persistence=None)     # everyone calls b first
    sc = build(data)
    log = MemoryEventLog()
    CountedModel(sc, resolve_setting(sc, "chaos"), 3000, 2, log).run()
    callbacks = log.of(Callback)
    lost = sum(not c.answered for c in callbacks) / len(callbacks)
    half = 1.96 * math.sqrt(0.45 * 0.55 / len(callbacks))
    assert len(callbacks) > 1000 and abs(lost - 0.45) < half + 0.005
    assert all(c.role == "b" for c in callbacks)


def test_at_home_a_need_nobody_mentions_comes_out_more_often():
    data = scenario_dict(needs=[{"id": "q", "name": "Q"}, {"id": "h", "name": "H", "resolved_by": ["a"]},
                                {"id": "income", "name": "Income", "resolved_by": ["c"]}])
    data["cases"][0].update(needs=["q", "h"], hidden=["h"])
    data["profiles"][0].update(self_diagnosis=1.0)
    data["roles"][0]["channels"] = ["desk", "home_visit"]
    sc = build(data)
    broad = resolve_setting(sc, "chaos", ["intake=broad"])
    found = {}
    for where in ("desk", "home_visit"):
        sc2 = build({**data, "routes": {"default": {"channels": [where]}}})
        r = run_replications(sc2, broad, 1000, 3, seed=2)
        found[where] = r.metrics["hidden_needs_found"]["mean"]
    assert found["desk"] == pytest.approx(0.7, abs=0.04) and found["home_visit"] == pytest.approx(0.9, abs=0.03)


def test_per_profile_and_per_case_figures_add_up_to_the_whole(bijstand):
    r = run_replications(bijstand, resolve_setting(bijstand, "differentiated"), 200, 3, seed=4)
    for rep in r.per_replication:
        for group in ("profile", "case"):
            parts = rep["_by"][group].values()
            assert sum(p["_citizens"] for p in parts) == rep["_citizens"]
            for metric in ("handoffs", "retellings", "staff_minutes", "gave_up_rate", "self_service_attempts"):
                whole = sum(p["_citizens"] * p[metric] for p in parts if p["_citizens"])
                assert whole == pytest.approx(rep["_citizens"] * rep[metric])
            assert sum(p["_contacts"] for p in parts) == rep["_contacts"]


def test_self_service_for_everyone_frees_staff_time_and_loses_structure_seekers(bijstand):
    runs = compare(bijstand, {n: resolve_setting(bijstand, n) for n in ("chaos", "self_service")}, 200, 20, seed=6)
    base, online = runs["chaos"].per_replication, runs["self_service"].per_replication
    from sim.experiments.statistics import paired
    whole = paired(base, online)
    assert whole["staff_minutes"]["ci95"][1] < 0                      # it frees staff time ...
    assert whole["failure_demand_share"]["ci95"][0] > 0               # ... and makes failure demand
    seekers = paired_by(base, online, "profile")["structure_seeker"]
    assert seekers["failure_demand_share"]["ci95"][0] > 0   # structure seekers lose: stuck online, they come back
    assert seekers["harm_eur"]["mean"] > 0                  # and harm piles up (since abandonment: +127 [-21, 274])
    assert seekers["resolved_rate"]["ci95"][0] < 0.01  # and no more of them are helped
    pragmatists = runs["self_service"].by("profile")["pragmatist"]["self_service_success"]["mean"]
    assert pragmatists > 2 * runs["self_service"].by("profile")["structure_seeker"]["self_service_success"]["mean"]


def test_a_fixed_contact_person_helps_structure_seekers_at_the_cost_of_that_desks_time(bijstand):
    runs = compare(bijstand, {n: resolve_setting(bijstand, n) for n in ("self_service", "differentiated")}, 200,
                   20, seed=7)
    seekers = paired_by(runs["self_service"].per_replication, runs["differentiated"].per_replication,
                        "profile")["structure_seeker"]
    assert seekers["gave_up_rate"]["ci95"][1] < 0 and seekers["retellings"]["ci95"][1] < 0
    assert seekers["staff_minutes"]["ci95"][0] > 0                    # the contact person's time
    assert runs["differentiated"].utilisation["wijkteam"] > runs["self_service"].utilisation["wijkteam"] + 0.05


def test_thinking_ahead_prevents_crises_and_every_outreach_costs_time(bijstand):
    runs = compare(bijstand, {"chaos": resolve_setting(bijstand, "chaos"),
                              "ahead": resolve_setting(bijstand, "chaos", ["proactive=1"])}, 200, 10, seed=8)
    ahead = runs["ahead"].by("case")
    assert ahead["turning_18"]["crises_prevented"]["mean"] == pytest.approx(1.0)     # the premium debt, every time
    assert ahead["divorce"]["crises_prevented"]["mean"] == pytest.approx(1.0)        # the children's need
    assert ahead["job_loss"]["crises_prevented"]["mean"] == 0.0                      # income was no secret ...
    assert ahead["job_loss"]["proactive_contacts"]["mean"] == pytest.approx(1.0)     # ... the outreach came anyway
    assert runs["chaos"].by("case")["simple_question"]["proactive_contacts"]["mean"] == 0.0
    from sim.experiments.statistics import paired
    assert paired(runs["chaos"].per_replication, runs["ahead"].per_replication)["crises_prevented"]["ci95"][0] > 0


def test_the_default_route_keeps_the_calibrated_presets_as_they_were(bijstand):
    """Every contact at a desk, nothing online, no outreach: the channels change nothing."""
    data = bijstand.model_dump(mode="json", exclude_none=True)
    for key in ("routes", "channels"):
        data.pop(key, None)
    for role in data["roles"]:
        role.pop("channels", None)
    plain = build(data)
    for name in ("chaos", "integral"):
        a = CountedModel(bijstand, resolve_setting(bijstand, name), 150, 3).run()
        b = CountedModel(plain, resolve_setting(plain, name), 150, 3).run()
        assert bytes(a.ledger.data) == bytes(b.ledger.data)


@pytest.mark.parametrize("change, message", [
    (lambda d: d.update(routes={"tourist": {"channels": ["desk"]}}), "a route is named 'default' or after a profile"),
    (lambda d: d.update(routes={"default": {"channels": ["desk"], "contact_person": "mayor"}}), "unknown id 'mayor'"),
    (lambda d: d.update(routes={"default": {"channels": ["phone"], "contact_person": "c"}}), "serves none of"),
    (lambda d: d["cases"][0].update(predictable=["income"]), "predictable need 'income'"),
    (lambda d: d.update(settings={"x": {"shared_file": "none", "routing_knowledge": 0.5, "handoff": "cold",
                                         "intake": "narrow", "discretion": 0.0, "coordination": "none",
                                         "digital_first": ["q"]}}), "no self_service difficulty"),
    (lambda d: d["roles"][0].update(channels=["pigeon"]), "channels"),
])
def test_a_route_or_channel_mistake_is_explained(change, message):
    data = scenario_dict()
    change(data)
    with pytest.raises(ScenarioError) as err:
        build(data)
    assert message in str(err.value)


def test_digital_first_on_the_command_line_is_checked(bijstand):
    from sim.scenario.presets import SettingError
    assert resolve_setting(bijstand, "chaos", ["digital_first=income,status"]).digital_first == ["income", "status"]
    with pytest.raises(SettingError, match="cannot be done online"):
        resolve_setting(bijstand, "chaos", ["digital_first=debt"])


def _a_busy_phone_line(persistence):
    """Five citizens call a one-person line at once (10-minute calls): most run out of patience."""
    from sim.events.log import MemoryEventLog
    data = scenario_dict()
    data["roles"][0].update(channels=["phone"], staff=1, service_minutes={"dist": "fixed", "value": 10})
    data["routes"] = {"default": {"channels": ["phone"]}}
    data["profiles"][0].update(self_diagnosis=1.0, persistence=persistence)
    data["cases"][0]["entry_role"] = "a"
    data["arrivals"] = {"per_day": 5, "pattern": "batch"}
    data["channels"] = {"line_patience_minutes": 4, "redial_minutes": 60}
    sc = build(data)
    log = MemoryEventLog()
    model = CountedModel(sc, resolve_setting(sc, "chaos"), 5, 4, log).run()
    return model, log


def test_a_caller_who_hangs_up_on_hold_calls_again_later_as_failure_demand():
    """Issue 19: on the line patience is minutes; who hangs up calls again after redial_minutes —
    a new contact, failure demand, and a fruitless step that uses up persistence."""
    from sim.events.kinds import Abandoned, Contact, GaveUp
    model, log = _a_busy_phone_line(persistence=None)
    hung_up = log.of(Abandoned)
    assert hung_up and all(a.line and a.channel == "phone" and a.role == "a" for a in hung_up)
    for a in hung_up:
        later = [c for c in log.of(Contact) if c.citizen == a.citizen and c.time > a.time]
        assert later and later[0].failure == "abandoned" and later[0].time - later[0].minutes >= a.time + 60 - 1e-9
    rows = model.ledger.rows()
    assert all(r["outcome"] == "resolved" for r in rows)               # unlimited persistence: all got through
    assert sum(r["abandoned"] for r in rows) == len(hung_up)
    # the call that got through after hanging up (once or more) is failure demand
    assert sum(r["failure_contacts"] for r in rows) == len({a.citizen for a in hung_up}) < len(hung_up)
    assert not log.of(GaveUp)
    # with no persistence, hanging up once is one fruitless step too many
    model, log = _a_busy_phone_line(persistence=0)
    assert {g.citizen for g in log.of(GaveUp)} == {a.citizen for a in log.of(Abandoned)}
