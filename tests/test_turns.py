"""The turn-based mode (issue 20, point 6): each tick waits until every seated player has acted or
passed, the facilitator's "next step", or the turn's time; every advance is a stored input, so a
replay rebuilds the round exactly."""

from __future__ import annotations

import time

import pytest

from tests.conftest import SCENARIOS
from workshop.inputs import Kind
from workshop.rehearsal import routine
from workshop.service import Refused, Service
from workshop.store import Store


def turn_session(tmp_path, turn_seconds: float = 60.0, pace: float = 2000.0, citizens: int = 6):
    """Table A siloed; the KCC, where every citizen starts, is played by a person."""
    service = Service(Store(tmp_path / "w.sqlite"))
    text = (SCENARIOS / "bijstand.yaml").read_text(encoding="utf-8")
    code, fkey = service.create(text, "bijstand.yaml", {"A": "chaos"}, citizens=citizens, seed=3, timer_minutes=600,
                                round_days=2, pace=pace, turns=True, turn_seconds=turn_seconds)
    player = service.join(code, "Fien")
    service.take_seat(code, player, "A", "kcc")
    service.start(code, fkey)
    return service, code, fkey, player


def tick_until_open(service, code, player, limit=2000) -> list[dict]:
    """Let the clock run (nobody has anything to decide: the quiet turns pass by themselves)."""
    for _ in range(limit):
        views = service.pending(code, player)
        if views or service.open(code).tables["A"].over:
            return views
        time.sleep(0.001)
        service.tick(code)
    raise AssertionError("no decision reached the desk")


def turns(service, code) -> list[dict]:
    return [r.payload for r in service.store.inputs(code) if r.kind == Kind.TURN]


def test_a_tick_waits_for_the_seated_player_then_comes_as_soon_as_they_answer(tmp_path):
    service, code, _, player = turn_session(tmp_path)
    views = tick_until_open(service, code, player)
    table = service.open(code).tables["A"]
    stood = table.tick
    for _ in range(20):                               # the turn's time (60 s) is far off: the table waits
        service.tick(code)
    assert table.tick == stood
    assert service.turn(code, "A")["waiting_for"] == ["kcc"]
    screen = service.desk_screen(code, player)
    assert screen["turn"]["waiting_for"] == ["kcc"] and screen["decisions"]
    service.act(code, player, views[0]["decision"], routine(views[0]) or _refer(views[0]))
    service.tick(code)
    assert table.tick == stood + 1
    assert turns(service, code)[-1]["why"] == {"A": "ready"}
    assert {"quiet"} <= {why for p in turns(service, code) for why in p["why"].values()}   # the idle desk passed by itself


def _refer(view):
    from agents.decision import Action
    return Action("refer", next(r for r in ("wi_intake", "income_consultant") if r != view["role"]))


def test_a_pass_lets_the_clock_go_on_and_the_decision_stays_open(tmp_path):
    service, code, _, player = turn_session(tmp_path)
    views = tick_until_open(service, code, player)
    table = service.open(code).tables["A"]
    stood = table.tick
    service.pass_turn(code, player)
    state = service.turn(code, "A")
    assert state["waiting_for"] == [] and state["passed"] == ["kcc"]
    service.tick(code)
    assert table.tick == stood + 1 and turns(service, code)[-1]["why"] == {"A": "ready"}
    assert views[0]["decision"] in {v["decision"] for v in service.pending(code, player)}   # still open
    assert service.turn(code, "A")["waiting_for"] == ["kcc"]                 # ... and the next turn waits again


def test_the_turns_time_and_the_facilitators_next_step_move_the_clock(tmp_path):
    service, code, fkey, player = turn_session(tmp_path, turn_seconds=0.3)
    tick_until_open(service, code, player)
    table = service.open(code).tables["A"]
    stood = table.tick
    service.tick(code)
    assert table.tick == stood                        # within the turn's time
    time.sleep(0.35)
    service.tick(code)
    assert table.tick == stood + 1 and turns(service, code)[-1]["why"] == {"A": "timeout"}
    assert service.next_tick(code, fkey, key="next-1") == {"A": "facilitator"}
    assert service.next_tick(code, fkey, key="next-1") == {"A": "facilitator"}     # a double click: once
    assert table.tick == stood + 2
    with pytest.raises(Refused, match="facilitator key"):
        service.next_tick(code, "wrong")


def test_a_replay_of_a_turn_based_round_is_exact(tmp_path):
    service, code, fkey, player = turn_session(tmp_path, citizens=16)
    for i in range(200):
        views = tick_until_open(service, code, player)
        if not views:
            break
        if i % 3:
            service.act(code, player, views[0]["decision"], routine(views[0]) or _refer(views[0]))
        else:
            service.pass_turn(code, player)
        service.tick(code)
        if service.open(code).tables["A"].over:
            break
    else:
        service.next_tick(code, fkey)
    live = service.open(code).tables["A"]
    kinds = [r.kind for r in service.store.inputs(code)]
    assert kinds.count(Kind.ANSWER) >= 5 and kinds.count(Kind.PASS) >= 3 and kinds.count(Kind.TURN) >= 50
    again = Service(Store(tmp_path / "w.sqlite")).open(code).tables["A"]
    assert again.tick == live.tick and again.waiting == live.waiting
    assert bytes(again.model.ledger.data) == bytes(live.model.ledger.data)
    assert [e for e in again.log.events] == [e for e in live.log.events]
    assert {c: list(x.history) for c, x in again.model.alive.items()} == {c: list(x.history) for c, x in live.model.alive.items()}


def test_turns_are_refused_outside_the_turn_based_mode(tmp_path):
    service = Service(Store(tmp_path / "w.sqlite"))
    text = (SCENARIOS / "bijstand.yaml").read_text(encoding="utf-8")
    code, fkey = service.create(text, "bijstand.yaml", {"A": "chaos"}, citizens=4, seed=3)
    player = service.join(code, "Fien")
    service.take_seat(code, player, "A", "kcc")
    service.start(code, fkey)
    with pytest.raises(Refused, match="not played in turns"):
        service.pass_turn(code, player)
    with pytest.raises(Refused, match="not played in turns"):
        service.next_tick(code, fkey)
    assert service.turn(code, "A") is None and service.desk_screen(code, player)["turn"] is None
