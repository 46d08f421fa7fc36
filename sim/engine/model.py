"""The model: desks holding queues, citizens walking their journeys, on one of two engines.

An event loop drives time (working minutes): SimPy with the desks as Mesa agents and Mesa's
DataCollector, the card's stack and the reference engine, wherever a decision waits for a person
or a bot; else the fast kernel (sim.engine.kernel), which pops the same events in the same order
(tests/test_fast_engine.py) without importing either. Each working day (one step) is recorded as
a manager would see it: arrivals, citizens in progress, queues (sim.engine.world). Citizens
arrive as numbered records 1, 2, 3, … and walk their journey as processes (agents.citizen). Randomness comes from one stream per concern
(sim.engine.streams), so every setting and every mix of policies sees the same citizens.

A municipality has a steady inflow, so a run measures the steady state: citizens arrive
for a warm-up (by default as long as the follow-up horizon: by then everyone who arrived at
the start has left, and the work in progress holds its steady level); the next ``citizens``
arrivals are measured; arrivals go on until the last of them has been followed for the
horizon, so the desks stay as busy as they were. Warm-up and later citizens are simulated
but not counted. (With ``pattern: batch`` — a workshop round — every citizen arrives at
once and all are measured.)

When a measured citizen leaves, their events go to every listener (``listeners``: anything with
``write(replication, events)``, such as an event log). The engine counts nothing itself: the
counting folds what it hears (sim.counting.tally.CountedModel is the model with the fold listening).
"""

from __future__ import annotations

import bisect
import itertools
import math
from collections.abc import Callable

import numpy as np

from agents.channels import channel_map, reach_out
from agents.citizen import Citizen
from agents.decision import CitizenPolicy, Policy, Rules
from agents.desk import Desk
from agents.policy import RuleCitizen, RulePolicy
from sim.engine.kernel import Kernel
from sim.engine.streams import Streams
from sim.engine.world import Days, MesaWorld
from sim.events.kinds import Arrived, Left
from sim.events.log import EventLog
from sim.scenario.chain import Chain
from sim.scenario.channels import CHANNELS
from sim.scenario.schema import Scenario, Setting


def _cumulative(shares: list[float]) -> list[float]:
    total = sum(shares)
    return list(itertools.accumulate(s / total for s in shares))


