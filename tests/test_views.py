"""Views obey the information rules: a desk sees what its role may see, and nothing else.

A player's page is built from ``View.as_dict()``, so these checks are on that dict.
"""

from __future__ import annotations

import json

from agents.policy import RulePolicy
from sim.experiments.replications import run_once
from sim.scenario.presets import resolve_setting

KEYS = {"role", "need", "citizen", "now", "can_resolve", "block", "blocking_need", "table", "decided", "asked",
        "closing", "story", "records", "file", "overview", "legal"}


class Spy:
    """Plays a role by the rules and keeps every page it was shown."""

    def __init__(self, role: str):
        self.role, self.pages, self.rules = role, [], None

    def decide(self, view):
        self.pages.append(view.as_dict())
        if self.rules is None:
            m = view._citizen.model
            self.rules = RulePolicy(self.role, m.chain, m.rules, m.streams.decisions[self.role])
        return self.rules.decide(view)


def pages(scenario, setting_name: str, citizens: int = 80) -> list[dict]:
    spies = {r.id: Spy(r.id) for r in scenario.roles}
    run_once(scenario, resolve_setting(scenario, setting_name), citizens, seed=2, policies=spies)
    return [p for spy in spies.values() for p in spy.pages]


def test_siloed_views_hold_nothing_another_role_recorded(bijstand):
    shown = pages(bijstand, "chaos")
    assert len(shown) > 300
    for page in shown:
        assert set(page) == KEYS
        json.dumps(page)                                  # plain data, ready for a page
        assert page["file"] is None                       # shared_file: none
        assert page["overview"] is None                   # nobody coordinates
        assert {r["role"] for r in page["records"]} <= {page["role"]}
    # a desk the citizen comes back to does see its own earlier records
    assert any(page["records"] for page in shown)


def test_the_file_follows_the_citizen_to_the_next_desk(bijstand):
    right = bijstand.parameters.model_copy(update={"file_error": 0.0})   # a wrong file is told again
    shown = pages(bijstand.model_copy(update={"parameters": right}), "shared_file")
    later = [p for p in shown if p["file"] and {e["role"] for e in p["file"]} - {p["role"]}]
    assert later, "some desk saw what an earlier desk recorded"
    for page in later:
        assert [e["activity"] for e in page["file"]].count("told") == 1      # the story, told once
        assert {r["role"] for r in page["records"]} <= {page["role"]}


def test_consent_decides_per_citizen_whether_the_file_follows(bijstand):
    spies = {r.id: Spy(r.id) for r in bijstand.roles}
    model = run_once(bijstand, resolve_setting(bijstand, "chaos", ["shared_file=consent"]), 80, seed=2,
                     policies=spies)
    consenting = {row["citizen"] for row in model.ledger.rows() if row["consents"]}
    assert 0 < len(consenting) < 80
    for spy in spies.values():
        for page in spy.pages:
            if page["citizen"] > 0:             # measured (warm-up citizens are numbered -1, -2, …)
                assert (page["file"] is not None) == (page["citizen"] in consenting)


def test_only_the_case_manager_who_owns_the_citizen_sees_the_overview(bijstand):
    shown = pages(bijstand, "integral")
    manager = next(r.id for r in bijstand.roles if r.case_manager)
    with_overview = [p for p in shown if p["overview"] is not None]
    assert with_overview and all(p["role"] == manager for p in with_overview)
    assert all(p["overview"] is None for p in shown if p["role"] != manager)
    some = with_overview[0]
    assert some["need"] in some["overview"] and {"holder", "resolved"} <= set(some["overview"][some["need"]])
