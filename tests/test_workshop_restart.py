"""A rehearsal killed before its round started resumes instead of hanging (issue 21, point 3):
twice in twenty kills a session created but never started could not be resumed."""

from __future__ import annotations

import threading

import pytest

from tests.conftest import SCENARIOS
from workshop.rehearsal import rehearse
from workshop.service import Service
from workshop.store import Store

BIJSTAND = (SCENARIOS / "bijstand.yaml").read_text(encoding="utf-8")
ARGS = {"tables": {"A": "chaos"}, "players": 3, "citizens": 6, "round_days": 1, "pace": 2000}


class Killed(BaseException):
    """A kill -9 at this point: nothing after it runs (not an Exception, nothing catches it)."""


def finishes(fn, seconds: float = 60.0):
    """``fn()`` in a thread; its result, or a failure if it has not returned after ``seconds``."""
    out: dict = {}
    thread = threading.Thread(target=lambda: out.update(result=fn()), daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), "the rehearsal hung"
    return out["result"]


@pytest.mark.parametrize("where", ["seat", "start"])
def test_a_rehearsal_killed_before_its_round_started_resumes_and_plays_it(tmp_path, monkeypatch, where):
    db = tmp_path / "w.sqlite"
    killed = Service(Store(db))
    real = getattr(Service, "take_seat" if where == "seat" else "start")
    calls = []

    def dies(self, *args, **kw):
        calls.append(1)
        if len(calls) == 2 or where == "start":
            raise Killed
        return real(self, *args, **kw)
    monkeypatch.setattr(Service, "take_seat" if where == "seat" else "start", dies)
    with pytest.raises(Killed):
        rehearse(killed, BIJSTAND, "bijstand.yaml", **ARGS)
    monkeypatch.undo()
    (code,) = killed.store.sessions()
    assert not killed.open(code).started
    again = Service(Store(db))                                # the restarted process
    out = finishes(lambda: rehearse(again, BIJSTAND, "bijstand.yaml", **ARGS))
    assert out["resumed"] is True and out["code"] == code
    session = again.open(code)
    assert session.started and all(t.over for t in session.tables.values()) and len(session.players) == 3
    assert len({r.key for r in again.store.inputs(code)}) == len(again.store.inputs(code))   # nothing twice


def test_a_rehearsal_killed_before_its_key_was_kept_is_ended_and_a_new_one_runs(tmp_path, monkeypatch):
    db = tmp_path / "w.sqlite"
    killed = Service(Store(db))
    monkeypatch.setattr(Store, "set_config", lambda *a, **k: (_ for _ in ()).throw(Killed()))
    with pytest.raises(Killed):
        rehearse(killed, BIJSTAND, "bijstand.yaml", **ARGS)
    monkeypatch.undo()
    (orphan,) = killed.store.sessions()
    out = finishes(lambda: rehearse(Service(Store(db)), BIJSTAND, "bijstand.yaml", **ARGS))
    assert out["resumed"] is False and out["code"] != orphan
    assert Store(db).session(orphan)[2] is not None               # the orphan was ended, not left open


def test_the_pacer_of_a_session_not_started_returns_at_once(tmp_path):
    service = Service(Store(tmp_path / "w.sqlite"))
    code, _ = service.create(BIJSTAND, "bijstand.yaml", {"A": "chaos"}, citizens=4)
    finishes(lambda: service.play(code), 5)
    assert service.open(code).tables["A"].tick == 0              # ... and moved nothing
