"""Joining by guessing (issue 21, point 6): failed codes are limited per browser and per address,
never per session, so a guesser neither locks a room nor finds its code; players take only the
seats the facilitator opened, and hold one seat."""

from __future__ import annotations

import pytest

from tests.conftest import SCENARIOS
from workshop import access, codes
from workshop.rehearsal import seats_for
from workshop.seat import CITIZENS, Seat
from workshop.service import Refused, Service
from workshop.store import Store

BIJSTAND = (SCENARIOS / "bijstand.yaml").read_text(encoding="utf-8")


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def room(tmp_path):
    service = Service(Store(tmp_path / "w.sqlite"))
    clock = Clock()
    service.gate = access.Gate(clock=clock)
    code, fkey = service.create(BIJSTAND, "bijstand.yaml", {"A": "chaos", "B": "integral"}, citizens=6)
    return service, code, fkey, clock


def wrong(code: str) -> str:
    return next(c for c in ("222222", "333333", "444444") if c != code)


def guess(service, clock, token, address, code, n) -> dict[str, int]:
    """``n`` attempts with a wrong code, a second apart: how each was answered."""
    said = {"wrong": 0, "slowed": 0}
    for _ in range(n):
        clock.now += 1
        try:
            service.join(wrong(code), "x", token=token, address=address)
        except Refused as err:
            said["slowed" if err.key == "rate_limited" else "wrong"] += 1
    return said


def test_a_guesser_does_not_lock_the_room_and_the_right_code_gets_in(room):
    service, code, _, clock = room
    said = guess(service, clock, "guesser", "10.0.0.66", code, 200)
    assert said["wrong"] < 40 and said["slowed"] > 160            # backoff: most tries never get checked
    for i in range(25):                                            # the room, behind its own wifi address
        assert service.join(code, f"speler {i}", token=f"phone-{i}", address="192.168.1.20")
    assert len(service.open(code).players) == 25


def test_a_browser_waits_longer_after_each_failure_past_its_free_ones(room):
    service, code, _, clock = room
    for _ in range(access.FREE_FAILURES):
        with pytest.raises(Refused, match="no open session"):
            service.join(wrong(code), "x", token="t", address="a")
    with pytest.raises(Refused, match="no open session"):
        service.join(wrong(code), "x", token="t", address="a")              # the first one past: checked, counted
    with pytest.raises(Refused, match=r"try again in 2 s"):
        service.join(code, "x", token="t", address="a")                     # ... then it waits, right code or not
    clock.now += 2.01
    assert service.join(code, "Anna", token="t", address="a")              # the right code gets in once it may try
    with pytest.raises(Refused, match="no open session"):
        service.join(wrong(code), "x", token="t", address="a")
    with pytest.raises(Refused, match="too many wrong codes from this browser; try again in 4 s"):
        service.join(wrong(code), "x", token="t", address="a")             # the wait doubled
    waits = []
    for _ in range(8):
        clock.now += 1000
        with pytest.raises(Refused, match="no open session"):
            service.join(wrong(code), "x", token="t", address="a")
        waits.append(service.gate.tokens["t"].next_at - clock.now)
    assert waits == sorted(waits) and waits[-1] == access.LONGEST_WAIT


def test_fresh_browsers_on_one_address_are_slowed_to_one_attempt_per_spacing_but_never_shut_out(room):
    service, code, _, clock = room
    checked = 0
    for i in range(access.ADDRESS_FAILURES + 200):                   # a new token every try
        clock.now += 0.5
        try:
            service.join(wrong(code), "x", token=f"fresh-{i}", address="10.0.0.66")
        except Refused as err:
            checked += err.key != "rate_limited"
    assert checked == access.ADDRESS_FAILURES + 200 * 0.5 // access.ADDRESS_SPACING
    clock.now += access.ADDRESS_SPACING
    assert service.join(code, "Bert", token="bert", address="10.0.0.66")       # the room's player still gets in
    per_hour = access.ADDRESS_FAILURES + 3600 / access.ADDRESS_SPACING
    assert per_hour == 660                                           # what docs/reliability.md states
    assert len(codes.ALPHABET) ** codes.LENGTH > 8.8e8


def test_a_closed_seat_is_refused_to_a_player_and_given_by_the_facilitator(room):
    service, code, fkey, _ = room
    anna = service.join(code, "Anna")
    service.open_seats(code, fkey, "B", ["kcc", "wi_intake"])          # the case manager's desk (wijkteam) closed
    with pytest.raises(Refused, match="not open to take yourself"):
        service.take_seat(code, anna, "B", "wijkteam")
    with pytest.raises(Refused, match="not open to take yourself"):
        service.take_citizen(code, anna, "B", 3)
    assert set(service.lobby(code)["tables"]["B"]["desks"]) == {"kcc", "wi_intake"}
    assert service.lobby(code)["tables"]["B"]["citizens"] == []
    with pytest.raises(Refused, match="facilitator key"):
        service.move(code, "guess", anna, "B", "wijkteam")
    service.move(code, fkey, anna, "B", "wijkteam")
    assert service.me(code, anna).seat == Seat.desk("wijkteam")
    service.take_seat(code, anna, "B", "kcc")                          # a player holds one seat
    assert service.me(code, anna).seat == Seat.desk("kcc")
    again = Service(Store(service.store.path)).open(code)             # the opening is an input: replayed
    assert again.open_seats["B"] == {"kcc", "wi_intake"} and CITIZENS in again.open_seats.get("A", {CITIZENS})
    with pytest.raises(Refused, match="no seat"):
        service.open_seats(code, fkey, "A", ["mayor"])


def test_a_rehearsals_bots_are_assigned_their_seats_even_when_none_is_open(tmp_path):
    service = Service(Store(tmp_path / "w.sqlite"))
    code, fkey = service.create(BIJSTAND, "bijstand.yaml", {"A": "chaos"}, citizens=4, extra={"open_seats": {"A": []}})
    from workshop.rehearsal import seat_and_start
    ids = seat_and_start(service, code, fkey, 3)
    assert [str(service.me(code, p).seat) for p in ids] == [s for _, s in seats_for(service, code, 3)]
