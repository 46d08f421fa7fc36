"""Players always know what to do next (issue 20, point 4): the one line per screen, the hint
when a hand-off came back, and a second or late answer refused with its reason."""

from __future__ import annotations

import pytest

from agents.decision import Action
from tests.conftest import SCENARIOS
from workshop import guidance
from workshop.rehearsal import routine
from workshop.service import Refused, Service
from workshop.store import Store

BIJSTAND = (SCENARIOS / "bijstand.yaml").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def sc():
    from sim.scenario.loader import parse_scenario
    return parse_scenario(BIJSTAND, "bijstand.yaml")


def running(**kw) -> dict:
    """A screen as workshop.screens gives it, while the round is played."""
    base = {"started": True, "over": False, "paused": False, "round": 1, "rules": {"case_manager": None}}
    return {**base, **kw}


def desk(**kw) -> dict:
    return running(**{"person": True, "decisions": [], "queue": 0, **kw})


def citizen(**kw) -> dict:
    return running(**{"questions": [], "state": "between", "at": None, "queue": None, "outcome": None,
                      "arrival_day": 2.5, "lived": [], **kw})


def said(line, sc, lang="nl") -> str:
    return guidance.say(line, sc, lang)


# --- the round, for every seat -------------------------------------------------------------

@pytest.mark.parametrize("make", [desk, citizen])
def test_the_rounds_state_comes_first_at_every_seat(make, sc):
    line = guidance.desk if make is desk else guidance.citizen
    assert said(line(make(started=False)), sc) == "Je wacht tot de begeleider de ronde start."
    assert said(line(make(paused=True)), sc, "en") == "The round is paused; you are waiting for the facilitator to go on."
    over = line(make(over=True, round=2, decisions=[{"citizen": 3, "need": "income"}]))
    assert over.tone == "done" and said(over, sc).startswith("Ronde 2 is voorbij")


# --- a desk --------------------------------------------------------------------------------

def test_a_desk_is_told_which_citizen_to_decide_about(sc):
    one = guidance.desk(desk(decisions=[{"citizen": 12, "need": "income"}]))
    assert one.tone == "act"
    assert said(one, sc) == "Kies wat je doet met de vraag van burger 12 (Bijstandsuitkering)."
    assert said(one, sc, "en") == "Choose what you do with the question of citizen 12 (Social assistance benefit)."
    two = guidance.desk(desk(decisions=[{"citizen": 4, "need": "income"}, {"citizen": 9, "need": "income"}]))
    assert "burger 4" in said(two, sc) and "nog 1" in said(two, sc)


def test_a_desk_without_a_decision_is_told_what_it_waits_for(sc):
    assert said(guidance.desk(desk(queue=3)), sc) == \
        "Er staan 3 burgers in de rij; je wacht tot de volgende aan je balie komt."
    assert said(guidance.desk(desk()), sc) == "Er is nu niemand voor je balie; je wacht op de volgende burger."
    assert said(guidance.desk(desk(queue=3), sent=True), sc).startswith("Je antwoord is verstuurd")
    assert said(guidance.desk(desk(person=False, decisions=[{"citizen": 1, "need": "income"}])), sc) == \
        "De computer speelt je balie nu; je wacht tot de begeleider hem teruggeeft."


# --- a citizen -----------------------------------------------------------------------------

def test_a_citizen_is_told_where_they_are_and_whom_they_wait_for(sc):
    cm = {"case_manager": "wijkteam"}
    cases = {
        "Kies hieronder wat je doet.": citizen(questions=[{"decision": 1}]),
        "Je bent nog thuis; je komt op dag 2,5 naar de gemeente.": citizen(state="not_arrived"),
        "Je wacht op Inkomensconsulent (2 voor je in de rij).": citizen(state="queue", at="income_consultant", queue=2),
        "Inkomensconsulent helpt je nu; je wacht op wat de balie besluit.": citizen(state="desk", at="income_consultant"),
        "De casusregisseur (Wijkteam (regisseur)) heeft je dossier en praat nu met je.":
            citizen(state="desk", at="wijkteam", rules=cm),
        "De casusregisseur (Wijkteam (regisseur)) heeft je dossier; je wacht op wat er voor je geregeld wordt.":
            citizen(rules=cm, lived=[{"activity": "transferred", "role": "kcc", "target": "wijkteam", "need": "income"}]),
        "Je regelt eerst wat Inkomensconsulent je vroeg en gaat dan terug.":
            citizen(lived=[{"activity": "deferred", "role": "income_consultant", "need": "income"}]),
        "Je bent op weg naar Inkomensconsulent.":
            citizen(lived=[{"activity": "referred", "role": "kcc", "target": "income_consultant", "need": "income"}]),
        "Je bent thuis of onderweg; je wacht tot je verder kunt.": citizen(),
        "Je bent klaar: geholpen.": citizen(state="left", outcome="resolved"),
    }
    for text, screen in cases.items():
        assert said(guidance.citizen(screen), sc) == text
    assert said(guidance.citizen(citizen(state="queue", at="kcc", queue=1)), sc, "en") == \
        "You are waiting for Contact centre (KCC) (1 ahead of you in the queue)."


# --- the hint when a hand-off came back ----------------------------------------------------

