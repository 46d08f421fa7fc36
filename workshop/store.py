"""The session store: every input, appended once, in a real SQLite database (WAL).

An input is (session, table, kind, payload, tick) with an idempotency key chosen by whoever
sends it (the page, a bot, the rehearsal); sending the same key twice — a double click, a
rerun, a retry on a flaky connection — stores it once and answers with the first record. The
state of every session is the replay of its inputs in ``seq`` order (workshop.table), so this
table is all there is to store. Acknowledged means committed: after ``append`` returns, a
``kill -9`` of the process loses nothing.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import time
from dataclasses import dataclass
from pathlib import Path

SCHEMA = """
CREATE TABLE IF NOT EXISTS sessions (
    code TEXT PRIMARY KEY,
    key_hash TEXT NOT NULL,
    config TEXT NOT NULL,            -- JSON: scenario text, tables and their settings, timer, pace
    created REAL NOT NULL,
    ended REAL                       -- set when the facilitator ends the session: its code is refused
);
CREATE TABLE IF NOT EXISTS inputs (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    session TEXT NOT NULL REFERENCES sessions(code),
    tbl TEXT NOT NULL DEFAULT '',
    kind TEXT NOT NULL,
    payload TEXT NOT NULL,           -- JSON
    tick INTEGER,
    idem_key TEXT NOT NULL UNIQUE,
    created REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS inputs_by_session ON inputs(session, seq);
"""


def default_path() -> Path:
    """Under the user's data directory (XDG), unless KASTJE_DB says otherwise."""
    if os.environ.get("KASTJE_DB"):
        return Path(os.environ["KASTJE_DB"])
    base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "kastje" / "workshop.sqlite"


@dataclass(frozen=True)
class Record:
    seq: int
    session: str
    table: str
    kind: str
    payload: dict
    tick: int | None
    key: str


class Store:
    """One connection per thread; writes are serialised by SQLite (WAL, busy timeout)."""

    def __init__(self, path: str | os.PathLike | None = None):
        self.path = Path(path) if path else default_path()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        with self._db() as db:
            db.execute("PRAGMA journal_mode=WAL")
            db.executescript(SCHEMA)

    def _db(self) -> sqlite3.Connection:
        db = getattr(self._local, "db", None)
        if db is None:
            db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            db.execute("PRAGMA synchronous=FULL")      # an acknowledged input survives a crash
            db.execute("PRAGMA secure_delete=ON")      # what is erased is overwritten, not left in free pages
            self._local.db = db
        return db

    # --- sessions -------------------------------------------------------------------------
    def create_session(self, code: str, key_hash: str, config: dict) -> None:
        self._db().execute("INSERT INTO sessions (code, key_hash, config, created) VALUES (?, ?, ?, ?)",
                           (code, key_hash, json.dumps(config), time.time()))

    def session(self, code: str) -> tuple[str, dict, float | None] | None:
        row = self._db().execute("SELECT key_hash, config, ended FROM sessions WHERE code = ?", (code,)).fetchone()
        return None if row is None else (row[0], json.loads(row[1]), row[2])

    def sessions(self) -> list[str]:
        return [r[0] for r in self._db().execute("SELECT code FROM sessions ORDER BY created")]

    def set_config(self, code: str, config: dict) -> None:
        self._db().execute("UPDATE sessions SET config = ? WHERE code = ?", (json.dumps(config), code))

    def end_session(self, code: str) -> None:
        self._db().execute("UPDATE sessions SET ended = ? WHERE code = ? AND ended IS NULL", (time.time(), code))

    # --- inputs ---------------------------------------------------------------------------
    def append(self, session: str, table: str, kind: str, payload: dict, key: str,
               tick: int | None = None) -> tuple[Record, bool]:
        """Store an input once. Returns (the stored record, True if this call stored it)."""
        db = self._db()
        try:
            cur = db.execute("INSERT INTO inputs (session, tbl, kind, payload, tick, idem_key, created) "
                             "VALUES (?, ?, ?, ?, ?, ?, ?)",
                             (session, table, kind, json.dumps(payload, sort_keys=True), tick, key, time.time()))
            return Record(cur.lastrowid, session, table, kind, payload, tick, key), True
        except sqlite3.IntegrityError:
            return self.by_key(key), False

    def by_key(self, key: str) -> Record | None:
        row = self._db().execute("SELECT seq, session, tbl, kind, payload, tick, idem_key FROM inputs "
                                 "WHERE idem_key = ?", (key,)).fetchone()
        return None if row is None else _record(row)

    def ended_before(self, moment: float) -> list[str]:
        """The sessions that ended before ``moment`` (seconds since the epoch)."""
        rows = self._db().execute("SELECT code FROM sessions WHERE ended IS NOT NULL AND ended < ? ORDER BY created",
                                  (moment,))
        return [r[0] for r in rows]

    def named(self, session: str) -> list[tuple[int, str]]:
        """The join records that still carry a name: (seq, name)."""
        order = self.order(session)
        return [(r.seq, r.payload["name"]) for r in self.inputs(session)
                if r.kind == "join" and r.payload.get("name") != pseudonym(r.payload, order)]

    def order(self, session: str) -> dict[str, int]:
        """Each player's number in the session: the order in which they joined (1, 2, …)."""
        joins = [r.payload["player"] for r in self.inputs(session) if r.kind == "join"]
        return {player: i + 1 for i, player in enumerate(joins)}

    def erase_names(self, session: str) -> int:
        """Replace every player's name in the session's log by their pseudonym (workshop.store.pseudonym)
        and push the old pages out of the file: SQLite overwrites what it frees (secure_delete, on
        from the start) and a truncating checkpoint empties the write-ahead log, so the names are in
        neither file any more. The session still replays (only the display names change). Returns
        how many names were replaced."""
        order, db, done = self.order(session), self._db(), 0
        db.execute("BEGIN IMMEDIATE")
        try:
            for r in self.inputs(session):
                if r.kind == "join" and r.payload.get("name") != pseudonym(r.payload, order):
                    payload = {**r.payload, "name": pseudonym(r.payload, order)}
                    db.execute("UPDATE inputs SET payload = ? WHERE seq = ?", (json.dumps(payload, sort_keys=True), r.seq))
                    done += 1
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        self.checkpoint()
        return done

    def checkpoint(self, tries: int = 50) -> None:
        """Copy the write-ahead log into the database and truncate it to nothing; a reader still
        holding old pages makes SQLite answer "busy", so try again for a few seconds."""
        db = self._db()
        for _ in range(tries):
            busy, _, _ = db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
            if not busy:
                db.execute("VACUUM")          # no old page image left anywhere in the file
                db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                return
            time.sleep(0.1)
        raise sqlite3.OperationalError("the session store is busy; the names were replaced but not yet "
                                       "pushed out of its write-ahead log: run the erase again")

    def inputs(self, session: str) -> list[Record]:
        rows = self._db().execute("SELECT seq, session, tbl, kind, payload, tick, idem_key FROM inputs "
                                  "WHERE session = ? ORDER BY seq", (session,))
        return [_record(r) for r in rows]


def pseudonym(payload: dict, order: dict[str, int]) -> str:
    """What an erased name becomes: "speler N", N the player's number in the session (the same in
    the log, on the pages and after a replay)."""
    return f"speler {order.get(payload['player'], 0)}"


def _record(row) -> Record:
    return Record(row[0], row[1], row[2], row[3], json.loads(row[4]), row[5], row[6])
