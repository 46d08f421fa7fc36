"""What each seat may see (workshop.screens), the deck known in advance, and a restart that
does not turn the clock back (issue 9)."""

from __future__ import annotations

import json

import pytest

from tests.conftest import SCENARIOS, same
from workshop.inputs import Kind
from workshop.service import Refused, Service
from workshop.store import Store

BIJSTAND = (SCENARIOS / "bijstand.yaml").read_text(encoding="utf-8")


@pytest.fixture
def service(tmp_path):
    return Service(Store(tmp_path / "w.sqlite"))


def create(service, **kw):
    args = {"tables": {"A": "chaos", "B": "integral"}, "citizens": 20, "seed": 4, "timer_minutes": 120, "round_days": 4}
    args.update(kw)
    return service.create(BIJSTAND, "bijstand.yaml", **args)


def run_out(service, code):
    while service.tick(code):
        pass


def test_the_deck_is_known_before_the_round_and_is_who_comes(service):
    code, fkey = create(service)
    before = {name: [dict(c) for c in t.deck] for name, t in service.open(code).tables.items()}
    assert [c["citizen"] for c in before["A"]] == list(range(1, 21))
    assert before["A"] == before["B"]                       # the same citizens at every table
    player = service.join(code, "Ada")
    service.take_seat(code, player, "A", "kcc")            # a person at a desk changes nobody's arrival
    service.start(code, fkey)
    run_out(service, code)
    for table in service.open(code).tables.values():
        rows = sorted(table.model.ledger.rows(), key=lambda r: r["citizen"])
        assert [(r["citizen"], r["case"], r["profile"]) for r in rows] == \
            [(c["citizen"], c["case"], c["profile"]) for c in before["A"]]
        arrived = {e.citizen: e.time for e in table.log.events if e.activity == "arrived"}
        assert all(arrived[c["citizen"]] == pytest.approx(c["arrival_day"] * 480) for c in before["A"])


def test_a_desk_sees_its_view_without_the_countings_verdicts(service):
    code, fkey = create(service)
    siloed, integral = service.join(code, "Bas"), service.join(code, "Cor")
    service.take_seat(code, siloed, "A", "wi_intake")
    service.take_seat(code, integral, "B", "wi_intake")
    service.start(code, fkey)
    seen = {"A": [], "B": []}
    session = service.open(code)
    for _ in range(3000):
        if all(len(v) >= 3 for v in seen.values()) or all(t.over for t in session.tables.values()):
            break
        service.tick(code)
        for name, player in (("A", siloed), ("B", integral)):
            for d in service.desk_screen(code, player)["decisions"]:
                seen[name].append(d)
                service.act(code, player, d["decision"], _simple(d), key=f"{player}:{d['decision']}")
    assert seen["A"] and seen["B"]
    for d in seen["A"] + seen["B"]:
        for record in d["records"] + (d["file"] or []):
            assert "wrong" not in record and "ping_pong" not in record
        assert all(r["role"] == "wi_intake" for r in d["records"])
    assert all(d["file"] is None for d in seen["A"])             # chaos: the file stays behind
    assert all(d["file"] is not None for d in seen["B"])         # integral: it follows the citizen
    assert any(any(r.get("role") not in (None, "wi_intake") for r in d["file"]) for d in seen["B"])   # others' notes
    with pytest.raises(Refused, match="take a seat first"):
        service.citizen_screen(code, siloed)                     # a desk player has no citizen card


def _simple(d: dict):
    from agents.decision import Action
    if d["closing"]:
        return Action("end")
    if "assign" in d["legal"]:
        return Action("assign", target=d["role"] if d["can_resolve"] else "wijkteam", warm=True)
    if d["can_resolve"] and not d["block"] and "work" in d["legal"]:
        return Action("work")
    if "defer" in d["legal"]:
        return Action("defer", reason=d["block"] or "later", bring=d["blocking_need"] if d["block"] == "prerequisite"
                      else None)
    return Action("refer", target="kcc")


def test_the_timer_counts_down_in_wall_seconds(service):
    code, fkey = create(service, pace=4.0, timer_minutes=60)
    player = service.join(code, "Dre")
    service.take_seat(code, player, "A", "kcc")
    service.start(code, fkey)
    until = service.open(code).tables["A"]
    while not service.desk_screen(code, player)["decisions"]:
        service.tick(code)
    first = service.desk_screen(code, player)["decisions"][0]
    assert first["seconds_left"] <= 60 / 4.0
    service.tick(code)
    later = next(d for d in service.desk_screen(code, player)["decisions"] if d["decision"] == first["decision"])
    assert later["seconds_left"] == pytest.approx(first["seconds_left"] - until.round.tick_minutes / 4.0)