class KastjeModel:
    """One replication of one scenario under one setting.

    ``citizens`` is the number of arrivals; each is followed for ``horizon_days`` working
    days after arrival. ``policies`` maps role ids to a policy that replaces the rule-based
    professional there (a bot, a person); ``citizen_policies`` maps citizen numbers to a
    policy that makes that citizen's choices. ``replication`` is written into the event log.
    ``deck_seed`` fixes who arrives (sim.engine.streams) while ``seed`` varies everything else.
    ``follow_on=False`` stops the inflow after the measured citizens (a workshop round: the
    deck is everyone who comes). ``engine``: "simpy" (the reference) or "fast" (sim.engine.kernel,
    the same events in the same order); by default the fast one unless a decision waits for a
    policy given here (a person or a bot).
    """

    def __init__(self, scenario: Scenario, setting: Setting, citizens: int, seed: int | None = None,
                 event_log: EventLog | None = None, policies: dict[str, Policy] | None = None,
                 citizen_policies: dict[int, CitizenPolicy] | None = None, replication: int = 0,
                 warmup_days: float | None = None, deck_seed: int | None = None, follow_on: bool = True,
                 engine: str | None = None):
        if seed is None:
            seed = int(np.random.SeedSequence().generate_state(1)[0])
        self.seed, self.steps, self.running = seed, 0, True
        self.scenario, self.setting, self.n_citizens = scenario, setting, citizens
        self.params = scenario.parameters
        self.day = scenario.clock.hours_per_day * 60.0
        self.horizon = scenario.horizon_days * self.day
        self.intake_extra = self.params.broad_intake_extra_minutes
        self.event_log, self.replication = event_log, replication
        self.engine = engine or ("simpy" if policies or citizen_policies else "fast")
        # The fast engine applies the built-in rule policy's actions without checking each one: the
        # reference engine checks every action, and tests/test_fast_engine.py runs both on every
        # shipped scenario and preset and finds the same events; a bot or a person is always checked.
        self.trusts_rules = self.engine == "fast"
        if self.engine == "fast":
            self.env = Kernel()
        else:
            import simpy  # the reference engine (with Mesa: sim.engine.world)
            self.env = simpy.Environment()
        self.needs = {n.id: n for n in scenario.needs}
        self.chain = Chain.of(scenario)
        self.rules = rules = Rules.of(setting, scenario, self.chain)       # the setting, read once
        self.streams = Streams(seed, self.chain.roles, deck_seed)
        self.follow_on = follow_on
        self.desks = {r.id: Desk(self, r) for r in scenario.roles}
        chosen = policies or {}
        for rid, desk in self.desks.items():
            desk.policy = chosen.get(rid) or RulePolicy(rid, self.chain, rules, self.streams.decisions[rid])
        self.channels = scenario.channels
        detection = {key: channel.detection(self.params, scenario.channels) for key, channel in CHANNELS.items()}
        self.citizen_policy = RuleCitizen(self.chain, detection, self.streams.choices, self.streams.patience)
        self.patience = {(p.id, key): self._patience(p, key) for p in scenario.profiles for key in CHANNELS}
        self.routes = {p.id: scenario.route_of(p.id, rules.channel_strategy) for p in scenario.profiles}
        self.channel_of = channel_map(scenario, rules)
        self.uniform = rules.channel_strategy == "uniform"
        self.digital_first = rules.digital_first
        self.proactive = rules.proactive
        self.citizen_policies = dict(citizen_policies or {})
        self.file_follows = {"full": True, "none": False}.get(rules.shared_file)   # consent: asked
        self.crisis_after = self.params.crisis_after_days * self.day
        self.plans = {c.id: self._plan(c) for c in scenario.cases}
        self._case_cdf = _cumulative([c.share for c in scenario.cases])
        self._profile_cdf = _cumulative([p.share for p in scenario.profiles])
        self.listeners: list[EventLog] = [event_log] if event_log is not None else []
        self.alive: dict[int, Citizen] = {}
        self.arrived = 0
        self.batch = scenario.arrivals.pattern == "batch"
        days = scenario.horizon_days if warmup_days is None else warmup_days
        self.warmup = 0.0 if self.batch else days * self.day
        self.measured = self.measured_left = 0      # measured citizens arrived, and left
        self.measuring_since: float | None = None
        self.last_measured: float | None = None
        self._load_at_start: dict[str, tuple[float, int, int, int]] = {}
        self.days = Days(self) if self.engine == "fast" else MesaWorld(self, seed)
        self.env.process(self._arrivals())

    def _patience(self, profile, channel: str) -> float | None:
        """How long, on average, a citizen of ``profile`` waits in a queue of ``channel`` before
        abandoning it (working minutes), or None when they never do: the channel's patience (on the
        line, or on a waiting list) times the profile's factor."""
        ch = self.scenario.channels
        line = CHANNELS[channel].queue == "line"
        mean = ch.line_patience_minutes if line else (
            None if ch.waiting_list_patience_days is None else ch.waiting_list_patience_days * self.day)
        factor = profile.patience
        if isinstance(factor, dict):
            factor = factor.get(channel, 1.0)
        return None if mean is None or factor is None else mean * factor

    # --- reviews of exceptions ------------------------------------------------------------
    def review_later(self, citizen, st, block: str, role: str, now: float) -> None:
        """Whether a review will overturn this exception is drawn now (its own stream); if so,
        it comes in `review_days` later and the block is back."""
        params = self.params
        if self.streams.reviews.random() >= params.exception_overturned:
            return
        at = now + params.review_days * self.day
        if at >= citizen.deadline:
            return
        citizen.reviews.append(at)
        self.env.process(self._review(citizen, st, block, role, at))

    def _review(self, citizen, st, block: str, role: str, at: float):
        yield self.env.timeout(at - self.env.now)
        citizen.reviews.remove(at)
        if not citizen.left and not citizen.gave_up:
            citizen.overturn(st, block, role, self.env.now)

    @staticmethod
    def next_review(citizen) -> float | None:
        return min(citizen.reviews) if citizen.reviews else None

    def _plan(self, case) -> list[tuple]:
        """Per need of a case, in the order the citizen takes them up: (need, hidden,
        blocked days, chance that documents are missing)."""
        order = [case.presenting] + [n for n in case.needs if n != case.presenting]
        return [(self.needs[n], n in case.hidden, case.blocked_days.get(n),
                 case.missing_documents if case.missing_documents is not None else self.needs[n].missing_documents)
                for n in order]

    def utilisation(self) -> dict[str, float]:
        """Share of staff time each desk spent serving since measuring began."""
        return {rid: load[0] for rid, load in self.load().items()}

    def load(self) -> dict[str, tuple[float, float, float]]:
        """Per desk, since measuring began: (utilisation, offered load, abandoned share). The
        offered load is the work that came to the desk over its staff time — done, still queueing,
        and what the citizens who abandoned its queue would have needed — so it is the load
        *before* abandonment: at or above 1 the desk cannot keep up and is overloaded, even where
        abandonment keeps its queue short. The abandoned share is of the citizens who queued or
        were served there."""
        since = self.measuring_since if self.measuring_since is not None else 0.0
        elapsed = max(self.env.now - since, 1e-9)
        out = {}
        for rid, d in self.desks.items():
            busy0, _, contacts0, abandoned0 = self._load_at_start.get(rid, (0.0, 0, 0, 0))
            busy = d.busy_minutes - busy0
            mean = d.busy_minutes / d.served if d.served else 0.0
            capacity = d.role.staff * elapsed
            abandoned, contacts = d.abandoned - abandoned0, d.contacts - contacts0
            out[rid] = (busy / capacity, (busy + (len(d.waiting) + abandoned) * mean) / capacity,
                        abandoned / (abandoned + contacts) if abandoned + contacts else 0.0)
        return out

    # --- time ------------------------------------------------------------------------
    def _arrivals(self):
        env, draw = self.env, self.streams.arrivals.expovariate
        if self.batch:
            for _ in range(self.n_citizens):
                self._admit(measured=True)
            return
        rate = self.scenario.arrivals.per_day / self.day
        while self.follow_on or self.measured < self.n_citizens:   # a steady inflow, as long as the run goes on
            yield env.timeout(draw(rate))
            self._admit(measured=env.now >= self.warmup and self.measured < self.n_citizens)

    def _admit(self, measured: bool) -> None:
        """The next citizen, drawn from the citizens' own stream: case and profile by their
        shares, the rest by the citizen (agents.citizen)."""
        draw = self.streams.citizens.random
        cases, profiles = self.scenario.cases, self.scenario.profiles
        case = cases[min(bisect.bisect(self._case_cdf, draw()), len(cases) - 1)]
        profile = profiles[min(bisect.bisect(self._profile_cdf, draw()), len(profiles) - 1)]
        self.arrived += 1
        if measured:
            if self.measured == 0:
                self._start_measuring()
            self.measured += 1
            self.last_measured = self.env.now
        # measured citizens are 1, 2, 3, … in arrival order; the others (load only) -1, -2, …
        number = self.measured if measured else self.measured - self.arrived
        citizen = Citizen(self, number, case, profile, draw)
        citizen.measured = measured
        self.alive[citizen.number] = citizen
        citizen.history.append(Arrived.new((citizen.number, citizen.arrival, case.id, profile.id, case.presenting)))
        reach_out(citizen)
        self.env.process(citizen.journey())

    def _start_measuring(self) -> None:
        self.measuring_since = self.env.now
        self._load_at_start = {rid: (d.busy_minutes, d.served, d.contacts, d.abandoned) for rid, d in self.desks.items()}

    def step(self) -> None:
        """Advance one working day, then record the day."""
        self.steps += 1
        self.env.run(until=self.steps * self.day)
        self.days.collect()
        done = self.measured == self.n_citizens and self.measured_left == self.n_citizens
        if done or self.env.now >= self._hard_stop():
            self.running = False

    def daily(self, name: str) -> list:
        """One of the day's figures (sim.engine.world.DAILY), a value per working day so far."""
        return self.days.column(name)

    def _hard_stop(self) -> float:
        if self.last_measured is None or self.measured < self.n_citizens:
            return math.inf
        return self.last_measured + self.horizon + self.day

    def expected_end(self) -> float:
        """When the run should end: warm-up, the measured arrivals, their follow-up."""
        window = 0.0 if self.batch else self.n_citizens / self.scenario.arrivals.per_day * self.day
        return self.warmup + window + self.horizon

    def run(self, progress: Callable[[float], None] | None = None) -> KastjeModel:
        """Run to the end; ``progress`` hears the share of the run done, every 20 days."""
        end = self.expected_end()
        while self.running:
            self.step()
            if progress and self.steps % 20 == 0:
                progress(min(self.env.now / end, 0.99))
        return self.finish()

    def finish(self) -> KastjeModel:
        """End the run now: measured citizens still in progress are folded as they stand
        (censored). Also how a workshop round that the facilitator ends is closed."""
        self.running = False
        for citizen in list(self.alive.values()):
            if citizen.measured:
                self.citizen_left(citizen)
        return self

    # --- bookkeeping -----------------------------------------------------------------
    def citizen_left(self, citizen: Citizen) -> None:
        if self.alive.pop(citizen.number, None) is None:
            return
        citizen.left = True
        if not citizen.measured:          # warm-up or after the window: load, not figures
            citizen.history = []
            return
        self.measured_left += 1
        events = citizen.history
        events.append(Left.new((citizen.number, min(self.env.now, citizen.deadline))))
        for listener in self.listeners:
            listener.write(self.replication, events)
        citizen.history = []
