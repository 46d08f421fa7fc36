"""The workshop's one service layer: sessions, tables, seats and rounds, with their rules.

Pages, bots, the rehearsal and the CLI all come through here; nothing here imports
Streamlit. Every input is appended to the store first (idempotent by its key) and then
applied; the state of a session is the replay of its inputs (:meth:`Service.open`), so a
restarted process resumes every session where its log ends.

Rules enforced here, not in a page: facilitator actions need the facilitator key; a player
acts only for the seat they took, on a decision open at that seat; a seat's view is the
engine's view for its role (agents.decision.View), nothing more; join attempts per session
are rate-limited; the code of an ended session is refused.
"""

from __future__ import annotations

import threading
import time
import uuid
from dataclasses import dataclass, field

from agents.decision import Action, IllegalAction
from sim.loader import parse_scenario
from sim.settings import resolve_setting
from workshop import codes
from workshop.store import Record, Store
from workshop.table import ANSWER, END, EXTEND, TO_BOT, TO_PERSON, Input, Round, Table

JOINS_PER_MINUTE = 60        # per session: a room of 25 joins in well under a minute


class Refused(Exception):
    """A request the rules do not allow; the message says why (shown to the person)."""


@dataclass
class Player:
    id: str
    name: str
    table: str = ""
    seat: str = ""


@dataclass
class Session:
    code: str
    key_hash: str
    config: dict
    tables: dict[str, Table] = field(default_factory=dict)
    players: dict[str, Player] = field(default_factory=dict)
    started: bool = False
    paused: bool = False
    lock: threading.RLock = field(default_factory=threading.RLock)
    joins: list[float] = field(default_factory=list)