def test_a_citizen_card_follows_the_citizen_and_counts_as_the_fold_does(service):
    code, fkey = create(service)
    player = service.join(code, "Eef")
    service.take_citizen(code, player, "A", 3)
    first = service.citizen_screen(code, player)
    assert first["state"] == "not_arrived" and first["tellings"] == 0 and first["lived"] == []
    service.start(code, fkey)
    states = set()
    session = service.open(code)
    while not session.tables["A"].over:
        service.tick(code)
        screen = service.citizen_screen(code, player)
        states.add(screen["state"])
        for q in screen["questions"]:
            answer = q["options"][0] if q["question"] == "first_desk" else True
            service.act(code, player, q["decision"], answer, key=f"{player}:{q['decision']}")
    last = service.citizen_screen(code, player)
    row = next(r for r in session.tables["A"].model.ledger.rows() if r["citizen"] == 3)
    assert {"not_arrived", "left"} <= states | {last["state"]} and states & {"desk", "queue", "between"}
    assert last["state"] == "left" and last["outcome"] == row["outcome"]
    assert last["tellings"] == row["tellings"]
    assert all("wrong" not in r for r in last["lived"])


def test_the_board_holds_counts_only_and_the_overview_needs_the_key(service):
    code, fkey = create(service)
    player = service.join(code, "Fee")
    service.take_seat(code, player, "A", "kcc")
    service.start(code, fkey)
    on_the_way = lambda: [j for j in service.overview(code, fkey)["tables"]["B"]["journeys"]
                          if not j["state"].startswith("left") and j["handoffs"]]
    while not on_the_way():                 # a moment when a citizen still on their way has been handed off
        service.tick(code)
    board = service.board(code)
    text = json.dumps(board)
    assert "journeys" not in text and "story" not in text and "Fee" not in text
    assert set(board["tables"]["A"]) >= {"handoffs", "retellings", "wrong_referrals", "gave_up", "edges"}
    with pytest.raises(Refused, match="facilitator key"):
        service.overview(code, "guess")
    service.seen(code, player)
    view = service.overview(code, fkey)
    assert view["players"][0]["connected"] and view["players"][0]["seat"] == "kcc"
    assert view["tables"]["A"]["seats"]["kcc"] == {"person": True, "players": ["Fee"],
                                                   "open": view["tables"]["A"]["seats"]["kcc"]["open"]}
    wall = view["tables"]["B"]["journeys"]
    assert [j["citizen"] for j in wall] == sorted(j["citizen"] for j in wall)
    # the counters, the lines and the network say the same (a walkthrough saw 0 hand-offs beside red arrows)
    assert sum(j["handoffs"] for j in wall) == board["tables"]["B"]["handoffs"] > 0
    assert sum(j["wrong_referrals"] for j in wall) == board["tables"]["B"]["wrong_referrals"]
    assert sum(n for *_, n in board["tables"]["B"]["edges"]) == board["tables"]["B"]["handoffs"]


def test_the_lobby_offers_only_citizens_who_have_not_arrived(service):
    code, fkey = create(service)
    assert len(service.lobby(code)["tables"]["A"]["citizens"]) == 20
    service.start(code, fkey)
    session = service.open(code)
    while session.tables["A"].model.measured < 5:
        service.tick(code)
    arrived = session.tables["A"].model.measured
    offered = [c["citizen"] for c in service.lobby(code)["tables"]["A"]["citizens"]]
    assert offered == list(range(arrived + 1, 21))


def test_a_restart_resumes_where_the_clock_was_not_where_the_last_answer_was(service, monkeypatch, tmp_path):
    import workshop.service as ws
    monkeypatch.setattr(ws, "CLOCK_SECONDS", 0.0)                 # a clock record every tick
    code, fkey = create(service)
    service.start(code, fkey)
    for _ in range(123):
        service.tick(code)
    live = service.open(code)
    assert live.tables["A"].tick == 123
    assert [r for r in service.store.inputs(code) if r.kind == Kind.CLOCK]
    again = Service(Store(service.store.path)).open(code)
    assert again.tables["A"].tick == 123 and again.tables["B"].tick == 123
    assert same(again.tables["A"].metrics(), live.tables["A"].metrics())


