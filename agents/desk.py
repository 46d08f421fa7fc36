"""A desk: a role's staff, its queue, and what happens in one contact.

The desk is a plain record (under the reference engine also a Mesa agent: sim.engine.world). Its queue is first-come-first-served over ``staff`` servers, an
M/G/c queue (checked against Erlang C in tests/test_theory.py); a free server is taken
without a SimPy event, and a server that comes free is handed straight to the first citizen
waiting, so a contact costs one timeout when nobody queues.

In a contact the desk asks its policy for one action at a time (agents.decision), checks
each, and carries it out: that is the only place the engine changes a citizen's needs on a
desk's behalf, and every need decided — the one the citizen came for or one taken up in
passing — gets the same consequences. The staff member stays with the citizen until the
decisions are made and the service time has passed, whichever is later.
"""

from __future__ import annotations

from collections import deque

from agents.channels import call_back
from agents.citizen import MAX_CONTACTS, YES_NO
from agents.decision import (
    ASK,
    ASSIGN,
    DEFER,
    END,
    EXCEPTION,
    REFER,
    TELL_HIDDEN,
    TRANSFER,
    Action,
    Talk,
    View,
    check,
    check_answer,
)
from agents.policy import RulePolicy
from sim.errors import RunawayCitizen
from sim.events.kinds import (
    ABANDONED,
    DEFERRAL,
    WRONG_REFERRAL,
    Abandoned,
    Asked,
    Assigned,
    Contact,
    Deferred,
    HiddenFound,
    Referred,
    Transferred,
)
from sim.scenario.channels import CHANNELS
from sim.scenario.schema import Role


