"""The workshop's one service layer: sessions, tables, seats and rounds, with their rules.

Pages, bots, the rehearsal and the CLI all come through here; nothing here imports
Streamlit. Every input is appended to the store first (idempotent by its key) and then
applied; the state of a session is the replay of its inputs (:meth:`Service.open`), so a
restarted process resumes every session where its log ends.

Rules enforced here, not in a page: facilitator actions need the facilitator key; a player
acts only for the seat they took, on a decision open at that seat; a seat's view is the
engine's view for its role (agents.decision.View), nothing more; failed join attempts are
limited per browser and per address (workshop.access), never per session; a player takes only a
seat the facilitator opened; the code of an ended session is refused.
"""

from __future__ import annotations

import threading
import time
import uuid
from dataclasses import dataclass, field

from agents.decision import Action, IllegalAction
from sim import language
from sim.scenario.loader import parse_scenario
from sim.scenario.presets import resolve_setting
from workshop import access, codes, screens, timeline
from workshop import turns as turns_
from workshop.debrief import simulate
from workshop.inputs import Kind
from workshop.seat import CITIZENS, Seat, open_seats
from workshop.store import Record, Store, pseudonym
from workshop.table import Input, Round, Table, day_hint, tick_lengths

PREDICTED_ROUNDS = 20       # simulated rounds behind the live band on the projector
MAX_PLAYERS = 200            # per session: a room, not a crowd
CLOCK_SECONDS = 1.0
TURN_POLL_SECONDS = 0.2      # turn-based: how often the pacer looks whether a table's turn is over          # a clock record at most this often: a restart resumes within a second of play


def check_tick(scenario, tick_minutes: float) -> None:
    """A workshop moves in whole-minute ticks that cut a working day evenly (a table replays tick
    by tick): refuse, with what would work, a tick or a working day that does not."""
    day = scenario.clock.hours_per_day * 60
    ticks = tick_lengths(day)
    if not ticks:
        raise Refused("no_tick", day=f"{day:g}", hours=f"{scenario.clock.hours_per_day:g}",
                      hint=" or ".join(f"{h:g}" for h in day_hint(scenario.clock.hours_per_day)))
    if tick_minutes not in ticks:
        raise Refused("tick_day", tick=f"{tick_minutes:g}", day=f"{day:g}", ticks=", ".join(map(str, ticks)))


class Refused(Exception):
    """A request the rules do not allow. ``key`` and ``params`` say why (the texts ``refusal.KEY``
    of the locale files); a page shows it in the player's language, ``str()`` in English."""

    def __init__(self, key: str, **params):
        super().__init__(key, params)
        self.key, self.params = key, params

    def __str__(self) -> str:
        return self.render(language.SOURCE)

    def render(self, lang: str) -> str:
        return language.t("refusal." + self.key, language.normal(lang), **self.params)


@dataclass
class Player:
    id: str
    name: str
    table: str = ""
    seat: Seat | None = None


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
    seen: dict[str, float] = field(default_factory=dict)        # player -> last page refresh (not logged)
    clocked: float = 0.0                                        # when the last clock record was written
    passes: dict[str, set] = field(default_factory=dict)        # turn-based: table -> {(tick, seat)}
    open_seats: dict[str, set[str]] = field(default_factory=dict)  # table -> desks (and CITIZENS) players may take
    turn_since: dict[str, float] = field(default_factory=dict)  # turn-based: table -> its turn's start (not logged)


