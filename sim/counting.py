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
- the **legal term** of a need runs from the first decision about it by a role that can
  resolve it; citizens who gave up withdrew their application and breach nothing;
- **harm** accrues per need from arrival until it is resolved or the follow-up ends.
"""

from __future__ import annotations

import math

from sim.chain import Chain
from sim.events import (Arrived, Asked, Assigned, Consent, Contact, Coordinated, Crisis, Deferred, ExceptionMade,
                        FileRead, GaveUp, HiddenFound, Left, Overturned, Referred, Resolved, Run, Told, Transferred,
                        Worked)
from sim.schema import Scenario

WEEK_DAYS = 5
# Per-citizen numeric columns of the ledger, in order.
COLUMNS = ("arrival_day", "handoffs", "retellings", "tellings", "contacts", "failure_contacts",
           "wrong_referrals", "ping_pong", "distinct_roles", "lead_time_days", "wait_minutes",
           "staff_minutes", "harm_eur", "exceptions", "legal_term_breaches", "hidden_needs_found",
           "needs", "needs_resolved", "consents", "first_contact_resolved", "exceptions_overturned")
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
        self.competent = (chain or Chain.of(scenario)).competent

    def fold(self, events) -> tuple:
        """One citizen's events as a ledger row: (citizen, case index, profile index,
        outcome index, then the values of COLUMNS in order)."""
        arrived = events[0]
        if type(arrived) is not Arrived:
            raise ValueError(f"citizen {arrived.citizen}: the first event must be 'arrived', not '{arrived.activity}'")
        presenting = arrived.need
        tellings = handoffs = wrong = ping = contacts = failures = exceptions = found = overturned = 0
        wait = staff = 0.0
        roles: set[str] = set()
        resolved: dict[str, float] = {}
        applied: dict[str, float] = {}     # need -> first decision by a role that can resolve it
        gave_up = first_contact = consents = False
        competent = self.competent
        for e in events:
            kind = type(e)
            if kind is Contact:
                contacts += 1
                failures += e.failure != ""
                staff += e.minutes
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
                gave_up = True
                continue
            elif kind is Consent:
                consents = e.given
                continue
            elif kind is not Worked and kind is not Deferred:
                continue
            if e.role in competent[e.need]:       # a decision: Referred, Resolved, Exception, Worked, Deferred
                applied.setdefault(e.need, e.time)
        outcome, lead, harm, breaches, done, needs = self._needs(arrived, resolved, applied, gave_up)
        return (arrived.citizen, self.case_index[arrived.case], self.profile_index[arrived.profile], outcome,
                arrived.time / self.day, handoffs, max(tellings - 1, 0), tellings, contacts, failures, wrong,
                ping, len(roles), lead, wait, staff, harm, exceptions, breaches, found, needs, done,
                float(consents), float(first_contact), overturned)

    def _needs(self, arrived, resolved, applied, gave_up) -> tuple:
        """Outcome (index into OUTCOMES), lead time (days), harm (EUR), legal-term breaches,
        needs resolved and needs, over the case's needs."""
        arrival = arrived.time
        end = arrival + self.horizon
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
            if term is not None and not gave_up and need in applied:
                breaches += until > applied[need] + term
        everything = done == len(needs)
        outcome = 2 if gave_up else 0 if everything else 1 if done else 3    # OUTCOMES order
        lead = (last - arrival) / self.day if everything else math.nan
        return outcome, lead, harm, breaches, done, len(needs)
