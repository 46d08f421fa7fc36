"""The service layer with many players at once, and a restart (issue 8)."""

from __future__ import annotations

import random
import threading

import pytest

from agents.decision import Action
from tests.conftest import SCENARIOS
from workshop.service import Refused, Service
from workshop.store import Store

SEATS = ["kcc", "wi_intake", "income_consultant", "debt_help", "wmo", "wijkteam", "youth", "work_coach",
         "uwv", "housing_corp"]


def simple(view: dict) -> Action | None:
    if view["closing"]:
        return Action("end")
    if view["can_resolve"] and not view["block"] and "work" in view["legal"]:
        return Action("work")
    if view["block"] and "defer" in view["legal"]:
        return Action("defer", reason=view["block"], bring=view["blocking_need"])
    return None          # leave it to the timer


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
    restarted = Service(Store(store_path)).open(code)
    for name, table in restarted.tables.items():
        table.run_to_end()
        assert table.metrics() == live.tables[name].metrics()
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
    while not any(p.role == "kcc" for p in live.tables["A"].seats.pending.values()):
        service.tick(code)
    views = service.pending(code, player)
    assert views and all(v["role"] == "kcc" for v in views)
    # siloed round: the file does not follow, and the kcc's records are its own
    assert all(v["file"] is None and all(r["role"] == "kcc" for r in v["records"]) for v in views)
    with pytest.raises(Refused, match="not open at your seat"):      # Bram cannot act for the kcc
        service.act(code, other, views[0]["decision"], Action("work"))
    service.end_session(code, fkey)
    with pytest.raises(Refused, match="no open session"):
        service.join(code, "Chris")