def test_a_question_that_came_back_is_explained_in_the_rounds_rule(sc):
    mine = {"citizen": 5, "need": "income", "role": "wi_intake", "can_resolve": True, "records": []}
    assert guidance.bounce(mine, {"case_manager": "wijkteam"}) is None           # never handed on: no hint
    other = {**mine, "records": [{"activity": "referred", "role": "wi_intake", "need": "work", "target": "uwv"}]}
    assert guidance.bounce(other, {"case_manager": None}) is None                # another need handed on
    referred = {**mine, "records": [{"activity": "referred", "role": "wi_intake", "need": "income", "target": "kcc"}]}
    assert said(guidance.bounce(referred, {"case_manager": None}), sc).endswith("jouw balie kan haar zelf oplossen; los haar hier op.")
    cannot = {**referred, "can_resolve": False}
    assert "verwijs naar een balie die haar wel kan oplossen" in said(guidance.bounce(cannot, {"case_manager": None}), sc)


def _playing(tmp_path, table: str, setting: str, name: str, role: str):
    """A started session of one table with one person at ``role``: (service, code, key, player)."""
    service = Service(Store(tmp_path / "w.sqlite"))
    code, fkey = service.create(BIJSTAND, "bijstand.yaml", {table: setting}, citizens=12, seed=3,
                                timer_minutes=600, round_days=3)
    player = service.join(code, name)
    service.take_seat(code, player, table, role)
    service.start(code, fkey)
    return service, code, fkey, player


def test_in_the_integral_round_a_transfer_of_a_simple_question_comes_back_with_the_hint(tmp_path, sc):
    """The room's case: a desk sends what it can resolve to the case manager, who gives it back."""
    service, code, _key, player = _playing(tmp_path, "B", "integral", "Ina", "wi_intake")
    hints, plain = [], []
    while not hints and service.tick(code):
        for d in service.desk_screen(code, player)["decisions"]:
            hint = guidance.bounce(d, service.desk_screen(code, player)["rules"])
            (plain if hint is None else hints).append(hint)
            if hint is not None:
                assert d["can_resolve"] and d["need"] == "income"
                break
            action = Action("transfer") if "transfer" in d["legal"] else routine({"decision": d["decision"], **d})
            service.act(code, player, d["decision"], action or Action("refer", target="kcc"))
    assert plain and hints, "no transferred question came back"
    assert hints[0].key == "gl_bounce_case_manager"
    assert said(hints[0], sc) == ("Deze vraag kwam terug: in deze ronde houdt een balie wat ze zelf kan oplossen "
                                  "en draagt alleen over aan de casusregisseur (Wijkteam (regisseur)) als er meer is.")


# --- a second answer, a late answer ----------------------------------------------------------

def test_a_second_answer_is_refused_and_an_answer_after_the_end_says_so(tmp_path):
    service, code, fkey, player = _playing(tmp_path, "A", "chaos", "Jo", "kcc")
    while not service.desk_screen(code, player)["decisions"]:
        service.tick(code)
    d = service.desk_screen(code, player)["decisions"][0]
    action = Action("refer", target="wi_intake")
    first = service.act(code, player, d["decision"], action, key="k1")
    assert service.act(code, player, d["decision"], action, key="k1") == first        # the same click again
    with pytest.raises(Refused) as again:                                               # another key, same decision
        service.act(code, player, d["decision"], Action("refer", target="income_consultant"), key="k2")
    assert again.value.key == "answered" and "al genomen" in again.value.render("nl")
    assert [r.key for r in service.store.inputs(code) if r.kind == "answer"] == ["k1"]
    while not service.desk_screen(code, player)["decisions"]:
        service.tick(code)
    late = service.desk_screen(code, player)["decisions"][0]
    service.end_round(code, fkey, "A")
    with pytest.raises(Refused) as ended:
        service.act(code, player, late["decision"], Action("refer", target="wi_intake"), key="k3")
    assert ended.value.key == "round_ended"


def test_in_turns_a_seat_that_did_its_part_is_told_whom_the_step_waits_for(sc):
    turn = {"waiting_for": ["kcc", "citizen:4"], "passed": [], "seconds_left": 41.6, "turn_seconds": 60}
    open_ = [{"citizen": 3, "need": "income"}]
    mine = desk(seat_id="kcc", turn=turn, decisions=open_)
    assert guidance.desk(mine).key == "gl_desk_choose"                      # its own turn: decide (or pass)
    done = desk(seat_id="wmo", turn=turn)
    assert said(guidance.desk(done), sc, "en") == ("You have done your part of this step; the next one waits for "
                                                   "2 more player(s), at most 42 s.")
    passed = desk(seat_id="kcc", decisions=open_, turn={**turn, "waiting_for": ["citizen:4"], "passed": ["kcc"]})
    assert guidance.desk(passed) == guidance.Line("gl_turn_wait", {"n": 1, "s": 42})   # passed: its card waits
    alone = citizen(seat_id="citizen:4", turn={**turn, "waiting_for": ["citizen:4"]}, questions=[{"decision": 1}])
    assert guidance.citizen(alone).key == "gl_citizen_answer"
    last = citizen(seat_id="citizen:4", turn={**turn, "waiting_for": []})
    assert guidance.citizen(last).key == "gl_citizen_between"               # nobody to wait for: the usual line
