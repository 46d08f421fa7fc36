"""The dress rehearsal: simulated players play a full round through the service layer.

A facilitator runs it on the session laptop before the day ("is this laptop fast enough for
25 people?"). Each simulated player is a thread that does what a person at a page does: looks
at the open decisions at their seat, thinks a moment, answers — with a fresh idempotency key
per decision, sent twice now and then (a double click). The pacer moves model time; seats
nobody took are bots; a decision nobody answers in time is answered by the timer. Run again on
the same database after a crash, the rehearsal resumes its session where the log ends.
"""

from __future__ import annotations

import random
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from agents.decision import Action
from sim.scenario.chain import Chain
from sim.scenario.loader import parse_scenario
from workshop.service import Refused, Service

REHEARSAL = "rehearsal"


@dataclass
class Acks:
    """Acknowledged actions: their latency, and (optionally) their keys, flushed line by line."""

    path: Path | None
    latencies: list[float] = field(default_factory=list)
    keys: set[str] = field(default_factory=set)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, key: str, seconds: float) -> None:
        with self.lock:
            self.latencies.append(seconds)
            self.keys.add(key)
            if self.path is not None:
                with open(self.path, "a", encoding="utf-8") as f:
                    f.write(key + "\n")
                    f.flush()


def seats_for(service: Service, code: str, players: int) -> list[tuple[str, str]]:
    """(table, seat) per player: tables in turn, the entry desks first, then the others."""
    session = service.open(code)
    tables = list(session.tables)
    chain = next(iter(session.tables.values())).model.chain
    order = list(chain.entry) + [r for r in chain.roles if r not in chain.entry]
    return [(tables[i % len(tables)], order[(i // len(tables)) % len(order)]) for i in range(players)]


def start_or_resume(service: Service, scenario_text: str, file_name: str, tables: dict[str, str], players: int,
                    citizens: int, seed: int, round_days: float, pace: float,
                    fresh: bool = False) -> tuple[str, str, list[str], bool]:
    """The rehearsal session in this store that has not ended, or a new one with its players
    joined and seated. Returns (code, facilitator key, player ids, resumed).

    A run killed anywhere in between resumes cleanly: joining, seating and starting are done
    again with the same idempotency keys (what was stored counts once), so a session created but
    never started is started now; one killed before its key was kept cannot be run by anyone and
    is ended. ``fresh``: always a new session (several rehearsals at once on one store)."""
    for code in [] if fresh else reversed(service.store.sessions()):
        found = service.store.session(code)
        if found and found[2] is None and found[1].get(REHEARSAL):
            cfg = found[1]
            if "facilitator_key" not in cfg:
                service.store.end_session(code)
                continue
            ids = seat_and_start(service, code, cfg["facilitator_key"], cfg.get("players", players))
            return code, cfg["facilitator_key"], ids, True
    code, key = service.create(scenario_text, file_name, tables, citizens, seed, timer_minutes=60,
                               tick_minutes=10, round_days=round_days, pace=pace,
                               extra={REHEARSAL: True, "players": players})
    # a rehearsal keeps its facilitator key in the session config so a resumed run can end it;
    # a real session never stores the key, only its hash
    service.store.set_config(code, {**service.store.session(code)[1], "facilitator_key": key})
    return code, key, seat_and_start(service, code, key, players), False


def seat_and_start(service: Service, code: str, key: str, players: int) -> list[str]:
    """Join and seat the simulated players and start round 1, each step keyed: run again after a
    crash, it stores only what is missing. Returns the players' ids."""
    ids = []
    for i, (table, seat) in enumerate(seats_for(service, code, players)):
        player = service.join(code, f"speler {i + 1}", key=f"{code}:join:{i}")
        service.move(code, key, player, table, seat, key=f"{code}:seat:{i}")     # bots are assigned their seat
        ids.append(player)
    service.start(code, key, key=f"{code}:start:1")
    return ids


def routine(view: dict) -> Action | None:
    """What any player does without a choice to make: end a finished contact, work on what the
    desk can resolve, defer what is blocked. None: a desk has to be chosen."""
    if view["closing"]:
        return Action("end")
    if view["can_resolve"] and not view["block"] and "work" in view["legal"]:
        return Action("work")
    if view["block"] and "defer" in view["legal"]:
        return Action("defer", reason=view["block"], bring=view["blocking_need"])
    return None


def choose(view: dict, chain: Chain, rng: random.Random) -> Action:
    """A player who knows the chain about half the time."""
    done = routine(view)
    if done is not None:
        return done
    right = sorted(chain.competent[view["need"]] - {view["role"]})
    others = [r for r in chain.roles if r != view["role"]]
    if "assign" in view["legal"]:
        target = right[0] if right and rng.random() < 0.5 else rng.choice(others)
        return Action("assign", target)
    target = right[0] if right and rng.random() < 0.5 else rng.choice(others)
    return Action("refer", target)


def player_loop(service: Service, code: str, player: str, chain: Chain, seed: int, acks: Acks,
                stop: threading.Event, think: tuple[float, float]) -> None:
    rng = random.Random(seed)
    while not stop.is_set():
        try:
            views = service.pending(code, player)
        except Refused:
            return
        if not views:
            time.sleep(0.02)
            continue
        view = rng.choice(views)
        time.sleep(rng.uniform(*think))
        key = f"{player}:{view['decision']}"
        for _ in range(2 if rng.random() < 0.1 else 1):       # now and then a double click
            start = time.perf_counter()
            try:
                record = service.act(code, player, view["decision"], choose(view, chain, rng), key=key)
            except Refused:
                break                                          # the timer or a colleague was first
            acks.add(record.key, time.perf_counter() - start)


def rehearse(service: Service, scenario_text: str, file_name: str, tables: dict[str, str], players: int,
             citizens: int = 40, seed: int = 1, round_days: float = 5, pace: float = 240,
             ack_log: Path | None = None, think: tuple[float, float] = (0.02, 0.25), fresh: bool = False) -> dict:
    code, key, ids, resumed = start_or_resume(service, scenario_text, file_name, tables, players, citizens, seed,
                                             round_days, pace, fresh)
    chain = Chain.of(parse_scenario(scenario_text, file_name))
    acks, stop = Acks(ack_log), threading.Event()
    threads = [threading.Thread(target=player_loop, args=(service, code, p, chain, i, acks, stop, think), daemon=True)
               for i, p in enumerate(ids)]
    started = time.perf_counter()
    for th in threads:
        th.start()
    service.play(code)
    stop.set()
    for th in threads:
        th.join()
    return {"code": code, "facilitator_key": key, "resumed": resumed, "players": len(ids),
            "seconds": time.perf_counter() - started, "latencies": acks.latencies, "actions": len(acks.keys)}
