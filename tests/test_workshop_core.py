"""The workshop's core, without pages: the table (the model with person-played seats), the
store (SQLite, idempotent), and join codes (issue 8)."""

from __future__ import annotations

import random
import threading

import pytest

from agents.decision import Action, IllegalAction
from sim.counting.metrics import summarize
from sim.counting.tally import CountedModel
from sim.scenario.presets import resolve_setting
from tests.conftest import same
from workshop import codes, timeline
from workshop.inputs import Kind
from workshop.seat import Seat
from workshop.store import Store
from workshop.table import Input, Round, Table


def person(pending, table) -> Action:
    """A simple, legal player: works what the desk can resolve, defers a block, else refers
    to a desk that can (the first by name)."""
    view = pending.fresh_view(table.now)
    if view.closing:
        return Action("end")
    if view.can_resolve and not view.block and "work" in view.legal():
        return Action("work")
    if view.block and "defer" in view.legal():
        return Action("defer", reason=view.block, bring=view.blocking_need)
    return Action("refer", min(table.model.chain.competent[view.need]), warm=view.rules.warm)


@pytest.mark.parametrize("name", ["chaos", "integral"])
def test_a_table_of_bots_is_the_plain_simulation_of_the_same_citizens(bijstand, name):
    setting = resolve_setting(bijstand, name)
    table = Table(Round(bijstand, setting, 60, 5)).run_to_end()
    plain = CountedModel(bijstand, setting, 60, 5, warmup_days=0, follow_on=False).run()   # the deck, no one after
    assert same(table.metrics(), summarize(plain.ledger))
    assert bytes(table.model.ledger.data) == bytes(plain.ledger.data)       # every citizen, bit for bit
    assert table.model.arrived == 60                                        # the deck is everyone who comes


def play(round_: Round, people: set[str], seed: int) -> tuple[Table, list[Input]]:
    live, rng, log = Table(round_, people=set(people)), random.Random(seed), []
    while not live.over:
        live.advance()
        for pending in list(live.seats.pending.values()):
            if rng.random() < 0.3 and not any(i.decision == pending.id for i in live.queued):
                log.append(live.accept(Input(live.tick + rng.randint(1, 3), Kind.ANSWER, pending.id,
                                             person(pending, live))))
        if live.tick == 400:
            log.append(live.accept(Input(live.tick + 1, Kind.TO_BOT, role="wi_intake")))
    return live, log


def test_replaying_the_inputs_rebuilds_the_table_exactly(bijstand):
    round_ = Round(bijstand, resolve_setting(bijstand, "chaos"), 60, 5, timer_minutes=60)
    live, log = play(round_, {"kcc", "wi_intake"}, seed=1)
    replay = Table(round_, people={"kcc", "wi_intake"})
    replay.queued.extend(log)
    replay.run_to_end()
    by = lambda t: [(p.id, str(p.seat), p.answered_by, p.asked_at) for p in t.seats.answered]
    assert by(live) == by(replay) and same(live.metrics(), replay.metrics())
    kinds = {p.answered_by for p in live.seats.answered}
    assert {"person", "timer"} <= kinds                 # both people and the timer answered


def test_a_person_who_does_not_answer_is_answered_for_by_the_timer(bijstand):
    round_ = Round(bijstand, resolve_setting(bijstand, "chaos"), 20, 3, timer_minutes=45)
    table = Table(round_, people={"kcc"}).run_to_end()
    answered = [p for p in table.seats.answered if p.seat == Seat.desk("kcc")]
    assert answered and all(p.answered_by == "timer" for p in answered)
    assert all(p.answered_at == pytest.approx(p.asked_at + 45) for p in answered)
    assert table.seats.pending == {}


def test_answers_that_are_not_open_or_not_legal_are_refused(bijstand):
    table = Table(Round(bijstand, resolve_setting(bijstand, "chaos"), 20, 3), people={"kcc"})
    while not table.seats.pending:
        table.advance()
    pending = next(iter(table.seats.pending.values()))
    with pytest.raises(IllegalAction, match="has passed"):
        table.accept(Input(table.tick, Kind.ANSWER, pending.id, person(pending, table)))
    with pytest.raises(IllegalAction, match="not open"):
        table.accept(Input(table.tick + 1, Kind.ANSWER, 10_000, Action("work")))
    with pytest.raises(IllegalAction, match="refused"):
        table.accept(Input(table.tick + 1, Kind.ANSWER, pending.id, Action("refer", "kcc")))   # not to itself
    table.accept(Input(table.tick + 1, Kind.ANSWER, pending.id, person(pending, table)))
    with pytest.raises(IllegalAction, match="not open"):                                # a double click
        table.accept(Input(table.tick + 1, Kind.ANSWER, pending.id, person(pending, table)))


