"""The counting rules of DESIGN §2, as one fold over a citizen's events.

Every per-citizen figure kastje reports comes from :meth:`Counting.fold`: a simulated run
folds each citizen's events when they leave, ``kastje metrics`` folds a stored log, and a
workshop round will fold the events its players made. Nothing else counts.

What a figure means (docs/model.md has the table):

- a **telling** is a ``told`` event; retellings = tellings − 1;
- a **hand-off** is what :func:`sim.events.kinds.handoff` says it is (a referral, a transfer
  to the case manager, the manager putting another desk on a need); the engine marks it
  ``wrong`` when the target cannot resolve the need and ``ping_pong`` when the target had
  already decided about that need;
- a **contact** is a ``contact`` event, failure demand when it carries a failure reason; a
  queue left before being served is an ``abandoned`` event (its wait counts as waiting), and
  leaving a waiting list is giving up;
- **legal terms** are counted over every need with a term that was raised: each one the citizen
  knew of at arrival, and each hidden one once it came to light (found, a crisis, an outreach, a
  decision about it). Each is *decided in time*, *decided late* or *never decided* (the citizen
  gave up, or it was still open at the end of the follow-up), so a citizen who drops out never
  makes the figures look better. The term runs from the municipality's first decision about the
  need (by any desk; an application online counts), paused while documents are missing (from a
  deferral for documents until the next decision about the need), until it is resolved. An
  outreach does not start it: the municipality announces itself, and the term starts when the
  citizen takes the need up (docs/model.md);
- **first-contact resolution**: the citizen's first contact was at an entry desk, the need
  they came with was resolved in it, and they needed no further contact about it;
- **harm** accrues per need from arrival until it is resolved or the follow-up ends.
"""

from __future__ import annotations

import math
from functools import partial
from operator import mul
from typing import NamedTuple, get_type_hints

from sim.events.kinds import (
    KINDS,
    Abandoned,
    Arrived,
    Asked,
    Callback,
    Consent,
    Contact,
    Coordinated,
    Crisis,
    Deferred,
    ExceptionMade,
    FileRead,
    GaveUp,
    HiddenFound,
    Left,
    Outreach,
    Overturned,
    Referred,
    Resolved,
    Run,
    SelfService,
    Told,
    Worked,
    handoff,
    is_handoff_kind,
)
from sim.scenario.chain import Chain
from sim.scenario.channels import ONLINE
from sim.scenario.schema import Scenario

WEEK_DAYS = 5
OUTCOMES = ("resolved", "partly", "gave_up", "open")
_SILENT = {Arrived, FileRead, Left, Asked, Run}   # events no figure counts
_HANDED = {kind for kind in KINDS.values() if is_handoff_kind(kind)} - {Referred}   # not decisions


class Row(NamedTuple):
    """One citizen, folded: every per-citizen figure, by name (sim.counting.metrics reads them).
    A new figure is a field here and its rule in :meth:`Counting.fold`."""
    citizen: int
    case: int                       # index into the scenario's cases
    profile: int                    # index into its profiles
    outcome: int                    # index into OUTCOMES
    arrival_day: float
    handoffs: int
    retellings: int
    tellings: int
    contacts: int
    failure_contacts: int
    wrong_referrals: int
    ping_pong: int
    distinct_roles: int
    lead_time_days: float           # NaN unless every need was resolved
    wait_minutes: float
    staff_minutes: float
    harm_eur: float
    exceptions: int
    terms: int                      # needs with a legal term that were raised
    terms_on_time: int              # of those: decided within the term
    terms_late: int                 # decided after it
    terms_undecided: int            # never decided: gave up, or still open at the end
    hidden_needs_found: int
    needs: int
    needs_resolved: int
    consents: float
    first_contact_resolved: float
    exceptions_overturned: int
    first_desk: float               # index into the chain's roles; -1: no contact at all
    self_service: int
    self_service_ok: int
    callbacks_lost: int
    abandoned: int                  # queues left before being served (hung up, or off a waiting list)
    outreach: int
    crises_prevented: int
    cost_eur: float
    failure_cost_eur: float
    case_manager_cost_eur: float


