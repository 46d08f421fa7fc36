"""The model: a Mesa model whose clock and queues are a SimPy environment.

SimPy drives time (working minutes) and staff capacity; Mesa holds the agents, the
seeded random stream and the DataCollector. One Mesa step is one working day, so the
collector's table is a daily series (work in stock, queues) as a manager would see it.
"""

from __future__ import annotations

import bisect
import itertools
import math
from typing import Callable

import mesa
import simpy

from agents.citizen import Citizen
from agents.policy import Policy, RulePolicy
from agents.role import RoleAgent
from sim.events import EventLog
from sim.metrics import CitizenLedger
from sim.schema import Scenario, Setting

WEEK_DAYS = 5


def _cumulative(shares: list[float]) -> list[float]:
    total = sum(shares)
    return list(itertools.accumulate(s / total for s in shares))


class KastjeModel(mesa.Model):
    """One replication of one scenario under one setting.

    ``citizens`` is the number of arrivals; each is followed for ``horizon_days`` working
    days after arrival. ``policies`` maps role ids to a Policy that replaces the rule-based
    one (a workshop player or a bot).
    """

    def __init__(self, scenario: Scenario, setting: Setting, citizens: int, seed: int | None = None,
                 event_log: EventLog | None = None, policies: dict[str, Policy] | None = None):
        super().__init__(rng=seed)
        self.scenario, self.setting, self.n_citizens = scenario, setting, citizens
        self.params = scenario.parameters
        self.day = scenario.clock.hours_per_day * 60.0
        self.horizon = scenario.horizon_days * self.day
        self.broad = setting.intake == "broad"
        self.intake_extra = self.params.broad_intake_extra_minutes if self.broad else 0.0
        self.event_log = event_log
        self.env = simpy.Environment()
        self.needs = {n.id: n for n in scenario.needs}
        self._index_roles(scenario)
        self.policy = RulePolicy(self.resolvers, tuple(self.roles), setting.routing_knowledge,
                                 setting.discretion, self.random)
        self.policies = dict(policies or {})
        self._case_cdf = _cumulative([c.share for c in scenario.cases])
        self._profile_cdf = _cumulative([p.share for p in scenario.profiles])
        self.ledger = CitizenLedger([c.id for c in scenario.cases], [p.id for p in scenario.profiles])
        self.alive: dict[int, Citizen] = {}
        self.arrived = 0
        self.datacollector = mesa.DataCollector(model_reporters={
            "day": lambda m: m.steps,
            "arrived": lambda m: m.arrived,
            "in_progress": lambda m: len(m.alive),
            "queueing": lambda m: sum(r.queue_length for r in m.roles.values()),
            "left": lambda m: len(m.ledger),
        })
        self.env.process(self._arrivals())

    def _index_roles(self, scenario: Scenario) -> None:
        self.roles = {r.id: RoleAgent(self, r, self.env) for r in scenario.roles}
        res = {n.id: [r.id for r in scenario.roles if r.id in n.resolved_by or n.id in r.resolves]
               for n in scenario.needs}
        self.resolvers = {k: tuple(v) for k, v in res.items()}
        self.resolver_set = {k: frozenset(v) for k, v in res.items()}
        entry = [r.id for r in scenario.roles if r.entry]
        self.entry_good = {n: tuple(r for r in entry if r in self.resolver_set[n]) for n in res}
        self.entry_bad = {n: tuple(r for r in entry if r not in self.resolver_set[n]) for n in res}
        managers = [r.id for r in scenario.roles if r.case_manager]
        self.case_manager = managers[0] if managers else None

    def utilisation(self) -> dict[str, float]:
        """Share of staff time each role spent serving, so far (a queue is stable well below 1)."""
        elapsed = self.env.now or 1.0
        return {rid: r.busy_minutes / (r.role.staff * elapsed) for rid, r in self.roles.items()}

    def policy_for(self, role_id: str) -> Policy:
        return self.policies.get(role_id, self.policy)

    # --- time ------------------------------------------------------------------------
    def _arrivals(self):
        env, rng = self.env, self.random
        batch = self.scenario.arrivals.pattern == "batch"
        rate = self.scenario.arrivals.per_day / self.day
        for _ in range(self.n_citizens):
            if not batch:
                yield env.timeout(rng.expovariate(rate))
            self._admit()
        self.last_arrival = env.now

    def _admit(self) -> None:
        rng = self.random
        case = self.scenario.cases[min(bisect.bisect(self._case_cdf, rng.random()), len(self._case_cdf) - 1)]
        profile = self.scenario.profiles[min(bisect.bisect(self._profile_cdf, rng.random()), len(self._profile_cdf) - 1)]
        citizen = Citizen(self, case, profile)
        self.arrived += 1
        self.alive[citizen.unique_id] = citizen
        citizen._log("", "arrived", case.presenting, f"{case.id}/{profile.id}")
        self.env.process(citizen.live())

    def step(self) -> None:
        """Advance one working day, then record the day."""
        self.env.run(until=self.steps * self.day)
        self.datacollector.collect(self)
        finished = self.arrived == self.n_citizens and not self.alive
        if finished or self.env.now >= self._hard_stop():
            self.running = False

    def _hard_stop(self) -> float:
        last = getattr(self, "last_arrival", math.inf)
        return last + self.horizon + self.day

    def run(self, progress: Callable[[float], None] | None = None) -> "KastjeModel":
        """Run to the end; ``progress`` hears the share of arrivals so far, every 20 days."""
        while self.running:
            self.step()
            if progress and self.steps % 20 == 0:
                progress(min(self.arrived / self.n_citizens, 0.99))
        for citizen in list(self.alive.values()):   # queued past their horizon: censored
            self.citizen_done(citizen)
        return self

    # --- bookkeeping -----------------------------------------------------------------
    def citizen_done(self, citizen: Citizen) -> None:
        if self.alive.pop(citizen.unique_id, None) is None:
            return
        outcome, values = tally(citizen, self.day)
        self.ledger.add(citizen.unique_id, citizen.case.id, citizen.profile.id, outcome, values)
        citizen._log("", "left", detail=outcome)
        citizen.remove()