class Service:
    def __init__(self, store: Store):
        self.store = store
        self.live: dict[str, Session] = {}
        self._ended: dict[str, Session] = {}        # ended sessions, replayed once for their debrief
        self._predicted: dict[tuple, dict] = {}      # (code, round, table, end tick) -> the live band
        self._lock = threading.Lock()
        self.gate = access.Gate()                   # failed join attempts, per browser and address

    # --- sessions -------------------------------------------------------------------------
    def create(self, scenario_text: str, file_name: str, tables: dict[str, str], citizens: int, seed: int = 1,
               timer_minutes: float = 30.0, tick_minutes: float = 10.0, round_days: float | None = None,
               pace: float = 2.0, deck: list[str] | None = None, extra: dict | None = None,
               rounds: list[dict[str, str]] | None = None, turns: bool = False,
               turn_seconds: float = turns_.TURN_SECONDS) -> tuple[str, str]:
        """A new session; returns (join code, facilitator key). ``tables``: table name ->
        setting for the first round; ``rounds``: table -> setting per round, e.g. round 1 siloed
        and round 2 integral (default: one round, ``tables``); ``pace``: model minutes per wall-clock second (2: a working day in 4 minutes,
        a 30-minute timer in 15 s); ``deck``: the cases the citizens are drawn from (default:
        all of the scenario's, by their shares); ``turns``: the turn-based mode, each tick waits for
        the seated players up to ``turn_seconds`` (workshop.turns)."""
        scenario = parse_scenario(scenario_text, file_name)
        check_tick(scenario, tick_minutes)
        known = [c.id for c in scenario.cases]
        unknown = [c for c in deck or [] if c not in known]
        if unknown or deck == []:
            raise Refused("deck_unknown", unknown=", ".join(unknown) or "-", valid=", ".join(known))
        rounds = rounds or [tables]
        for settings in rounds:
            if set(settings) != set(rounds[0]):
                raise Refused("same_tables", tables=", ".join(rounds[0]))
            for setting in settings.values():
                resolve_setting(scenario, setting)        # an unknown setting is refused now
        code, key = codes.join_code(), codes.facilitator_key()
        config = {"scenario": scenario_text, "file": file_name, "rounds": rounds, "citizens": citizens,
                  "seed": seed, "timer_minutes": timer_minutes, "tick_minutes": tick_minutes,
                  "round_days": round_days, "pace": pace, "deck": deck, "turns": bool(turns),
                  "turn_seconds": float(turn_seconds), **(extra or {})}
        self.store.create_session(code, codes.key_hash(key), config)
        return code, key

    def open(self, code: str) -> Session:
        """The live session, or its replay from the store (after a restart)."""
        code = codes.normalise(code)
        with self._lock:
            if code in self.live:
                return self.live[code]
            found = self.store.session(code)
            if found is None:
                raise Refused("no_session", code=code)
            if found[2] is not None:
                raise Refused("session_closed", code=code)
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
            raise Refused("no_session", code=code)
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
        _APPLY[r.kind](self, session, r)

    def _join(self, session: Session, r: Record) -> None:
        session.players[r.payload["player"]] = Player(r.payload["player"], r.payload["name"])

    def _seat(self, session: Session, r: Record) -> None:
        player, seat = session.players[r.payload["player"]], Seat.desk(r.payload["seat"])
        old_table, old_seat = player.table, player.seat
        player.table, player.seat = r.table, seat
        left_empty = old_seat is not None and not old_seat.is_citizen and not any(
            pl.table == old_table and pl.seat == old_seat for pl in session.players.values())
        if session.started and r.tick is not None and left_empty and (old_table, old_seat) != (r.table, seat):
            self._catch_up(session.tables[old_table], r.tick)      # nobody left at the old seat: the bot
            session.tables[old_table].accept(Input(r.tick, Kind.TO_BOT, role=old_seat.role))
        if session.started and r.tick is not None:
            self._catch_up(session.tables[r.table], r.tick)
            session.tables[r.table].accept(Input(r.tick, Kind.TO_PERSON, role=seat.role))

    def _citizen(self, session: Session, r: Record) -> None:
        player, number = session.players[r.payload["player"]], r.payload["citizen"]
        player.table, player.seat = r.table, Seat.of_citizen(number)
        table = session.tables[r.table]
        if r.tick is not None:
            self._catch_up(table, r.tick)
            table.accept(Input(r.tick, Kind.CITIZEN, citizen=number))
        else:
            table.seats.citizens.add(number)

    def _start(self, session: Session, r: Record) -> None:
        number = r.payload.get("round", 1)
        if number > 1:
            session.past.append(session.tables)
            self._build(session, number)
        session.round, session.started = number, True
        session.passes, session.turn_since = {}, {}
        for name, table in session.tables.items():
            seats = [pl.seat for pl in session.players.values() if pl.table == name and pl.seat is not None]
            table.seats.people |= {s.role for s in seats if not s.is_citizen}
            table.seats.citizens |= {s.citizen for s in seats if s.is_citizen}

    def _clock(self, session: Session, r: Record) -> None:
        if r.payload.get("round", 1) == session.round:
            for name, tick in r.payload["ticks"].items():
                self._catch_up(session.tables[name], tick + 1)

    def _at_table(self, session: Session, r: Record) -> None:
        """An input a table applies itself: a player's answer, a facilitator's switch, end or extension."""
        p, table = r.payload, session.tables[r.table]
        action = Action(**p["action"]) if r.kind == Kind.ANSWER and p.get("action") else None
        item = Input(r.tick, Kind(r.kind), p.get("decision"), action, p.get("role"), p.get("days", 0.0),
                     answer=p.get("answer"))
        if p.get("now"):                   # given while paused: applied at the tick the table stood at
            self._catch_up(table, r.tick + 1)
            table.apply_now(item)
        else:
            self._catch_up(table, r.tick)
            table.accept(item)

    def _pass(self, session: Session, r: Record) -> None:
        if r.payload.get("round", 1) == session.round:
            session.passes.setdefault(r.table, set()).add((r.tick, r.payload["seat"]))

    def _pause(self, session: Session, r: Record) -> None:
        session.paused = r.kind == Kind.PAUSE

    def _erase(self, session: Session, r: Record) -> None:
        for number, player in enumerate(session.players.values(), 1):      # in the order they joined
            player.name = pseudonym({"player": player.id}, {player.id: number})

    @staticmethod
    def _catch_up(table: Table, tick: int) -> None:
        """Replaying: bring the table to just before the input's tick."""
        while table.tick < tick - 1 and not table.over:
            table.advance()

    # --- players --------------------------------------------------------------------------
    def join(self, code: str, name: str, key: str | None = None, token: str | None = None,
             address: str | None = None) -> str:
        """A player joins with a display name. ``token`` (workshop.access.token, issued to the
        browser before its first attempt) and ``address`` are what failed attempts are counted
        against: a wrong code waits longer each time, a right code is never held up by others."""
        wait = self.gate.admit(token, address)
        if wait > 0:
            raise Refused("rate_limited", seconds=max(1, round(wait)))
        try:
            session = self.open(code)
        except Refused:
            self.gate.failed(token, address)
            raise
        with session.lock:
            if len(session.players) >= MAX_PLAYERS:
                raise Refused("room_full", n=MAX_PLAYERS)
            name = " ".join(str(name).split())[:40]
            if not name:
                raise Refused("name_needed")
            player = uuid.uuid4().hex
            record = self._input(session, "", Kind.JOIN, {"player": player, "name": name}, key)
            return record.payload["player"]

    @staticmethod
    def _joined(session: Session, player: str, table: str) -> None:
        if player not in session.players:
            raise Refused("join_first")
        if table not in session.tables:
            raise Refused("no_table", table=table, tables=", ".join(session.tables))

    def take_seat(self, code: str, player: str, table: str, seat: str, key: str | None = None,
                  assigned: bool = False) -> None:
        """A player takes a desk the facilitator opened (``assigned``: the facilitator puts them
        there, open or not — Service.move). A player holds one seat: taking another leaves the old."""
        session = self.open(code)
        with session.lock:
            self._joined(session, player, table)
            if seat not in session.tables[table].model.desks:
                raise Refused("no_seat", seat=seat, seats=", ".join(session.tables[table].model.desks))
            if not assigned and seat not in open_seats(session, table):
                raise Refused("seat_closed", seat=seat, seats=", ".join(sorted(open_seats(session, table) - {CITIZENS}))
                              or "-")
            tick = session.tables[table].tick + 1 if session.started else None
            self._input(session, table, Kind.SEAT, {"player": player, "seat": seat}, key, tick)

    def take_citizen(self, code: str, player: str, table: str, number: int, key: str | None = None) -> None:
        """A player plays citizen ``number`` of the deck at ``table`` (their choices: which desk,
        go on or give up, consent, mention a hidden need)."""
        session = self.open(code)
        with session.lock:
            self._joined(session, player, table)
            t = session.tables[table]
            tick = t.tick + 1 if session.started else None
            if t.over:
                raise Refused("round_ended")
            if CITIZENS not in open_seats(session, table):
                raise Refused("seat_closed", seat=CITIZENS, seats=", ".join(sorted(open_seats(session, table))) or "-")
            if not 1 <= number <= t.round.citizens:
                raise Refused("deck_range", n=t.round.citizens)
            if number <= t.model.measured:
                raise Refused("arrived", n=number)
            try:
                t.validate(Input(t.tick + 1, Kind.CITIZEN, citizen=number))
            except IllegalAction as err:
                raise Refused("changed", detail=str(err)) from None
            self._input(session, table, Kind.CITIZEN, {"player": player, "citizen": number}, key, tick)

    def pending(self, code: str, player: str) -> list[dict]:
        """The open questions at the player's seat: for a desk, the engine's view for that
        role; for a citizen, their own question, options and case card."""
        session = self.open(code)
        with session.lock:
            me = session.players.get(player)
            if me is None or me.seat is None:
                raise Refused("seat_first")
            table = session.tables[me.table]
            answered = {q.decision for q in table.queued if q.kind == Kind.ANSWER}    # waiting for the next tick
            mine = [p for p in table.seats.pending.values() if p.seat == me.seat and p.id not in answered]
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
        same key again for the same decision (a double click, a retry) gets the first
        acknowledgement back; a key already used for another answer is refused, never taken for
        a repeat (decision numbers start again every round)."""
        session = self.open(code)
        with session.lock:
            if key is not None and (done := self.store.by_key(key)) is not None:
                same = (done.session == session.code and done.kind == Kind.ANSWER and done.payload.get("player") == player
                        and done.payload.get("decision") == decision and done.payload.get("round", 1) == session.round)
                if not same:
                    raise Refused("key_reused")
                return done
            me = session.players.get(player)
            if me is None or me.seat is None:
                raise Refused("seat_first")
            table = session.tables[me.table]
            if table.over:                 # first: an answer after the end is refused for that reason
                raise Refused("round_ended")
            pending = table.seats.pending.get(decision)
            if pending is None:
                raise Refused("not_open", decision=decision)
            if pending.seat != me.seat:
                raise Refused("not_your_seat", decision=decision)
            if any(q.kind == Kind.ANSWER and q.decision == decision for q in table.queued):
                raise Refused("answered")  # a second answer (another key) to the same decision
            citizen = pending.citizen_question
            item = Input(table.tick + 1, Kind.ANSWER, decision, None if citizen else action, answer=action if citizen else None)
            try:
                table.validate(item)
            except IllegalAction as err:
                raise Refused("changed", detail=str(err)) from None
            payload = {"decision": decision, "player": player, "round": session.round,
                       **({"answer": action} if citizen else {"action": action._asdict()})}
            return self._input(session, me.table, Kind.ANSWER, payload, key, item.tick)

    # --- the facilitator ------------------------------------------------------------------
    def _facilitator(self, code: str, key: str | None) -> Session:
        session = self.open(code)
        if not codes.key_matches(key, session.key_hash):
            raise Refused("facilitator_only")
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
                raise Refused("round_running", n=session.round)
            if number > len(rounds):
                raise Refused("no_more_rounds", n=len(rounds))
            self._input(session, "", Kind.START, {"round": number}, key)
            return number

    def to_bot(self, code: str, fkey: str | None, table: str, seat: str, key: str | None = None) -> None:
        """The bot plays ``seat`` from the next tick; its open decisions are answered at once."""
        session = self._facilitator(code, fkey)
        with session.lock:
            self._playing(session, table)
            self._control(session, table, Kind.TO_BOT, {"role": seat}, key)

    def to_person(self, code: str, fkey: str | None, table: str, seat: str, key: str | None = None) -> None:
        """The players at ``seat`` decide again (after the facilitator had the bot take over)."""
        session = self._facilitator(code, fkey)
        with session.lock:
            self._playing(session, table)
            if seat not in session.tables[table].model.desks:
                raise Refused("no_seat", seat=seat, seats=", ".join(session.tables[table].model.desks))
            self._control(session, table, Kind.TO_PERSON, {"role": seat}, key)

    def _control(self, session: Session, table: str, kind: str, payload: dict, key: str | None) -> None:
        """A facilitator's input for one table, applied at once: at the tick boundary the table
        stands at (between two ticks, paused or not), so the console shows the switch or the end
        right away; a replay applies it at the same boundary, in the same order."""
        self._input(session, table, kind, {**payload, "now": True}, key, session.tables[table].tick)

    @staticmethod
    def _playing(session: Session, table: str) -> None:
        if not session.started:
            raise Refused("not_started")
        if table not in session.tables:
            raise Refused("no_table", table=table, tables=", ".join(session.tables))
        if session.tables[table].over:
            raise Refused("round_ended")

    def end_round(self, code: str, fkey: str | None, table: str, key: str | None = None) -> None:
        session = self._facilitator(code, fkey)
        with session.lock:
            self._playing(session, table)
            self._control(session, table, Kind.END, {}, key)

    def move(self, code: str, fkey: str | None, player: str, table: str, seat: str, key: str | None = None) -> None:
        """The facilitator moves a player to another table or seat."""
        self._facilitator(code, fkey)
        self.take_seat(code, player, table, seat, key, assigned=True)

    def open_seats(self, code: str, fkey: str | None, table: str, seats: list[str], key: str | None = None) -> None:
        """The seats of ``table`` players may take themselves: desk ids, and CITIZENS for the
        deck's citizens; the others only the facilitator assigns (Service.move)."""
        session = self._facilitator(code, fkey)
        with session.lock:
            if table not in session.tables:
                raise Refused("no_table", table=table, tables=", ".join(session.tables))
            valid = [*session.tables[table].model.desks, CITIZENS]
            unknown = [s for s in seats if s not in valid]
            if unknown:
                raise Refused("no_seat", seat=", ".join(unknown), seats=", ".join(valid))
            self._input(session, table, Kind.OPEN, {"seats": sorted(set(seats))}, key)

    def _open(self, session: Session, r: Record) -> None:
        session.open_seats[r.table] = set(r.payload["seats"])

    def pause(self, code: str, fkey: str | None, key: str | None = None) -> None:
        session = self._facilitator(code, fkey)
        with session.lock:
            self._input(session, "", Kind.PAUSE, {}, key)

    def resume(self, code: str, fkey: str | None, key: str | None = None) -> None:
        session = self._facilitator(code, fkey)
        with session.lock:
            self._input(session, "", Kind.RESUME, {}, key)

    def extend(self, code: str, fkey: str | None, table: str, days: float, key: str | None = None) -> None:
        session = self._facilitator(code, fkey)
        with session.lock:
            self._playing(session, table)
            self._control(session, table, Kind.EXTEND, {"days": days}, key)

    def erase_names(self, code: str, fkey: str | None, key: str | None = None) -> int:
        """Every player's name becomes their pseudonym ("speler 3"), on the pages and in the
        stored log and its file (Store.erase_names); returns how many names were replaced."""
        session = self._facilitator(code, fkey)
        with session.lock:
            self._input(session, "", Kind.ERASE, {}, key)
            return self.store.erase_names(session.code)

    def end_session(self, code: str, fkey: str | None) -> None:
        session = self._facilitator(code, fkey)
        self.store.end_session(session.code)
        with self._lock:
            self.live.pop(session.code, None)

    def end_all(self, code: str, fkey: str | None, key: str | None = None) -> None:
        """End the round at every table still playing it."""
        session = self._facilitator(code, fkey)
        with session.lock:
            for name, table in session.tables.items():
                if session.started and not table.over:
                    self._control(session, name, Kind.END, {}, f"{key}:{name}" if key else None)

    # --- what each seat sees (workshop.screens: the information rules, on the server) --------
    def seen(self, code: str, player: str) -> None:
        """A player's page refreshed: for "who is connected" (in memory, not an input)."""
        session = self.open(code)
        session.seen[player] = time.monotonic()

    def me(self, code: str, player: str) -> Player:
        """The player behind a returning browser, with the seat they hold."""
        session = self.open(code)
        found = session.players.get(player)
        if found is None:
            raise Refused("join_first")
        return found

    def lobby(self, code: str) -> dict:
        """What a joining player picks from: the tables, their desks (and how many players sit
        there) and the deck's citizens who have not arrived yet, with their case."""
        session = self.open(code)
        with session.lock:
            out = {"round": session.round, "started": session.started, "tables": {}}
            for name, table in session.tables.items():
                taken = [p.seat for p in session.players.values() if p.table == name and p.seat is not None]
                opened = open_seats(session, name)
                out["tables"][name] = {
                    "setting": session.config["rounds"][max(session.round, 1) - 1][name], "over": table.over,
                    "desks": {role: taken.count(Seat.desk(role)) for role in table.model.desks if role in opened},
                    "citizens": [{**c, "players": taken.count(Seat.of_citizen(c["citizen"]))} for c in table.deck
                                 if c["citizen"] > table.model.measured] if CITIZENS in opened else []}
            return out

    def desk_screen(self, code: str, player: str) -> dict:
        session = self.open(code)
        with session.lock:
            me = self._seated(session, player)
            if me.seat.is_citizen:
                raise Refused("seat_first")
            return screens.desk_screen(session, me)

    def citizen_screen(self, code: str, player: str) -> dict:
        session = self.open(code)
        with session.lock:
            me = self._seated(session, player)
            if not me.seat.is_citizen:
                raise Refused("seat_first")
            return screens.citizen_screen(session, me)

    @staticmethod
    def _seated(session: Session, player: str) -> Player:
        me = session.players.get(player)
        if me is None:
            raise Refused("join_first")
        if me.seat is None:
            raise Refused("seat_first")
        return me

    def board(self, code: str) -> dict:
        """The public board (projector): counts and the hand-off network, nothing per citizen."""
        session = self.open(code)
        with session.lock:
            return screens.board(session)

    def predicted(self, code: str, table: str, replications: int = PREDICTED_ROUNDS) -> dict:
        """What the simulation predicts for a table's round over time (workshop.timeline.band):
        ``replications`` simulated rounds of its deck under its setting, to its planned end. Public
        like the board (no player's input goes in); computed once per round and end, outside the
        session's lock so the room plays on meanwhile."""
        session = self.open(code)
        with session.lock:
            if table not in session.tables:
                raise Refused("no_table", table=table, tables=", ".join(session.tables))
            tbl = session.tables[table]
            key = (session.code, session.round, table, tbl.end_tick, replications)
            round_, end_tick = tbl.round, tbl.end_tick
        if key not in self._predicted:
            runs = simulate(round_, replications, workers=1, end_tick=end_tick)   # in-process: 0.4-1.9 s (30-200 citizens), less than starting a pool
            self._predicted[key] = timeline.band([line for _, line in runs], round_.tick_minutes,
                                                 round_.scenario.clock.hours_per_day * 60.0)
        return self._predicted[key]

    def overview(self, code: str, fkey: str | None) -> dict:
        session = self._facilitator(code, fkey)
        with session.lock:
            return screens.overview(session, dict(session.seen), time.monotonic())

    def played(self, code: str, fkey: str | None) -> dict[int, dict[str, Table]]:
        """Every round played so far (or being played), by number: its tables. Works after the
        session ended too (replayed from the store), for the debrief and the handout."""
        code = codes.normalise(code)
        found = self.store.session(code)
        if found is None:
            raise Refused("no_session", code=code)
        if not codes.key_matches(fkey, found[0]):
            raise Refused("facilitator_only")
        session = self.live.get(code)
        if session is None:
            with self._lock:
                session = self._ended.get(code) or self.rebuild(code)
                self._ended[code] = session
        with session.lock:
            rounds = {i + 1: tables for i, tables in enumerate(session.past)}
            if session.started:
                rounds[session.round] = session.tables
            return rounds

    def config(self, code: str) -> dict:
        """The session's configuration (scenario text, rounds, deck, pace, timer, …)."""
        found = self.store.session(codes.normalise(code))
        if found is None:
            raise Refused("no_session", code=code)
        return found[1]

    def round_of(self, code: str) -> int:
        return self.open(code).round

    def setting_names(self, code: str) -> list[dict[str, str]]:
        """Per round, each table's setting as the facilitator chose it."""
        found = self.store.session(codes.normalise(code))
        if found is None:
            raise Refused("no_session", code=code)
        return found[1]["rounds"]

    def scenario(self, code: str):
        """The session's scenario as its tables play it (deck and round length applied)."""
        code = codes.normalise(code)
        session = self.live.get(code) or self._ended.get(code) or self.open(code)
        return next(iter(session.tables.values())).round.scenario

    # --- time -----------------------------------------------------------------------------
    def tick(self, code: str) -> bool:
        """One tick on every table of a started, unpaused session (in the turn-based mode, on
        every table whose turn is over); False once every round is over.

        Ticks without inputs are not stored as inputs, so now and then (every CLOCK_SECONDS) a
        clock record says how far each table got: a restarted app replays to there instead of
        to the last answer, and model time does not jump back. A turn's tick is always stored."""
        session = self.open(code)
        with session.lock:
            if session.started and not session.paused:
                if session.config.get("turns"):
                    self._turn(session, time.monotonic())
                else:
                    self._tick_all(session)
            return not all(t.over for t in session.tables.values())

    def _tick_all(self, session: Session) -> None:
        playing = [name for name, table in session.tables.items() if not table.over]
        for table in session.tables.values():
            table.advance()
        now = time.monotonic()
        ended = any(session.tables[name].over for name in playing)   # a replay reaches the end too
        if ended or now - session.clocked >= CLOCK_SECONDS:
            session.clocked = now
            ticks = {name: t.tick for name, t in session.tables.items()}
            self.store.append(session.code, "", Kind.CLOCK, {"round": session.round, "ticks": ticks}, uuid.uuid4().hex)

    def _turn(self, session: Session, now: float, forced: str | None = None, key: str | None = None) -> dict:
        """The turn-based mode: the tables whose turn is over move one tick, stored with why
        (workshop.turns); ``forced``: every table still playing moves (the facilitator's "next")."""
        pace_seconds = session.config["tick_minutes"] / session.config["pace"]
        why = {}
        for name, table in session.tables.items():
            if table.over:
                continue
            since = session.turn_since.setdefault(name, now)
            said = forced or turns_.reason(session, name, now - since, pace_seconds)
            if said is not None:
                why[name] = said
        for name in why:
            session.tables[name].advance()
            session.turn_since[name] = now
        if why:
            ticks = {name: session.tables[name].tick for name in why}
            self.store.append(session.code, "", Kind.TURN, {"round": session.round, "ticks": ticks, "why": why},
                              key or uuid.uuid4().hex)
        return why

    def next_tick(self, code: str, fkey: str | None, key: str | None = None) -> dict:
        """The facilitator's "next step" in the turn-based mode: every table still playing moves
        one tick now, whoever has not acted. Returns table -> why."""
        session = self._facilitator(code, fkey)
        with session.lock:
            if key is not None and (done := self.store.by_key(key)) is not None:
                return done.payload.get("why", {})
            if not session.config.get("turns"):
                raise Refused("not_turns")
            if not session.started:
                raise Refused("not_started")
            if session.paused:
                raise Refused("paused")
            if all(t.over for t in session.tables.values()):
                raise Refused("round_ended")
            return self._turn(session, time.monotonic(), "facilitator", key)

    def pass_turn(self, code: str, player: str, key: str | None = None) -> Record:
        """A player is done for the coming tick (turn-based): their seat no longer holds it up;
        what is still open at the seat stays open."""
        session = self.open(code)
        with session.lock:
            me = self._seated(session, player)
            if not session.config.get("turns"):
                raise Refused("not_turns")
            if not session.started:
                raise Refused("not_started")
            table = session.tables[me.table]
            if table.over:
                raise Refused("round_ended")
            payload = {"player": player, "seat": str(me.seat), "round": session.round}
            return self._input(session, me.table, Kind.PASS, payload, key, table.tick + 1)

    def turn(self, code: str, table: str) -> dict | None:
        """The turn-based state of a table: whom its next tick waits for and the seconds left."""
        session = self.open(code)
        with session.lock:
            return turns_.state(session, table, time.monotonic())

    def play(self, code: str, stop: threading.Event | None = None) -> None:
        """The pacer: ticks at the session's pace (model minutes per wall-clock second), so
        model time does not race when every seat is a bot, until every round is over. In the
        turn-based mode it looks often (a turn ends as soon as the last player acted)."""
        session = self.open(code)
        if not session.started:          # nothing to pace yet: the facilitator's start brings a pacer
            return
        seconds = session.config["tick_minutes"] / session.config["pace"]
        if session.config.get("turns"):
            seconds = min(seconds, TURN_POLL_SECONDS)
        next_at = time.monotonic()
        while (stop is None or not stop.is_set()) and self.tick(code):
            next_at += seconds
            time.sleep(max(0.0, next_at - time.monotonic()))


# What each input does to a session: its one handler (workshop.inputs declares the kinds).
_APPLY = {Kind.JOIN: Service._join, Kind.SEAT: Service._seat, Kind.CITIZEN: Service._citizen,
          Kind.START: Service._start, Kind.OPEN: Service._open, Kind.CLOCK: Service._clock, Kind.PAUSE: Service._pause,
          Kind.RESUME: Service._pause, Kind.ERASE: Service._erase, Kind.PASS: Service._pass, Kind.TURN: Service._clock,
          **dict.fromkeys((Kind.ANSWER, Kind.TO_BOT, Kind.TO_PERSON, Kind.END, Kind.EXTEND), Service._at_table)}