class Service:
    def __init__(self, store: Store):
        self.store = store
        self.live: dict[str, Session] = {}
        self._lock = threading.Lock()

    # --- sessions -------------------------------------------------------------------------
    def create(self, scenario_text: str, file_name: str, tables: dict[str, str], citizens: int, seed: int = 1,
               timer_minutes: float = 30.0, tick_minutes: float = 10.0, round_days: float | None = None,
               pace: float = 2.0, extra: dict | None = None) -> tuple[str, str]:
        """``pace``: model minutes per wall-clock second (2: a working day in 4 minutes, a
        30-minute timer in 15 s)."""
        """A new session; returns (join code, facilitator key). ``tables``: table name -> setting."""
        scenario = parse_scenario(scenario_text, file_name)
        for setting in tables.values():
            resolve_setting(scenario, setting)            # an unknown setting is refused now
        code, key = codes.join_code(), codes.facilitator_key()
        config = {"scenario": scenario_text, "file": file_name, "tables": tables, "citizens": citizens,
                  "seed": seed, "timer_minutes": timer_minutes, "tick_minutes": tick_minutes,
                  "round_days": round_days, "pace": pace, **(extra or {})}
        self.store.create_session(code, codes.key_hash(key), config)
        return code, key

    def open(self, code: str) -> Session:
        """The live session, or its replay from the store (after a restart)."""
        code = codes.normalise(code)
        with self._lock:
            if code in self.live:
                return self.live[code]
            found = self.store.session(code)
            if found is None or found[2] is not None:
                raise Refused(f"no open session with code {code}")
            session = self.rebuild(code)
            self.live[code] = session
            return session

    def rebuild(self, code: str) -> Session:
        """A session as its inputs make it (ended sessions too: for the log and the debrief)."""
        found = self.store.session(code)
        if found is None:
            raise Refused(f"no session with code {code}")
        session = Session(code, found[0], found[1])
        self._build(session)
        for record in self.store.inputs(code):
            self._apply(session, record)
        return session

    def _build(self, session: Session) -> None:
        cfg = session.config
        scenario = parse_scenario(cfg["scenario"], cfg["file"])
        if cfg.get("round_days"):      # each citizen is followed to the end of the round, not beyond
            scenario = scenario.model_copy(update={"horizon_days": cfg["round_days"]})
        for name, setting in cfg["tables"].items():
            session.tables[name] = Table(Round(scenario, resolve_setting(scenario, setting), cfg["citizens"],
                                               cfg["seed"], cfg["timer_minutes"], cfg["tick_minutes"],
                                               cfg.get("round_days")))

    # --- inputs: append, then apply --------------------------------------------------------
    def _input(self, session: Session, table: str, kind: str, payload: dict, key: str | None,
               tick: int | None = None) -> Record:
        record, stored = self.store.append(session.code, table, kind, payload, key or uuid.uuid4().hex, tick)
        if stored:
            self._apply(session, record)
        return record

    def _apply(self, session: Session, r: Record) -> None:
        p = r.payload
        if r.kind == "join":
            session.players[p["player"]] = Player(p["player"], p["name"])
        elif r.kind == "seat":
            player = session.players[p["player"]]
            player.table, player.seat = r.table, p["seat"]
            if session.started:
                self._catch_up(session.tables[r.table], r.tick)
                session.tables[r.table].accept(Input(r.tick, TO_PERSON, role=p["seat"]))
        elif r.kind == "start":
            session.started = True
            for name, table in session.tables.items():
                table.seats.people |= {pl.seat for pl in session.players.values() if pl.table == name and pl.seat}
        elif r.kind in (ANSWER, TO_BOT, END, EXTEND):
            table = session.tables[r.table]
            self._catch_up(table, r.tick)
            action = Action(**p["action"]) if r.kind == ANSWER else None
            table.accept(Input(r.tick, r.kind, p.get("decision"), action, p.get("role"), p.get("days", 0.0)))
        elif r.kind in ("pause", "resume"):
            session.paused = r.kind == "pause"
        elif r.kind == "erase":
            for player in session.players.values():
                player.name = ""

    @staticmethod
    def _catch_up(table: Table, tick: int) -> None:
        """Replaying: bring the table to just before the input's tick."""
        while table.tick < tick - 1 and not table.over:
            table.advance()

    # --- players --------------------------------------------------------------------------
    def join(self, code: str, name: str, key: str | None = None) -> str:
        session = self.open(code)
        with session.lock:
            now = time.monotonic()
            session.joins = [t for t in session.joins if now - t < 60]
            if len(session.joins) >= JOINS_PER_MINUTE:
                raise Refused("too many join attempts; wait a minute")
            session.joins.append(now)
            name = " ".join(str(name).split())[:40]
            if not name:
                raise Refused("a display name is needed")
            player = uuid.uuid4().hex
            record = self._input(session, "", "join", {"player": player, "name": name}, key)
            return record.payload["player"]

    def take_seat(self, code: str, player: str, table: str, seat: str, key: str | None = None) -> None:
        session = self.open(code)
        with session.lock:
            if player not in session.players:
                raise Refused("join first")
            if table not in session.tables:
                raise Refused(f"no table '{table}'; tables: {', '.join(session.tables)}")
            if seat not in session.tables[table].model.desks:
                raise Refused(f"no seat '{seat}'; seats: {', '.join(session.tables[table].model.desks)}")
            tick = session.tables[table].tick + 1 if session.started else None
            self._input(session, table, "seat", {"player": player, "seat": seat}, key, tick)

    def pending(self, code: str, player: str) -> list[dict]:
        """The open decisions at the player's seat, each as the engine's view for that role."""
        session = self.open(code)
        with session.lock:
            me = session.players.get(player)
            if me is None or not me.seat:
                raise Refused("take a seat first")
            table = session.tables[me.table]
            return [{"decision": p.id, **p.fresh_view(table.now).as_dict()}
                    for p in table.seats.pending.values() if p.role == me.seat]

    def act(self, code: str, player: str, decision: int, action: Action, key: str | None = None) -> Record:
        """A player's answer to an open decision at their seat; acknowledged once stored. The
        same key again (a double click, a retry) gets the first acknowledgement back."""
        session = self.open(code)
        with session.lock:
            if key is not None and (done := self.store.by_key(key)) is not None:
                return done
            me = session.players.get(player)
            if me is None or not me.seat:
                raise Refused("take a seat first")
            table = session.tables[me.table]
            pending = table.seats.pending.get(decision)
            if pending is None or pending.role != me.seat:
                raise Refused(f"decision {decision} is not open at your seat")
            item = Input(table.tick + 1, ANSWER, decision, action)
            try:
                table.validate(item)
            except IllegalAction as err:
                raise Refused(str(err)) from None
            return self._input(session, me.table, ANSWER, {"decision": decision, "action": action._asdict(),
                                                           "player": player}, key, item.tick)

    # --- the facilitator ------------------------------------------------------------------
    def _facilitator(self, code: str, key: str | None) -> Session:
        session = self.open(code)
        if not codes.key_matches(key, session.key_hash):
            raise Refused("this needs the facilitator key")
        return session

    def start(self, code: str, fkey: str | None, key: str | None = None) -> None:
        session = self._facilitator(code, fkey)
        with session.lock:
            self._input(session, "", "start", {}, key)

    def to_bot(self, code: str, fkey: str | None, table: str, seat: str, key: str | None = None) -> None:
        session = self._facilitator(code, fkey)
        with session.lock:
            self._input(session, table, TO_BOT, {"role": seat}, key, session.tables[table].tick + 1)

    def end_round(self, code: str, fkey: str | None, table: str, key: str | None = None) -> None:
        session = self._facilitator(code, fkey)
        with session.lock:
            self._input(session, table, END, {}, key, session.tables[table].tick + 1)

    def pause(self, code: str, fkey: str | None, key: str | None = None) -> None:
        session = self._facilitator(code, fkey)
        with session.lock:
            self._input(session, "", "pause", {}, key)

    def resume(self, code: str, fkey: str | None, key: str | None = None) -> None:
        session = self._facilitator(code, fkey)
        with session.lock:
            self._input(session, "", "resume", {}, key)

    def extend(self, code: str, fkey: str | None, table: str, days: float, key: str | None = None) -> None:
        session = self._facilitator(code, fkey)
        with session.lock:
            self._input(session, table, EXTEND, {"days": days}, key, session.tables[table].tick + 1)

    def erase_names(self, code: str, fkey: str | None, key: str | None = None) -> None:
        session = self._facilitator(code, fkey)
        with session.lock:
            self._input(session, "", "erase", {}, key)

    def end_session(self, code: str, fkey: str | None) -> None:
        session = self._facilitator(code, fkey)
        self.store.end_session(session.code)
        with self._lock:
            self.live.pop(session.code, None)

    # --- time -----------------------------------------------------------------------------
    def tick(self, code: str) -> bool:
        """One tick on every table of a started, unpaused session; False once every round is over."""
        session = self.open(code)
        with session.lock:
            if session.started and not session.paused:
                for table in session.tables.values():
                    table.advance()
            return not all(t.over for t in session.tables.values())

    def play(self, code: str, stop: threading.Event | None = None) -> None:
        """The pacer: ticks at the session's pace (model minutes per wall-clock second), so
        model time does not race when every seat is a bot, until every round is over."""
        session = self.open(code)
        seconds = session.config["tick_minutes"] / session.config["pace"]
        next_at = time.monotonic()
        while (stop is None or not stop.is_set()) and self.tick(code):
            next_at += seconds
            time.sleep(max(0.0, next_at - time.monotonic()))
