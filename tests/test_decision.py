"""The decision point: every rule refuses with who, what and why; a decision may come later."""

from __future__ import annotations

import pytest

from agents.decision import Action, CitizenView, IllegalAction, View, check_answer
from agents.policy import RulePolicy
from sim.counting.tally import CountedModel
from sim.events.kinds import Contact
from sim.events.log import MemoryEventLog
from sim.scenario.schema import Setting
from tests.conftest import build, scenario_dict

COLD = Setting(shared_file="none", routing_knowledge=1.0, handoff="cold", intake="narrow",
               discretion=0.5, coordination="none")


class Tries:
    """A player who answers with the given actions, one per decision, then with the rules."""

    def __init__(self, *actions: Action):
        self.actions = list(actions)
        self.fallback = None

    def decide(self, view: View):
        if self.actions:
            return self.actions.pop(0)
        if self.fallback is None:
            model = view._citizen.model
            self.fallback = RulePolicy(view.role, model.chain, model.rules, model.streams.decisions[view.role])
        return self.fallback.decide(view)


def scenario(**case):
    """Roles a (entry, resolves q), b (entry), c (case manager, resolves income); one citizen
    whose case starts at ``a`` with need q, or as given."""
    data = scenario_dict(arrivals={"per_day": 1, "pattern": "batch"})     # one citizen, on their own
    data["cases"] = [{"id": "k", "title": "K", "story": "S", "share": 1.0, "presenting": "q",
                      "needs": ["q"], "entry_role": "a", **case}]
    return build(data)


def refused(setting: Setting, role: str, *actions: Action, **case) -> str:
    sc = scenario(**case)
    with pytest.raises(IllegalAction) as info:
        CountedModel(sc, setting, 1, seed=1, policies={role: Tries(*actions)}).run()
    return str(info.value)


@pytest.mark.parametrize("setting, role, actions, case, words", [
    (COLD, "a", [Action("shrug")], {}, "unknown action"),
    (COLD, "a", [Action("refer", target="c")], {"presenting": "income", "needs": ["income"]},
     None),  # a legal referral: no refusal (checked below)
    (COLD, "a", [Action("work")], {"presenting": "income", "needs": ["income"]}, "cannot resolve it; refer it"),
    (COLD, "a", [Action("work")], {"missing_documents": 1.0}, "blocked (documents): defer it or make an exception"),
    (COLD, "a", [Action("exception")], {}, "nothing blocks it: work on it"),
    (COLD.model_copy(update={"discretion": 0.0}), "a", [Action("exception")], {"missing_documents": 1.0},
     "no room to decide"),
    (COLD, "a", [Action("exception")], {"presenting": "income", "needs": ["income"]}, "cannot make an exception"),
    (COLD, "a", [Action("defer")], {"missing_documents": 1.0}, "needs a reason"),
    (COLD, "a", [Action("defer", reason="later")], {"missing_documents": 1.0},
     "the reason is 'later' but what holds it up is 'documents'"),
    (COLD, "a", [Action("refer", target="a")], {"presenting": "income", "needs": ["income"]}, "cannot refer to itself"),
    (COLD, "a", [Action("refer", target="zz")], {"presenting": "income", "needs": ["income"]}, "no role 'zz'"),
    (COLD, "a", [Action("refer", target="c", warm=True)], {"presenting": "income", "needs": ["income"]},
     "cold hand-offs only"),
    (COLD, "a", [Action("ask")], {}, "intake is narrow"),
    (COLD.model_copy(update={"intake": "broad"}), "a", [Action("ask"), Action("ask")], {}, "already asked"),
    (COLD, "a", [Action("transfer")], {}, "no case manager"),
    (COLD.model_copy(update={"coordination": "case_manager"}), "c", [Action("transfer")],
     {"entry_role": "c", "presenting": "income", "needs": ["income"]}, "this desk is the case manager"),
    (COLD, "a", [Action("assign", target="a")], {}, "only the case manager who owns the citizen assigns"),
    (COLD, "a", [Action("work", need="income")], {}, "not on the table"),
    (COLD.model_copy(update={"coordination": "case_manager"}), "c", [Action("assign", target="c"),
                                                                     Action("refer", target="a")],
     {"entry_role": "c", "presenting": "income", "needs": ["income"]}, "assigns needs instead of referring"),
    (COLD.model_copy(update={"coordination": "case_manager"}), "c", [Action("defer", reason="later")],
     {"entry_role": "c", "presenting": "income", "needs": ["income", "q"]}, "assign it first"),
    (COLD.model_copy(update={"coordination": "case_manager"}), "c",
     [Action("assign", target="a", need="q"), Action("work", need="q")],
     {"entry_role": "c", "presenting": "income", "needs": ["income", "q"]}, "already decided in this contact"),
])
def test_every_rule_refuses_with_role_need_and_reason(setting, role, actions, case, words):
    if words is None:
        sc = scenario(**case)
        row = CountedModel(sc, setting, 1, seed=1, policies={role: Tries(*actions)}).run().ledger.rows()[0]
        assert row["handoffs"] == 1 and row["outcome"] == "resolved"
        return
    message = refused(setting, role, *actions, **case)
    assert message.startswith(f"role '{role}', need '"), message
    assert words in message