def test_the_store_keeps_each_input_once_also_under_twenty_concurrent_writers(tmp_path):
    store = Store(tmp_path / "w.sqlite")
    store.create_session("ABC234", codes.key_hash("k"), {})
    assert store._db().execute("PRAGMA journal_mode").fetchone()[0] == "wal"

    def player(n: int) -> None:
        for i in range(25):
            for _ in range(2):                              # every input sent twice
                store.append("ABC234", "A", "answer", {"player": n, "i": i}, key=f"p{n}-{i}")

    threads = [threading.Thread(target=player, args=(n,)) for n in range(20)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    keys = [r.key for r in Store(tmp_path / "w.sqlite").inputs("ABC234")]
    assert len(keys) == 500 and len(set(keys)) == 500
    first, stored = store.append("ABC234", "A", "answer", {"other": 1}, key="p0-0")
    assert not stored and first.payload == {"player": 0, "i": 0}


def test_join_codes_are_easy_to_type_and_keys_are_checked():
    code = codes.join_code()
    assert len(code) == 6 and not set(code) & set("0O1IL")
    assert codes.normalise(" abc 234 ") == "ABC234"
    key = codes.facilitator_key()
    assert codes.key_matches(key, codes.key_hash(key))
    assert not codes.key_matches("guess", codes.key_hash(key)) and not codes.key_matches(None, codes.key_hash(key))


def test_the_band_is_many_rounds_of_the_same_citizens_and_includes_the_bots_round(bijstand):
    """The band's round with the table's own seed is the all-bot table itself; the others meet
    the same citizens (arrivals, cases, profiles) and differ in everything else."""
    from workshop.debrief import _simulated_round, band
    round_ = Round(bijstand.model_copy(update={"horizon_days": 4}), resolve_setting(bijstand, "chaos"), 30, 7,
                   round_days=4)
    table = Table(round_).run_to_end()
    assert _simulated_round((round_, round_.seed, None))[0] == table.metrics()
    other = _simulated_round((round_, 99, None))[0]
    assert not same(other, table.metrics())
    b = band(round_, replications=20, workers=1)
    lo, hi = b["handoffs"]["range95"]
    assert lo <= b["handoffs"]["mean"] <= hi


def test_the_band_ends_where_the_table_ended(bijstand):
    """A round the facilitator extended or ended early is set beside simulated rounds of the same
    length: the band's round with the table's seed is again the all-bot table itself."""
    from workshop.debrief import _simulated_round, played_ticks
    round_ = Round(bijstand, resolve_setting(bijstand, "chaos"), 30, 7, round_days=3)
    extended, stopped = Table(round_), Table(round_)
    extended.accept(Input(5, "extend", days=1))
    stopped.accept(Input(100, "end"))
    for table, ticks in ((extended.run_to_end(), 4 * extended.day_ticks), (stopped.run_to_end(), 100)):
        assert played_ticks(table) == ticks
        figures, line = _simulated_round((round_, round_.seed, played_ticks(table)))
        assert figures == table.metrics() and line == timeline.of_table(table)
    assert not same(extended.metrics(), stopped.metrics())


def test_a_round_ends_on_its_day_can_be_extended_and_can_be_ended(bijstand):
    setting = resolve_setting(bijstand, "chaos")
    short = Table(Round(bijstand, setting, 30, 7, round_days=2)).run_to_end()
    assert short.ended and short.tick == 2 * short.day_ticks
    longer = Table(Round(bijstand, setting, 30, 7, round_days=2))
    longer.accept(Input(5, "extend", days=1))
    longer.run_to_end()
    assert longer.tick == 3 * longer.day_ticks
    stopped = Table(Round(bijstand, setting, 30, 7))
    stopped.accept(Input(30, "end"))
    stopped.run_to_end()
    assert stopped.tick == 30 and stopped.over and len(stopped.model.ledger) == stopped.model.measured


def test_a_person_playing_a_citizen_is_never_taken_out_of_a_queue_and_a_bot_uses_the_models_patience():
    """Issue 19: a person decides for themselves whether to go on; the bots abandon a queue as the
    simulated citizens do (the same draws: a table of bots is the plain simulation, above)."""
    from types import SimpleNamespace

    from workshop.seat import CitizenSeat
    bot = SimpleNamespace(patience=lambda me, mean: mean / 2)
    seats = SimpleNamespace(citizens={7}, citizen_bot=bot)
    assert CitizenSeat(seats, 7).patience(None, 240.0) is None
    assert CitizenSeat(seats, 8).patience(None, 240.0) == 120.0
