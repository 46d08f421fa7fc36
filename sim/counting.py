"""The counting rules of DESIGN §2, as one fold over a citizen's events.

Every per-citizen figure kastje reports comes from :meth:`Counting.fold`: a simulated run
folds each citizen's events when they leave, ``kastje metrics`` folds a stored log, and a
workshop round will fold the events its players made. Nothing else counts.

What a figure means (docs/model.md has the table):

- a **telling** is a ``told`` event; retellings = tellings − 1;
- a **hand-off** is a ``referred`` or ``transferred`` event; the engine marks a referral
  ``wrong`` when the target cannot resolve the need and ``ping_pong`` when the target had
  already decided about that need;
- a **contact** is a ``contact`` event, failure demand when it carries a failure reason;
- the **legal term** of a need runs from the citizen's first contact with the municipality
  about it (the first decision about it, by any desk), paused while documents are missing
  (from a deferral for documents until the next decision about the need), until it is
  resolved, the citizen gives up, or the follow-up ends; it is breached when that exceeds the
  term — so bad routing never makes a breach look better;
- **first-contact resolution**: the citizen's first contact was at an entry desk, the need
  they came with was resolved in it, and they needed no further contact about it;
- **harm** accrues per need from arrival until it is resolved or the follow-up ends.
"""

from __future__ import annotations

import math

from sim.chain import Chain
from sim.events import (Arrived, Asked, Assigned, Callback, Consent, Contact, Coordinated, Crisis, Deferred,
                        ExceptionMade, FileRead, GaveUp, HiddenFound, Left, Outreach, Overturned, Referred, Resolved,
                        Run, SelfService, Told, Transferred, Worked)
from sim.schema import Scenario

WEEK_DAYS = 5
# Per-citizen numeric columns of the ledger, in order.
COLUMNS = ("arrival_day", "handoffs", "retellings", "tellings", "contacts", "failure_contacts",
           "wrong_referrals", "ping_pong", "distinct_roles", "lead_time_days", "wait_minutes",
           "staff_minutes", "harm_eur", "exceptions", "legal_term_breaches", "hidden_needs_found",
           "needs", "needs_resolved", "consents", "first_contact_resolved", "exceptions_overturned",
           "first_desk", "self_service", "self_service_ok", "callbacks_lost", "outreach", "crises_prevented",
           "cost_eur", "failure_cost_eur", "case_manager_cost_eur")
# After COLUMNS, a row holds the staff minutes spent on the citizen at each role, in chain order.
ROLE_MINUTES = "minutes:"
OUTCOMES = ("resolved", "partly", "gave_up", "open")
_SILENT = {Arrived, FileRead, Left, Asked, Crisis, Run}   # events no figure counts