def test_a_prerequisite_deferral_names_the_prerequisite_or_nothing():
    data = scenario_dict(arrivals={"per_day": 1, "pattern": "batch"})
    data["needs"][0]["requires"] = ["income"]
    data["cases"] = [{"id": "k", "title": "K", "story": "S", "share": 1.0, "presenting": "q",
                      "needs": ["q", "income"], "entry_role": "a"}]
    with pytest.raises(IllegalAction, match="what to sort out first is 'income', not 'q'"):
        CountedModel(build(data), COLD, 1, seed=1,
                    policies={"a": Tries(Action("defer", reason="prerequisite", bring="q"))}).run()


def test_a_citizen_answer_outside_the_options_is_refused():
    view = CitizenView(type("C", (), {"number": 7})(), "first_desk", ("a", "b"), "q")
    with pytest.raises(IllegalAction, match="citizen 7: first_desk: 'zz' refused; valid: a, b"):
        check_answer("zz", view)
    assert check_answer("b", view) == "b"


def test_legal_lists_what_the_round_allows():
    seen = []

    class Spy:
        def decide(self, view):
            seen.append(view.legal())
            return Action("work")

    CountedModel(scenario(), COLD, 1, seed=1, policies={"a": Spy()}).run()
    assert seen == [["work", "defer", "refer"]]


# --- a decision that comes later ---------------------------------------------------------

class Person:
    """Answers like the rules, but ``minutes`` of model time after being asked."""

    def __init__(self, minutes: float):
        self.minutes = minutes
        self.rules = Tries()

    def decide(self, view: View):
        env = view._citizen.model.env
        return env.timeout(self.minutes, value=self.rules.decide(view))


def one_desk(staff: int = 1, citizens: int = 1, pattern: str = "batch"):
    data = scenario_dict()
    data["roles"] = [{"id": "a", "name": "A", "staff": staff, "entry": True, "resolves": ["q"],
                      "service_minutes": {"dist": "fixed", "value": 10}}]
    data["needs"] = [{"id": "q", "name": "Q"}]
    data["arrivals"] = {"per_day": 10, "pattern": pattern}
    data["parameters"] = {"telling_minutes": 0}
    data["cases"] = [{"id": "k", "title": "K", "story": "S", "share": 1.0, "presenting": "q", "needs": ["q"]}]
    return build(data)


@pytest.mark.parametrize("think, busy", [(0, 10.0), (4, 10.0), (25, 25.0)])
def test_the_desk_stays_busy_until_the_answer_comes(think, busy):
    log = MemoryEventLog()
    model = CountedModel(one_desk(citizens=2), COLD, 2, seed=1, event_log=log,
                        policies={"a": Person(think) if think else Tries()}).run()
    contacts = log.of(Contact)
    assert [c.minutes for c in contacts] == [busy, busy]       # service 10, or the answer, whichever is later
    assert model.desks["a"].busy_minutes == 2 * busy
    assert [c.wait for c in contacts] == [0.0, busy]            # one staff member: the second citizen waits
    rows = model.ledger.rows()
    assert [r["outcome"] for r in rows] == ["resolved", "resolved"]
    assert [r["staff_minutes"] for r in rows] == [busy, busy]