def test_facilitator_controls_need_a_round_being_played(service):
    code, fkey = create(service)
    with pytest.raises(Refused, match="has not started"):
        service.to_bot(code, fkey, "A", "kcc")
    service.start(code, fkey)
    with pytest.raises(Refused, match="no seat"):
        service.to_person(code, fkey, "A", "mayor")
    service.end_all(code, fkey)
    service.tick(code)
    assert all(t.over for t in service.open(code).tables.values())
    with pytest.raises(Refused, match="round has ended"):
        service.extend(code, fkey, "A", 1)


def test_a_restarted_app_resumes_the_round_and_its_pacer(tmp_path):
    """What the app does when it starts (ui.room.live): replay every open session and give
    the rounds being played their pacer back; model time goes on from where it was."""
    import time

    from workshop.pacer import Pacers
    first = Service(Store(tmp_path / "w.sqlite"))
    code, fkey = first.create(BIJSTAND, "bijstand.yaml", {"A": "chaos"}, citizens=10, round_days=50, pace=600)
    first.start(code, fkey)
    for _ in range(30):
        first.tick(code)
    before = first.open(code).tables["A"].tick
    again = Service(Store(tmp_path / "w.sqlite"))
    pacers = Pacers(again)
    assert pacers.resume_all() == [code] and pacers.running(code)
    time.sleep(0.5)
    assert again.open(code).tables["A"].tick > before
    pacers.stop(code)


def test_an_answer_in_round_two_is_never_taken_for_a_repeat_of_round_one(service):
    """Decision numbers start at 1 every round. A walkthrough found round-2 answers acknowledged
    ("sent") but dropped, because the page's key (player:decision) had been used in round 1."""
    code, fkey = service.create(BIJSTAND, "bijstand.yaml", {}, citizens=8, seed=2, round_days=2, timer_minutes=600,
                                rounds=[{"A": "chaos"}, {"A": "integral"}])
    player = service.join(code, "Gea")
    service.take_seat(code, player, "A", "kcc")
    answered = {}
    for number in (1, 2):
        assert service.start(code, fkey) == number
        while not service.desk_screen(code, player)["decisions"]:
            service.tick(code)
        first = min(d["decision"] for d in service.desk_screen(code, player)["decisions"])
        view = next(d for d in service.desk_screen(code, player)["decisions"] if d["decision"] == first)
        action = _simple(view)
        if number == 2:
            assert first in answered                                     # the same number as in round 1
            with pytest.raises(Refused, match="used before"):
                service.act(code, player, first, action, key=answered[first])   # the round-1 key: refused
        answered[first] = f"{player}:{number}:{first}"
        record = service.act(code, player, first, action, key=answered[first])
        assert record.payload["round"] == number and record.payload["decision"] == first
        assert service.act(code, player, first, action, key=answered[first]) == record      # a double click
        service.end_all(code, fkey)
        service.tick(code)
    rounds = [r.payload["round"] for r in service.store.inputs(code) if r.kind == "answer"]
    assert rounds == [1, 2]


def test_while_paused_the_facilitators_switches_apply_at_once_and_replay_alike(service):
    """A walkthrough clicked "Let the computer play" and "+1 day" during a pause and saw nothing
    change until "Resume"; now they apply at the tick the table stands at."""
    code, fkey = create(service, round_days=3)
    player = service.join(code, "Hans")
    service.take_seat(code, player, "A", "kcc")
    service.start(code, fkey)
    session = service.open(code)
    table = session.tables["A"]
    while not service.desk_screen(code, player)["decisions"]:
        service.tick(code)
    service.pause(code, fkey)
    tick, end = table.tick, table.end_tick
    service.to_bot(code, fkey, "A", "kcc")
    assert "kcc" not in table.seats.people and not service.desk_screen(code, player)["decisions"]
    service.extend(code, fkey, "A", 1)
    assert table.end_tick == end + table.day_ticks and table.tick == tick      # time still stands
    service.end_round(code, fkey, "B")
    assert session.tables["B"].over
    rebuilt = service.rebuild(code)
    assert rebuilt.tables["A"].tick == tick and rebuilt.tables["A"].end_tick == end + table.day_ticks
    assert "kcc" not in rebuilt.tables["A"].seats.people and rebuilt.tables["B"].over
    assert [(p.id, p.answered_by) for p in rebuilt.tables["A"].seats.answered] == \
        [(p.id, p.answered_by) for p in table.seats.answered]
