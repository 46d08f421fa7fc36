"""Erasing names erases them (issue 21, point 5): replaced by "speler N" in every payload of the
log, so the session still replays, and gone from the raw bytes of the database and its
write-ahead log; the same from the terminal for a retention policy."""

from __future__ import annotations

import json
import sqlite3

from sim.cli.main import main
from tests.conftest import SCENARIOS
from workshop.service import Service
from workshop.store import Store

BIJSTAND = (SCENARIOS / "bijstand.yaml").read_text(encoding="utf-8")
NAMES = ("Zwaantje Ooievaar", "Bartholomeus Xylofoon", "Ümit Çelik")


def played(db, names=NAMES) -> tuple[Service, str, str]:
    service = Service(Store(db))
    code, fkey = service.create(BIJSTAND, "bijstand.yaml", {"A": "chaos"}, citizens=6, round_days=1, pace=5000)
    for i, name in enumerate(names):
        player = service.join(code, name)
        service.take_seat(code, player, "A", ("kcc", "wi_intake", "income_consultant")[i])
    service.start(code, fkey)
    for _ in range(30):
        service.tick(code)
    return service, code, fkey


def raw(db) -> bytes:
    """Every byte SQLite keeps for the store: the database, its write-ahead log and index."""
    return b"".join(p.read_bytes() for p in db.parent.glob(db.name + "*"))


def present(data: bytes, names=NAMES) -> list[str]:
    """The names found in ``data``, written as UTF-8, UTF-16 or JSON-escaped ("\\u00dcmit")."""
    forms = lambda n: (n.encode("utf-8"), n.encode("utf-16-le"), json.dumps(n)[1:-1].encode("ascii"))
    return [n for n in names if any(f in data for f in forms(n))]


def test_erased_names_are_in_no_payload_and_no_byte_of_the_file_and_the_session_replays(tmp_path):
    db = tmp_path / "w.sqlite"
    service, code, fkey = played(db)
    assert present(raw(db)) == list(NAMES)                            # the test can see them
    before = {n: t.tick for n, t in service.rebuild(code).tables.items()}
    assert service.erase_names(code, fkey) == 3
    assert present(raw(db)) == []
    assert [p.name for p in service.open(code).players.values()] == ["speler 1", "speler 2", "speler 3"]
    again = Service(Store(db)).rebuild(code)                         # the log still replays
    assert [p.name for p in again.players.values()] == ["speler 1", "speler 2", "speler 3"]
    assert {n: t.tick for n, t in again.tables.items()} == before
    assert sqlite3.connect(db).execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_the_log_export_has_no_names_after_an_erase(tmp_path, capsys):
    db = tmp_path / "w.sqlite"
    service, code, fkey = played(db)
    service.erase_names(code, fkey)
    assert main(["workshop", "log", "--db", str(db), "--json"]) == 0
    out = capsys.readouterr().out
    assert present(out.encode()) == [] and json.loads(out)[code]["inputs"][0]["payload"]["name"] == "speler 1"


def test_kastje_workshop_erase_by_session_or_by_age_with_a_dry_run(tmp_path, capsys):
    db = tmp_path / "w.sqlite"
    service, old, fkey = played(db)
    service.end_session(old, fkey)
    _, current, _ = played(db, ("Wilhelmina Klompenmaker",))         # still open: not touched by --older-than
    assert main(["workshop", "erase", "--db", str(db), "--older-than", "0", "--dry-run"]) == 0
    assert f"{old}: 3 name(s) would be replaced" in capsys.readouterr().out and present(raw(db)) == list(NAMES)
    assert main(["workshop", "erase", "--db", str(db), "--older-than", "30"]) == 0      # ended just now: kept
    assert "0 session(s)" in capsys.readouterr().out and present(raw(db)) == list(NAMES)
    assert main(["workshop", "erase", "--db", str(db), "--older-than", "0"]) == 0
    assert present(raw(db)) == [] and present(raw(db), ("Wilhelmina Klompenmaker",))
    assert main(["workshop", "erase", "--db", str(db), "--session", current.lower()]) == 0
    assert present(raw(db), ("Wilhelmina Klompenmaker",)) == []
    assert main(["workshop", "erase", "--db", str(db), "--session", "NOPE42"]) == 2
    assert "no session NOPE42" in capsys.readouterr().err