class Desk:
    def __init__(self, model, role: Role):
        self.model = model
        self.role = role
        self.id = role.id
        self.free = role.staff
        self.waiting: deque = deque()
        self.policy = None                  # set by the model: rules, a bot, or a person
        self._service_minutes = role.service_minutes.sampler(model.streams.service[role.id])
        self.contacts = 0
        self.busy_minutes = 0.0
        self.served = 0                     # contacts and office tasks done
        self.abandoned = 0                  # citizens who left the queue before being served

    @property
    def queue_length(self) -> int:
        return len(self.waiting)

    def seat(self):
        """None when a server is free now; else an event that fires when one is."""
        if self.free:
            self.free -= 1
            return None
        seat = self.model.env.event()
        self.waiting.append(seat)
        return seat

    def wait(self, patience: float | None):
        """Queue for a server for at most ``patience`` minutes (None: as long as it takes).
        Returns True with a server taken, False when the patience ran out first (the citizen's
        place in the queue is given up: M/M/c+M, as in Erlang A)."""
        seat = self.seat()
        if seat is None:
            return True
        if patience is None:
            yield seat
            return True
        yield seat | self.model.env.timeout(patience)
        if seat.triggered:
            return True
        self.waiting.remove(seat)
        return False

    def release(self, minutes: float) -> None:
        self.busy_minutes += minutes
        self.served += minutes > 0
        if self.waiting:
            self.waiting.popleft().succeed()   # the server goes straight to the next citizen
        else:
            self.free += 1

    # --- one contact ---------------------------------------------------------------------
    def contact(self, citizen, st):
        """Queue, sit down, tell, decide, be served. Returns the conversation (its decisions
        and fruitless steps), or None when the citizen's time ran out (or they gave up) while
        queueing."""
        model = self.model
        env = model.env
        queued = env.now
        role = self.id
        way = model.channel_of[citizen.profile.id][role]      # the channel's behaviour: sim.scenario.channels
        if self.free:
            self.free -= 1
        else:
            citizen.where = ("queue", role)
            if not (yield from self.wait(citizen.patience(way.key))):   # out of patience first
                return self.left_queue(citizen, st, way.key, env.now - queued)
        start = env.now
        if start >= citizen.deadline or citizen.gave_up:
            citizen.where = None
            self.release(0.0)
            return None
        citizen.where = ("desk", role)
        citizen.contacts += 1
        if citizen.contacts > MAX_CONTACTS:
            raise RunawayCitizen(citizen.runaway(role))
        minutes = self._service_minutes()
        citizen.channel = channel = way.key
        minutes = way.minutes(minutes, model.channels)
        failure, st.pending = st.pending, ""
        params = model.params
        if role not in citizen.told:
            if citizen.file_follows is None:
                yield from citizen.consent(role, start)
                minutes += params.consent_minutes          # explaining what the file is and who reads it
            minutes += citizen.tell(role, start)
        citizen.story[role].add(st.id)
        talk = Talk(self._table(citizen, st) if citizen.managed else [st.id], st.id)
        rules, chain, policy = model.rules, model.chain, self.policy
        trusted = model.trusts_rules
        if citizen.file_follows:
            minutes += params.file_keeping_minutes         # this contact is written into the file
            if role in chain.from_file:                    # e.g. the KCC answers "where is my application?"
                talk.file_ok = model.streams.files.random() >= params.file_error   # unless the file is stale
        may_transfer = rules.case_manager is not None and not citizen.managed and role != rules.case_manager
        need = talk.next()
        while not talk.over:
            if need is None:                   # every need decided: a last word (transfer?) or done
                if talk.closing or not (may_transfer and not citizen.managed):
                    break
                talk.closing, need = True, talk.focus
            view = View(role, need, citizen, talk, rules, chain, env.now)
            act = policy.decide(view)
            if act.__class__ is not Action:         # a decision that comes later
                act = yield act
                view = View(role, need, citizen, talk, rules, chain, env.now)
            if not (trusted and policy.__class__ is RulePolicy):
                check(act, view)            # the rules' own actions are checked by the reference engine
            kind = act.kind
            if kind == ASK:
                yield from self._ask(citizen, talk, view.now)
            elif kind == END:
                talk.over = True
            else:
                self.carry_out(act, view, citizen, talk)
            need = None if talk.closing else talk.next()
        if len(talk.decided) > 1:                   # every further need discussed takes time
            talk.extra += model.params.need_minutes * (len(talk.decided) - 1)
        now = env.now
        end = start + minutes + talk.extra
        if end > now:
            yield env.timeout(end - now)
            now = end
        spent = now - start
        talk.leave(now)
        citizen.where = None
        self.release(spent)
        self.contacts += 1
        citizen.history.append(Contact.new((citizen.number, now, role, st.id, spent, start - queued, failure, channel)))
        return talk

    def left_queue(self, citizen, st, channel: str, waited: float):
        """The citizen left the queue of ``channel``. On the line they hang up and call again after
        ``redial_minutes`` — a fruitless step, and the call is failure demand; leaving a waiting
        list ends their pursuit: they give up. Returns what :meth:`contact` returns."""
        citizen.where = None
        model = citizen.model
        now = model.env.now
        line = CHANNELS[channel].queue == "line"
        self.abandoned += 1
        citizen.history.append(Abandoned(citizen.number, now, self.id, st.id, channel, waited, line))
        if line:
            st.ready_at = now + model.channels.redial_minutes
            st.pending = ABANDONED
            return Talk.abandoned(st.id)
        citizen.give_up(self.id)
        return None

    def _table(self, citizen, st) -> list[str]:
        """The case manager meeting the citizen decides who works on every need not yet
        assigned; any other desk decides about the need the citizen came for."""
        if self.id == self.model.rules.case_manager:
            if st.assigned and self.id not in self.model.chain.competent[st.id]:
                st.assigned = False     # it landed with the manager, who cannot resolve it: assign it anew
            if not st.assigned:
                return [o.id for o in citizen.agenda if o.known and o.open and not o.assigned]
        return [st.id]

    def _ask(self, citizen, talk: Talk, now: float):
        """The broad-intake question: hidden needs may come out; other needs join the table."""
        model = self.model
        role, number = self.id, citizen.number
        talk.asked = True
        talk.extra += model.intake_extra
        citizen.history.append(Asked(number, now, role))
        for o in citizen.agenda:
            if o.open and not o.known:
                tells, question = citizen.ask(TELL_HIDDEN, YES_NO, o.id)
                if tells.__class__ is not bool:
                    tells = yield tells
                if check_answer(tells, question):
                    o.known = True
                    citizen.history.append(HiddenFound(number, now, role, o.id))
        known = [o.id for o in citizen.agenda if o.known and o.open]
        citizen.story[role].update(known)
        if citizen.managed:
            if role == model.rules.case_manager and not citizen.by_id[talk.focus].assigned:
                talk.table += [n for n in known if n not in talk.table and not citizen.by_id[n].assigned]
        elif model.rules.case_manager is None:
            # no coordinator: the desk takes up every need that nobody holds yet (or it holds)
            talk.table[:0] = [n for n in known if n not in talk.table
                              and citizen.by_id[n].holder in (None, role)]

    # --- carrying out a decision -----------------------------------------------------------
    def carry_out(self, act: Action, view: View, citizen, talk: Talk) -> None:
        """Do what a checked action says, write it down as events, and set what follows for
        the need: when the citizen can take it up again, and whether that is failure demand."""
        kind, now, role = act.kind, view.now, self.id
        if kind == TRANSFER:
            self._transfer(citizen, talk, now)
            return
        model = self.model
        params, day = model.params, model.day
        need = act.need or view.need
        st = citizen.by_id[need]
        talk.decided.append(need)
        if need == talk.focus:
            talk.outcome = act
        if kind == REFER:
            target = act.target
            wrong = target not in model.chain.competent[need]
            citizen.history.append(Referred.new((citizen.number, now, role, need, target, act.warm, wrong,
                                                 target in st.visited)))
            st.visited.add(role)
            st.holder = target
            if citizen.managed and target == model.rules.case_manager:
                st.assigned = False                   # back with the manager, who assigns it anew
            if wrong:
                st.pending = WRONG_REFERRAL
            if act.warm:
                wait = 0.0
                talk.extra += params.warm_handoff_minutes   # the sender books and briefs the next desk
            elif CHANNELS[citizen.channel].cold_referral == "callback":   # "you will be called back" (agents.channels)
                wait = call_back(citizen, st, role, target, now)
            else:
                wait = params.referral_delay_days * day
            talk.later.append((st, wait))
            if view.contact_person:                   # the contact person finds the way for their citizen:
                citizen.brief(target)                 # passes the story on, and it is no fruitless step
            else:
                talk.fruitless += 1                   # a desk that did not help with this need
            return
        if kind == ASSIGN:
            self._assign(act, st, citizen, talk, now)
            return
        st.visited.add(role)
        if kind == DEFER:
            citizen.history.append(Deferred(citizen.number, now, role, need, act.reason, act.bring))
            st.holder = role
            st.pending = DEFERRAL
            talk.fruitless += 1
            first = citizen.by_id.get(act.bring) if act.reason == "prerequisite" else None
            if first is not None and first.holder is None and role in model.chain.competent[first.id]:
                first.holder = role                   # "let us sort that out first": a desk keeps what it can
            wait = citizen.defer(st, act, now)
            if wait is not None:
                talk.later.append((st, wait))
            return
        # WORK or EXCEPTION
        manager_takes_it = citizen.managed and not st.assigned and role == model.rules.case_manager
        if kind == EXCEPTION:
            block = view.block if need == view.need else citizen.block(need, now)[0]
            citizen.lift(st, block, role, now, act.note)
            talk.extra += params.exception_minutes       # a good story takes time to write down
        st.holder = role
        if manager_takes_it:
            st.assigned = True
        if not citizen.progress(st, role, now):
            talk.later.append((st, params.days_between_contacts * day))

    def _assign(self, act: Action, st, citizen, talk: Talk, now: float) -> None:
        """The case manager puts someone on a need: a hand-off of the work unless it keeps it."""
        model, role, target = self.model, self.id, act.target
        st.holder, st.assigned = target, True
        if target == role:
            citizen.history.append(Assigned(citizen.number, now, role, st.id, target, True, False, False))
            return
        wrong = target not in model.chain.competent[st.id]
        citizen.history.append(Assigned(citizen.number, now, role, st.id, target, act.warm, wrong,
                                        target in st.visited))
        st.visited.add(role)
        if wrong:
            st.pending = WRONG_REFERRAL
        if act.warm:              # the manager books the specialist and briefs them
            talk.extra += model.params.warm_handoff_minutes
        else:                     # "go to desk X": the citizen gets there after a while
            talk.later.append((st, model.params.referral_delay_days * model.day))
        citizen.brief(target)     # the case manager passes the story on

    def _transfer(self, citizen, talk: Talk, now: float) -> None:
        """The desk hands the citizen to the case manager. Needs it held and did not decide
        about go with a hand-off; needs it decided about stay where they are; needs it never
        held go to the manager without one."""
        manager, role = self.model.rules.case_manager, self.id
        for nid in talk.table:
            st = citizen.by_id[nid]
            if nid in talk.decided:
                # kept (or placed elsewhere) by this desk: the manager leaves it there, unless it
                # was placed with the manager's own desk, which then assigns it
                st.assigned = st.open and st.holder != manager
                continue
            citizen.history.append(Transferred(citizen.number, now, role, nid, manager, manager in st.visited))
            st.visited.add(role)
            st.holder = manager
            talk.decided.append(nid)
            if nid == talk.focus:
                talk.fruitless += 1               # the citizen came here for it, and this desk could not help
        citizen.managed = True
        talk.over = True
        if talk.outcome is None:
            talk.outcome = Action(TRANSFER)
