"""The service layer with many players at once, and a restart (issue 8)."""

from __future__ import annotations

import random
import threading

import pytest

from agents.decision import Action
from tests.conftest import SCENARIOS, same
from workshop.rehearsal import routine
from workshop.seat import Seat
from workshop.service import Refused, Service
from workshop.store import Store

SEATS = ["kcc", "wi_intake", "income_consultant", "debt_help", "wmo", "wijkteam", "youth", "work_coach",
         "uwv", "housing_corp"]


simple = routine          # a choice of desk is left to the timer


@pytest.fixture
def session(tmp_path):
    store_path = tmp_path / "w.sqlite"
    service = Service(Store(store_path))
    text = (SCENARIOS / "bijstand.yaml").read_text(encoding="utf-8")
    code, fkey = service.create(text, "bijstand.yaml", {"A": "chaos", "B": "integral"}, citizens=30, seed=3,
                                timer_minutes=60)
    return service, code, fkey, store_path


def test_twenty_players_at_once_lose_nothing_and_a_restart_replays_the_same_round(session):
    service, code, fkey, store_path = session
    players = []
    for i in range(20):
        player = service.join(code, f"speler {i}")
        service.take_seat(code, player, "AB"[i % 2], SEATS[i // 2])
        players.append(player)
    service.start(code, fkey)
    acked, stop = [], threading.Event()

    def play(player: str, seed: int) -> None:
        rng = random.Random(seed)
        while not stop.is_set():
            for view in service.pending(code, player):
                action = simple(view)
                if action and rng.random() < 0.5:
                    key = f"{player}-{view['decision']}"
                    for _ in range(2):                       # every answer sent twice
                        try:
                            acked.append(service.act(code, player, view["decision"], action, key=key).key)
                        except Refused:
                            pass

    threads = [threading.Thread(target=play, args=(p, i)) for i, p in enumerate(players)]
    for th in threads:
        th.start()
    live = service.open(code)
    while not all(t.over for t in live.tables.values()):
        service.tick(code)
    stop.set()
    for th in threads:
        th.join()
    stored = [r.key for r in service.store.inputs(code) if r.kind == "answer"]
    assert acked and set(acked) == set(stored) and len(stored) == len(set(stored))   # none lost, none twice
    answered = {n: [(p.id, p.answered_by) for p in t.seats.answered] for n, t in live.tables.items()}
    assert all(any(by == "person" for _, by in a) for a in answered.values())
    again = Service(Store(store_path))
    assert again.open_all() == [code]                     # a restarted app resumes every open session
    restarted = again.open(code)
    for name, table in restarted.tables.items():
        table.run_to_end()
        assert same(table.metrics(), live.tables[name].metrics())
        assert [(p.id, p.answered_by) for p in table.seats.answered] == answered[name]


def test_the_rules_hold_in_the_service(session):
    service, code, fkey, _ = session
    with pytest.raises(Refused, match="facilitator key"):
        service.start(code, "guess")
    with pytest.raises(Refused, match="facilitator key"):
        service.end_session(code, None)
    player = service.join(code, "Anna")
    with pytest.raises(Refused, match="no seat"):
        service.take_seat(code, player, "A", "mayor")
    service.take_seat(code, player, "A", "kcc")
    other = service.join(code, "Bram")
    service.take_seat(code, other, "A", "wi_intake")
    service.start(code, fkey)
    live = service.open(code)
    while not any(p.seat == Seat.desk("kcc") for p in live.tables["A"].seats.pending.values()):
        service.tick(code)
    views = service.pending(code, player)
    assert views and all(v["role"] == "kcc" for v in views)
    # siloed round: the file does not follow, and the kcc's records are its own
    assert all(v["file"] is None and all(r["role"] == "kcc" for r in v["records"]) for v in views)
    with pytest.raises(Refused, match="not open at your seat"):      # Bram cannot act for the kcc
        service.act(code, other, views[0]["decision"], Action("work"))
    service.end_session(code, fkey)
    with pytest.raises(Refused, match="has been closed by the facilitator"):
        service.join(code, "Chris")


def test_a_player_plays_a_citizen_and_answers_their_questions(session):
    service, code, fkey, _ = session
    player = service.join(code, "Dana")
    service.take_citizen(code, player, "A", 5)
    service.start(code, fkey)
    live = service.open(code)
    asked = []
    while not live.tables["A"].over and len(asked) < 3:
        service.tick(code)
        for q in service.pending(code, player):
            assert q["citizen"] == 5 and q["options"]
            answer = q["options"][0] if q["question"] == "first_desk" else True
            service.act(code, player, q["decision"], answer)
            asked.append(q["question"])
    assert asked and asked[0] == "first_desk"
    with pytest.raises(Refused, match="already arrived"):
        service.take_citizen(code, service.join(code, "Eef"), "A", 1)


def test_a_full_room_is_refused_and_names_can_be_erased(session, monkeypatch):
    import workshop.service as ws
    service, code, fkey, _ = session
    monkeypatch.setattr(ws, "MAX_PLAYERS", 3)
    for name in ("a", "b", "c"):
        service.join(code, name)
    with pytest.raises(Refused, match="this session is full"):
        service.join(code, "d")
    with pytest.raises(Refused, match="facilitator key"):
        service.erase_names(code, None)
    service.erase_names(code, fkey)
    assert [p.name for p in service.open(code).players.values()] == ["speler 1", "speler 2", "speler 3"]
    assert [p.name for p in service.rebuild(code).players.values()] == ["speler 1", "speler 2", "speler 3"]


def test_the_pacer_keeps_model_time_from_racing(tmp_path):
    """Every seat a bot: without a pace the round would end in a blink. At 240 model minutes
    per second, a quarter of a working day (120 minutes, 12 ticks) takes at least half a second."""
    import time
    service = Service(Store(tmp_path / "w.sqlite"))
    text = (SCENARIOS / "bijstand.yaml").read_text(encoding="utf-8")
    code, fkey = service.create(text, "bijstand.yaml", {"A": "chaos"}, citizens=5, round_days=0.25, pace=240)
    service.start(code, fkey)
    start = time.monotonic()
    service.play(code)
    assert time.monotonic() - start >= 0.45
    assert service.open(code).tables["A"].tick == 12 and service.open(code).tables["A"].over


def test_a_moved_player_leaves_their_old_seat_to_the_bot(session):
    service, code, fkey, _ = session
    player = service.join(code, "Fleur")
    service.take_seat(code, player, "A", "kcc")
    service.start(code, fkey)
    live = service.open(code)
    assert "kcc" in live.tables["A"].seats.people
    with pytest.raises(Refused, match="facilitator key"):
        service.move(code, None, player, "B", "kcc")
    service.move(code, fkey, player, "B", "kcc")
    service.tick(code)
    assert "kcc" not in live.tables["A"].seats.people and "kcc" in live.tables["B"].seats.people
    restarted = service.rebuild(code)
    for table in restarted.tables.values():       # the replay stops before the last input's tick
        table.advance()
    assert "kcc" not in restarted.tables["A"].seats.people and "kcc" in restarted.tables["B"].seats.people


def test_a_deck_of_chosen_cases(tmp_path):
    service = Service(Store(tmp_path / "w.sqlite"))
    text = (SCENARIOS / "bijstand.yaml").read_text(encoding="utf-8")
    with pytest.raises(Refused, match="unknown: burglary"):
        service.create(text, "bijstand.yaml", {"A": "chaos"}, citizens=10, deck=["divorce", "burglary"])
    code, fkey = service.create(text, "bijstand.yaml", {"A": "chaos"}, citizens=12, deck=["divorce", "shelter"],
                                round_days=3)
    service.start(code, fkey)
    while service.tick(code):
        pass
    cases = {row["case"] for row in service.open(code).tables["A"].model.ledger.rows()}
    assert cases and cases <= {"divorce", "shelter"}


def test_live_figures_and_pause(session):
    from workshop.debrief import live
    service, code, fkey, _ = session
    service.start(code, fkey)
    for _ in range(300):
        service.tick(code)
    table = service.open(code).tables["A"]
    now = live(table)
    assert now["tick"] == 300 and set(now["waiting"]) == set(table.model.desks)
    assert now["left"] + now["in_progress"] == table.model.measured
    assert sum(now["network"].values()) >= now["handoffs"] > 0         # left citizens' hand-offs are in the network
    service.pause(code, fkey)
    service.tick(code)
    assert table.tick == 300                                           # paused: model time stands still
    service.resume(code, fkey)
    service.tick(code)
    assert table.tick == 301
    assert service.rebuild(code).paused is False


def test_two_rounds_siloed_then_integral_with_the_same_citizens_and_seats(tmp_path):
    service = Service(Store(tmp_path / "w.sqlite"))
    text = (SCENARIOS / "bijstand.yaml").read_text(encoding="utf-8")
    with pytest.raises(Refused, match="same tables"):
        service.create(text, "bijstand.yaml", {"A": "chaos"}, 10, rounds=[{"A": "chaos"}, {"B": "integral"}])
    code, fkey = service.create(text, "bijstand.yaml", {}, citizens=12, round_days=2,
                                rounds=[{"A": "chaos", "B": "chaos"}, {"A": "integral", "B": "integral"}])
    player = service.join(code, "Gijs")
    service.take_seat(code, player, "A", "kcc")
    assert service.start(code, fkey) == 1
    with pytest.raises(Refused, match="still being played"):
        service.start(code, fkey)
    while service.tick(code):
        pass
    first = service.open(code).tables["A"]
    assert service.start(code, fkey) == 2
    session = service.open(code)
    second = session.tables["A"]
    assert second is not first and session.past == [{"A": first, "B": session.past[0]["B"]}]
    assert second.round.setting.coordination == "case_manager" and "kcc" in second.seats.people
    while service.tick(code):
        pass
    with pytest.raises(Refused, match="has 2 round"):
        service.start(code, fkey)
    # the same citizens both rounds: the same cases in the same order
    cases = lambda t: [r["case"] for r in sorted(t.model.ledger.rows(), key=lambda r: r["citizen"])]
    assert cases(first) == cases(second)
    rebuilt = service.rebuild(code)
    assert rebuilt.round == 2 and len(rebuilt.past) == 1