_row = partial(tuple.__new__, Row)


def whole_fields() -> tuple[str, ...]:
    """Row's fields declared ``int`` (counts and indices; the ledger keeps them in 4 bytes)."""
    return tuple(f for f in Row._fields if get_type_hints(Row)[f] is int)


class Counting:
    """The fold, set up once per scenario: per case its needs with their harm rate and term."""

    def __init__(self, scenario: Scenario, chain: Chain | None = None):
        self.day = scenario.clock.hours_per_day * 60.0
        self.horizon = scenario.horizon_days * self.day
        needs = {n.id: n for n in scenario.needs}
        week = WEEK_DAYS * self.day
        self.case_needs = {c.id: tuple((n, needs[n].harm_per_week_eur / week,
                                        needs[n].legal_term_days * self.day if needs[n].legal_term_days else None,
                                        n in c.hidden)
                                       for n in c.needs) for c in scenario.cases}
        self.case_index = {c.id: i for i, c in enumerate(scenario.cases)}
        self.profile_index = {p.id: i for i, p in enumerate(scenario.profiles)}
        self.chain = chain = chain or Chain.of(scenario)
        self.role_index = {r: i for i, r in enumerate(chain.roles)}
        self.entry = set(chain.entry)
        self.per_minute = {r: scenario.hourly_cost(r) / 60.0 for r in chain.roles}
        self.channel_cost = dict(scenario.costs.channel_cost_eur)
        self.manager = chain.case_manager
        self._no_minutes = dict.fromkeys(chain.roles, 0.0)
        self._rates = tuple(self.per_minute[r] for r in chain.roles)
        self._role_rates = tuple(zip(chain.roles, self._rates))     # sums in chain order: the same floats

    def fold(self, events) -> tuple[Row, tuple[float, ...]]:
        """One citizen's events as a ledger row, and the staff minutes spent on them at each role
        (in chain order)."""
        arrived = events[0]
        if type(arrived) is not Arrived:
            raise ValueError(f"citizen {arrived.citizen}: the first event must be 'arrived', not '{arrived.activity}'")
        presenting = arrived.need
        tellings = handoffs = wrong = ping = contacts = failures = exceptions = found = overturned = 0
        online = online_ok = lost = outreach = prevented = abandoned = 0
        minutes = self._no_minutes.copy()                # staff minutes per role, in chain order
        failure_minutes: dict[str, float] = {}
        entry, channel_cost_of = self.entry, self.channel_cost
        channel_cost = 0.0
        wait = staff = 0.0
        roles: set[str] = set()
        resolved: dict[str, float] = {}
        applied: dict[str, float] = {}     # need -> the municipality's first decision about it
        paused: dict[str, float] = {}      # need -> minutes the term stood still (documents missing)
        waiting_since: dict[str, float] = {}   # need -> deferred for documents at
        surfaced: set[str] = set()         # hidden needs that came to light
        gave_up_at = None
        first_contact = consents = False
        first_desk = None
        for e in events:
            kind = type(e)
            if kind is Contact:
                _, _, role, need, spent, waited, failure, channel = e
                if first_desk is None:
                    first_desk = role
                    first_contact = first_contact and role in entry
                elif need == presenting:
                    first_contact = False         # they needed another contact for their question
                contacts += 1
                staff += spent
                minutes[role] += spent
                if failure:
                    failures += 1
                    failure_minutes[role] = failure_minutes.get(role, 0.0) + spent
                channel_cost += channel_cost_of.get(channel, 0.0)
                wait += waited
                roles.add(role)
                continue
            if kind is Told:
                tellings += 1
                continue
            if kind in _SILENT:
                continue
            h = handoff(e)
            if h is not None:                     # the one rule: referred, transferred, assigned to another desk
                handoffs += 1
                wrong += h.wrong
                ping += h.ping_pong
                if kind is not Referred:          # a transfer or an assignment decides nothing about the need
                    continue
            elif kind in _HANDED:                 # the case manager keeping a need: no hand-off, no decision
                continue
            if kind is Referred or kind is Worked or kind is Deferred:
                pass
            elif kind is Resolved:
                resolved[e.need] = e.time             # the last time: an overturned exception reopens it
                first_contact = first_contact or (e.need == presenting and contacts == 0)
            elif kind is ExceptionMade:
                exceptions += 1
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
                surfaced.add(e.need)
                continue
            elif kind is Crisis:
                surfaced.add(e.need)
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
                channel_cost += self.channel_cost.get(ONLINE, 0.0)
                applied.setdefault(e.need, e.time)    # an application online is received by the municipality
                continue
            elif kind is Callback:
                lost += not e.answered
                continue
            elif kind is Abandoned:
                abandoned += 1
                wait += e.wait                    # they waited, and were not served
                continue
            elif kind is Outreach:
                outreach += 1
                prevented += e.found
                staff += e.minutes
                minutes[e.role] += e.minutes
                surfaced.add(e.need)              # raised, but the term waits for the citizen to take it up
                continue
            else:
                continue
            # a decision about the need (Referred, Resolved, Exception, Worked, Deferred)
            need = e.need
            applied.setdefault(need, e.time)
            since = waiting_since.pop(need, None)
            if since is not None:
                paused[need] = paused.get(need, 0.0) + e.time - since
            if kind is Deferred and e.reason == "documents":
                waiting_since[need] = e.time
        surfaced.update(applied)
        outcome, lead, harm, terms, done, needs = self._needs(arrived, resolved, applied, paused, gave_up_at,
                                                              surfaced)
        per_minute = self.per_minute
        spent = tuple(minutes.values())
        raised, on_time, late = terms
        return _row((      # Row's fields, in order (positional: a third of the keyword call's cost)
            arrived.citizen, self.case_index[arrived.case], self.profile_index[arrived.profile], outcome,
            arrived.time / self.day, handoffs, max(tellings - 1, 0), tellings, contacts, failures, wrong, ping,
            len(roles), lead, wait, staff, harm, exceptions, raised, on_time, late, raised - on_time - late,
            found, needs, done, float(consents), float(first_contact), overturned,
            float(self.role_index[first_desk]) if first_desk is not None else -1.0,
            online, online_ok, lost, abandoned, outreach, prevented,
            sum(map(mul, spent, self._rates)) + channel_cost,
            sum(failure_minutes.get(r, 0.0) * rate for r, rate in self._role_rates) if failure_minutes else 0.0,
            minutes[self.manager] * per_minute[self.manager] if self.manager else 0.0,
        )), spent

    def _needs(self, arrived, resolved, applied, paused, gave_up_at, surfaced) -> tuple:
        """Outcome (index into OUTCOMES), lead time (days), harm (EUR), legal terms (raised, on
        time, late), needs resolved and needs, over the case's needs."""
        arrival = arrived.time
        end = arrival + self.horizon
        needs = self.case_needs[arrived.case]
        harm = 0.0
        raised = on_time = late = 0
        done, last = 0, arrival
        for need, harm_rate, term, hidden in needs:
            t = resolved.get(need)
            if t is not None and t <= end:
                done += 1
                last = max(last, t)
                until = t
            else:
                t, until = None, end
            harm += (until - arrival) * harm_rate
            if term is None or (hidden and need not in surfaced):
                continue
            raised += 1
            if t is None:
                continue                              # never decided: gave up, or still open
            if t - applied.get(need, t) - paused.get(need, 0.0) <= term:
                on_time += 1
            else:
                late += 1
        everything = done == len(needs)
        outcome = 2 if gave_up_at is not None else 0 if everything else 1 if done else 3    # OUTCOMES order
        lead = (last - arrival) / self.day if everything else math.nan
        return outcome, lead, harm, (raised, on_time, late), done, len(needs)
