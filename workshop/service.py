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
from workshop.table import ANSWER, CITIZEN, END, EXTEND, TO_BOT, TO_PERSON, Input, Round, Table

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
    tables: dict[str, Table] = field(default_factory=dict)      # the current round's
    round: int = 0                                              # 1, 2, …; 0 before the first starts
    past: list[dict[str, Table]] = field(default_factory=list)  # earlier rounds, for the debrief
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
               pace: float = 2.0, deck: list[str] | None = None, extra: dict | None = None,
               rounds: list[dict[str, str]] | None = None) -> tuple[str, str]:
        """A new session; returns (join code, facilitator key). ``tables``: table name ->
        setting for the first round; ``rounds``: table -> setting per round, e.g. round 1 siloed
        and round 2 integral (default: one round, ``tables``); ``pace``: model minutes per wall-clock second (2: a working day in 4 minutes,
        a 30-minute timer in 15 s); ``deck``: the cases the citizens are drawn from (default:
        all of the scenario's, by their shares)."""
        scenario = parse_scenario(scenario_text, file_name)
        known = [c.id for c in scenario.cases]
        unknown = [c for c in deck or [] if c not in known]
        if unknown or deck == []:
            raise Refused(f"the deck needs cases of this scenario; unknown: {', '.join(unknown) or '(none given)'}; "
                          f"valid: {', '.join(known)}")
        rounds = rounds or [tables]
        for settings in rounds:
            if set(settings) != set(rounds[0]):
                raise Refused(f"every round needs the same tables: {', '.join(rounds[0])}")
            for setting in settings.values():
                resolve_setting(scenario, setting)        # an unknown setting is refused now
        code, key = codes.join_code(), codes.facilitator_key()
        config = {"scenario": scenario_text, "file": file_name, "rounds": rounds, "citizens": citizens,
                  "seed": seed, "timer_minutes": timer_minutes, "tick_minutes": tick_minutes,
                  "round_days": round_days, "pace": pace, "deck": deck, **(extra or {})}
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

    def open_all(self) -> list[str]:
        """Every session that has not ended, replayed: what a restarted app resumes."""
        codes_ = []
        for code in self.store.sessions():
            found = self.store.session(code)
            if found is not None and found[2] is None:
                self.open(code)
                codes_.append(code)
        return codes_

    def rebuild(self, code: str) -> Session:
        """A session as its inputs make it (ended sessions too: for the log and the debrief)."""
        found = self.store.session(code)
        if found is None:
            raise Refused(f"no session with code {code}")
        session = Session(code, found[0], found[1])
        self._build(session, 1)
        for record in self.store.inputs(code):
            self._apply(session, record)
        return session

    def _build(self, session: Session, number: int) -> None:
        """The tables of round ``number``: the same deck (the same citizens) every round."""
        cfg = session.config
        scenario = parse_scenario(cfg["scenario"], cfg["file"])
        if cfg.get("deck"):            # only these cases, in the proportions of their shares
            scenario = scenario.model_copy(update={"cases": [c for c in scenario.cases if c.id in cfg["deck"]]})
        if cfg.get("round_days"):      # each citizen is followed to the end of the round, not beyond
            scenario = scenario.model_copy(update={"horizon_days": cfg["round_days"]})
        settings = cfg["rounds"][number - 1] if "rounds" in cfg else cfg["tables"]
        session.tables = {}
        for name, setting in settings.items():
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
            old_table, old_seat = player.table, player.seat
            player.table, player.seat = r.table, p["seat"]
            left_empty = old_seat and not old_seat.startswith("citizen:") and not any(
                pl.table == old_table and pl.seat == old_seat for pl in session.players.values())
            if session.started and r.tick is not None and left_empty and (old_table, old_seat) != (r.table, p["seat"]):
                self._catch_up(session.tables[old_table], r.tick)      # nobody left at the old seat: the bot
                session.tables[old_table].accept(Input(r.tick, TO_BOT, role=old_seat))
            if session.started and r.tick is not None:
                self._catch_up(session.tables[r.table], r.tick)
                session.tables[r.table].accept(Input(r.tick, TO_PERSON, role=p["seat"]))
        elif r.kind == "citizen":
            player = session.players[p["player"]]
            player.table, player.seat = r.table, f"citizen:{p['citizen']}"
            table = session.tables[r.table]
            if r.tick is not None:
                self._catch_up(table, r.tick)
                table.accept(Input(r.tick, CITIZEN, citizen=p["citizen"]))
            else:
                table.seats.citizens.add(p["citizen"])
        elif r.kind == "start":
            number = p.get("round", 1)
            if number > 1:
                session.past.append(session.tables)
                self._build(session, number)
            session.round, session.started = number, True
            for name, table in session.tables.items():
                seats = [pl.seat for pl in session.players.values() if pl.table == name and pl.seat]
                table.seats.people |= {s for s in seats if not s.startswith("citizen:")}
                table.seats.citizens |= {int(s.split(":")[1]) for s in seats if s.startswith("citizen:")}
        elif r.kind in (ANSWER, TO_BOT, END, EXTEND):
            table = session.tables[r.table]
            self._catch_up(table, r.tick)
            action = Action(**p["action"]) if r.kind == ANSWER and p.get("action") else None
            table.accept(Input(r.tick, r.kind, p.get("decision"), action, p.get("role"), p.get("days", 0.0),
                               answer=p.get("answer")))
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

    @staticmethod
    def _joined(session: Session, player: str, table: str) -> None:
        if player not in session.players:
            raise Refused("join first")
        if table not in session.tables:
            raise Refused(f"no table '{table}'; tables: {', '.join(session.tables)}")

    def take_seat(self, code: str, player: str, table: str, seat: str, key: str | None = None) -> None:
        session = self.open(code)
        with session.lock:
            self._joined(session, player, table)
            if seat not in session.tables[table].model.desks:
                raise Refused(f"no seat '{seat}'; seats: {', '.join(session.tables[table].model.desks)}")
            tick = session.tables[table].tick + 1 if session.started else None
            self._input(session, table, "seat", {"player": player, "seat": seat}, key, tick)

    def take_citizen(self, code: str, player: str, table: str, number: int, key: str | None = None) -> None:
        """A player plays citizen ``number`` of the deck at ``table`` (their choices: which desk,
        go on or give up, consent, mention a hidden need)."""
        session = self.open(code)
        with session.lock:
            self._joined(session, player, table)
            t = session.tables[table]
            tick = t.tick + 1 if session.started else None
            try:
                t.validate(Input(t.tick + 1, CITIZEN, citizen=number))
            except IllegalAction as err:
                raise Refused(str(err)) from None
            self._input(session, table, "citizen", {"player": player, "citizen": number}, key, tick)

    def pending(self, code: str, player: str) -> list[dict]:
        """The open questions at the player's seat: for a desk, the engine's view for that
        role; for a citizen, their own question, options and case card."""
        session = self.open(code)
        with session.lock:
            me = session.players.get(player)
            if me is None or not me.seat:
                raise Refused("take a seat first")
            table = session.tables[me.table]
            answered = {q.decision for q in table.queued if q.kind == ANSWER}    # waiting for the next tick
            mine = [p for p in table.seats.pending.values() if p.role == me.seat and p.id not in answered]
            return [self._question(p) if p.citizen_question else {"decision": p.id, **p.fresh_view(table.now).as_dict()}
                    for p in mine]

    @staticmethod
    def _question(pending) -> dict:
        v, c = pending.view, pending.view.citizen
        return {"decision": pending.id, "citizen": c.number, "question": v.question, "options": list(v.options),
                "need": v.need, "fruitless": v.fruitless, "case": c.case.id, "profile": c.profile.id,
                "contacts": c.contacts}

    def act(self, code: str, player: str, decision: int, action, key: str | None = None) -> Record:
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
            citizen = pending.citizen_question
            item = Input(table.tick + 1, ANSWER, decision, None if citizen else action, answer=action if citizen else None)
            try:
                table.validate(item)
            except IllegalAction as err:
                raise Refused(str(err)) from None
            payload = {"decision": decision, "player": player,
                       **({"answer": action} if citizen else {"action": action._asdict()})}
            return self._input(session, me.table, ANSWER, payload, key, item.tick)

    # --- the facilitator ------------------------------------------------------------------
    def _facilitator(self, code: str, key: str | None) -> Session:
        session = self.open(code)
        if not codes.key_matches(key, session.key_hash):
            raise Refused("this needs the facilitator key")
        return session

    def start(self, code: str, fkey: str | None, key: str | None = None) -> int:
        """Start the next round (the first, or the next once every table's round is over);
        players keep their seats. Returns the round's number."""
        session = self._facilitator(code, fkey)
        with session.lock:
            if key is not None and (done := self.store.by_key(key)) is not None:
                return done.payload["round"]
            rounds = session.config.get("rounds", [None])
            number = session.round + 1
            if session.round and not all(t.over for t in session.tables.values()):
                raise Refused(f"round {session.round} is still being played; end it first")
            if number > len(rounds):
                raise Refused(f"this session has {len(rounds)} round(s)")
            self._input(session, "", "start", {"round": number}, key)
            return number

    def to_bot(self, code: str, fkey: str | None, table: str, seat: str, key: str | None = None) -> None:
        session = self._facilitator(code, fkey)
        with session.lock:
            self._input(session, table, TO_BOT, {"role": seat}, key, session.tables[table].tick + 1)

    def end_round(self, code: str, fkey: str | None, table: str, key: str | None = None) -> None:
        session = self._facilitator(code, fkey)
        with session.lock:
            self._input(session, table, END, {}, key, session.tables[table].tick + 1)

    def move(self, code: str, fkey: str | None, player: str, table: str, seat: str, key: str | None = None) -> None:
        """The facilitator moves a player to another table or seat."""
        self._facilitator(code, fkey)
        self.take_seat(code, player, table, seat, key)

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