class Counting:
    """The fold, set up once per scenario: per case its needs with their harm rate and term."""

    def __init__(self, scenario: Scenario, chain: Chain | None = None):
        self.day = scenario.clock.hours_per_day * 60.0
        self.horizon = scenario.horizon_days * self.day
        needs = {n.id: n for n in scenario.needs}
        week = WEEK_DAYS * self.day
        self.case_needs = {c.id: tuple((n, needs[n].harm_per_week_eur / week,
                                        needs[n].legal_term_days * self.day if needs[n].legal_term_days else None)
                                       for n in c.needs) for c in scenario.cases}
        self.case_index = {c.id: i for i, c in enumerate(scenario.cases)}
        self.profile_index = {p.id: i for i, p in enumerate(scenario.profiles)}
        self.chain = chain = chain or Chain.of(scenario)
        self.role_index = {r: i for i, r in enumerate(chain.roles)}
        self.entry = set(chain.entry)
        self.per_minute = {r: scenario.hourly_cost(r) / 60.0 for r in chain.roles}
        self.channel_cost = dict(scenario.costs.channel_cost_eur)
        self.manager = chain.case_manager

    def fold(self, events) -> tuple:
        """One citizen's events as a ledger row: (citizen, case index, profile index,
        outcome index, then the values of COLUMNS in order)."""
        arrived = events[0]
        if type(arrived) is not Arrived:
            raise ValueError(f"citizen {arrived.citizen}: the first event must be 'arrived', not '{arrived.activity}'")
        presenting = arrived.need
        tellings = handoffs = wrong = ping = contacts = failures = exceptions = found = overturned = 0
        online = online_ok = lost = outreach = prevented = 0
        minutes = dict.fromkeys(self.per_minute, 0.0)    # staff minutes per role
        failure_minutes = dict.fromkeys(self.per_minute, 0.0)
        channel_cost = 0.0
        wait = staff = 0.0
        roles: set[str] = set()
        resolved: dict[str, float] = {}
        applied: dict[str, float] = {}     # need -> the municipality's first decision about it
        paused: dict[str, float] = {}      # need -> minutes the term stood still (documents missing)
        waiting_since: dict[str, float] = {}   # need -> deferred for documents at
        gave_up_at = None
        first_contact = consents = False
        first_desk = None
        for e in events:
            kind = type(e)
            if kind is Contact:
                if first_desk is None:
                    first_desk = e.role
                    first_contact = first_contact and e.role in self.entry
                elif e.need == presenting:
                    first_contact = False         # they needed another contact for their question
                contacts += 1
                failures += e.failure != ""
                staff += e.minutes
                minutes[e.role] += e.minutes
                if e.failure:
                    failure_minutes[e.role] += e.minutes
                channel_cost += self.channel_cost.get(e.channel, 0.0)
                wait += e.wait
                roles.add(e.role)
                continue
            if kind is Told:
                tellings += 1
                continue
            if kind in _SILENT:
                continue
            if kind is Referred:
                handoffs += 1
                wrong += e.wrong
                ping += e.ping_pong
            elif kind is Resolved:
                resolved[e.need] = e.time             # the last time: an overturned exception reopens it
                first_contact = first_contact or (e.need == presenting and contacts == 0)
            elif kind is ExceptionMade:
                exceptions += 1
            elif kind is Transferred:
                handoffs += 1
                ping += e.ping_pong
                continue
            elif kind is Assigned:
                if e.target != e.role:                # the manager hands the work to another desk
                    handoffs += 1
                    wrong += e.wrong
                    ping += e.ping_pong
                continue
            elif kind is Coordinated:
                staff += e.minutes
                minutes[e.role] += e.minutes
                continue
            elif kind is Overturned:
                overturned += 1
                resolved.pop(e.need, None)
                first_contact = first_contact and e.need != presenting
                continue
            elif kind is HiddenFound:
                found += 1
                continue
            elif kind is GaveUp:
                gave_up_at = e.time
                continue
            elif kind is Consent:
                consents = e.given
                continue
            elif kind is SelfService:
                online += 1
                online_ok += e.success
                staff += e.minutes
                minutes[e.role] += e.minutes
                channel_cost += self.channel_cost.get("self_service", 0.0)
                applied.setdefault(e.need, e.time)    # an application online is received by the municipality
                continue
            elif kind is Callback:
                lost += not e.answered
                continue
            elif kind is Outreach:
                outreach += 1
                prevented += e.found
                staff += e.minutes
                minutes[e.role] += e.minutes
                applied.setdefault(e.need, e.time)
                continue
            elif kind is not Worked and kind is not Deferred:
                continue
            # a decision about the need (Referred, Resolved, Exception, Worked, Deferred)
            need = e.need
            applied.setdefault(need, e.time)
            since = waiting_since.pop(need, None)
            if since is not None:
                paused[need] = paused.get(need, 0.0) + e.time - since
            if kind is Deferred and e.reason == "documents":
                waiting_since[need] = e.time
        outcome, lead, harm, breaches, done, needs = self._needs(arrived, resolved, applied, paused,
                                                                 waiting_since, gave_up_at)
        return (arrived.citizen, self.case_index[arrived.case], self.profile_index[arrived.profile], outcome,
                arrived.time / self.day, handoffs, max(tellings - 1, 0), tellings, contacts, failures, wrong,
                ping, len(roles), lead, wait, staff, harm, exceptions, breaches, found, needs, done,
                float(consents), float(first_contact), overturned,
                float(self.role_index[first_desk]) if first_desk is not None else -1.0,
                online, online_ok, lost, outreach, prevented,
                sum(m * self.per_minute[r] for r, m in minutes.items()) + channel_cost,
                sum(m * self.per_minute[r] for r, m in failure_minutes.items()),
                minutes[self.manager] * self.per_minute[self.manager] if self.manager else 0.0,
                *minutes.values())

    def _needs(self, arrived, resolved, applied, paused, still_waiting, gave_up_at) -> tuple:
        """Outcome (index into OUTCOMES), lead time (days), harm (EUR), legal-term breaches,
        needs resolved and needs, over the case's needs."""
        arrival = arrived.time
        end = arrival + self.horizon
        stop = gave_up_at if gave_up_at is not None else end     # the application ends here
        needs = self.case_needs[arrived.case]
        harm = breaches = 0.0
        done, last = 0, arrival
        for need, harm_rate, term in needs:
            t = resolved.get(need)
            if t is not None and t <= end:
                done += 1
                last = t if t > last else last
                until = t
            else:
                until = end
            harm += (until - arrival) * harm_rate
            if term is not None and need in applied:
                decided = min(until, stop)
                stood_still = paused.get(need, 0.0)
                if need in still_waiting:             # still without the documents at the end
                    stood_still += decided - still_waiting[need]
                breaches += decided - applied[need] - stood_still > term
        everything = done == len(needs)
        outcome = 2 if gave_up_at is not None else 0 if everything else 1 if done else 3    # OUTCOMES order
        lead = (last - arrival) / self.day if everything else math.nan
        return outcome, lead, harm, breaches, done, len(needs)