def tally(c: Citizen, day: float) -> tuple[str, dict]:
    """Fold one citizen's journey into their ledger row (DESIGN §2 Counting)."""
    end = c.deadline
    resolved = [st.resolved_at for st in c.agenda if st.resolved_at is not None and st.resolved_at <= end]
    everything = len(resolved) == len(c.agenda)
    outcome = ("gave_up" if c.gave_up else "resolved" if everything
               else "partly" if resolved else "open")
    harm = breaches = 0.0
    for st in c.agenda:
        until = st.resolved_at if st.resolved_at is not None and st.resolved_at <= end else end
        harm += (until - c.arrival) / (WEEK_DAYS * day) * st.need.harm_per_week_eur
        term = st.need.legal_term_days
        if term is not None and st.applied_at is not None and not c.gave_up:
            breaches += until > st.applied_at + term * day
    return outcome, {
        "arrival_day": c.arrival / day,
        "handoffs": c.handoffs, "retellings": max(c.tellings - 1, 0), "tellings": c.tellings,
        "contacts": c.contacts, "failure_contacts": c.failure_contacts,
        "wrong_referrals": c.wrong_referrals, "ping_pong": c.ping_pong,
        "distinct_roles": len(c.roles_seen),
        "lead_time_days": (max(resolved) - c.arrival) / day if everything else math.nan,
        "wait_minutes": c.wait, "staff_minutes": c.staff_minutes, "harm_eur": harm,
        "exceptions": c.exceptions, "legal_term_breaches": breaches,
        "hidden_needs_found": c.hidden_found, "needs": len(c.agenda),
        "needs_resolved": len(resolved), "consents": float(c.consents),
        "first_contact_resolved": float(c.first_contact_resolved),
    }
