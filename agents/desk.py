"""A desk: a role's staff, its queue, and what happens in one contact.

The desk is a Mesa agent. Its queue is first-come-first-served over ``staff`` servers, an
M/G/c queue (checked against Erlang C in tests/test_theory.py); a free server is taken
without a SimPy event, and a server that comes free is handed straight to the first citizen
waiting, so a contact costs one timeout when nobody queues.

In a contact the desk asks its policy for one action at a time (agents.decision), checks
each, and carries it out: that is the only place the engine changes a citizen's needs on a
desk's behalf. The staff member stays with the citizen until the decisions are made and the
service time has passed, whichever is later.
"""

from __future__ import annotations

from collections import deque

import mesa

from agents.citizen import MAX_CONTACTS, YES_NO, RunawayCitizen
from agents.decision import (ASK, ASSIGN, DEFER, EXCEPTION, REFER, TELL_HIDDEN, TRANSFER, WORK, Action, Talk,
                             View, check, check_answer)
from sim.events import (DEFERRAL, WRONG_REFERRAL, Asked, Assigned, Contact, Deferred, HiddenFound, Referred,
                        Transferred)
from sim.schema import Role


class Desk(mesa.Agent):
    def __init__(self, model, role: Role):
        super().__init__(model)
        self.role = role
        self.id = role.id
        self.free = role.staff
        self.waiting: deque = deque()
        self.policy = None                  # set by the model: rules, a bot, or a person
        self._service_minutes = role.service_minutes.sampler(model.streams.service[role.id])
        self.contacts = 0
        self.busy_minutes = 0.0

    @property
    def queue_length(self) -> int:
        return len(self.waiting)

    def release(self) -> None:
        if self.waiting:
            self.waiting.popleft().succeed()   # the server goes straight to the next citizen
        else:
            self.free += 1

    # --- one contact ---------------------------------------------------------------------
    def contact(self, citizen, st):
        """Queue, sit down, tell, decide, be served. Returns the decision about ``st``, or
        None when the citizen's time ran out (or they gave up) while queueing."""
        model = self.model
        env = model.env
        queued = env.now
        if self.free:
            self.free -= 1
        else:
            seat = env.event()
            self.waiting.append(seat)
            yield seat
        start = env.now
        if start >= citizen.deadline or citizen.gave_up:
            self.release()
            return None
        role = self.id
        citizen.contacts += 1
        if citizen.contacts > MAX_CONTACTS:
            raise RunawayCitizen(citizen.runaway(role))
        minutes = self._service_minutes()
        failure, st.pending = st.pending, ""
        if role not in citizen.told:
            if citizen.file_follows is None:
                yield from citizen.consent(role, start)
            minutes += citizen.tell(role, start)
        citizen.story[role].add(st.id)
        talk = Talk(self._table(citizen, st) if citizen.managed else [st.id], st.id)
        rules, chain, policy = model.rules, model.chain, self.policy
        need = st.id if len(talk.table) == 1 else talk.next()
        while need is not None:
            view = View(role, need, citizen, talk, rules, chain, env.now)
            act = policy.decide(view)
            if act.__class__ is not Action:         # a decision that comes later
                act = yield act
                view = View(role, need, citizen, talk, rules, chain, env.now)
            check(act, view)
            if act.kind == ASK:
                yield from self._ask(citizen, talk, view.now)
            else:
                self.carry_out(act, view, citizen, talk)
            need = talk.next()
        now = env.now
        end = start + minutes + talk.extra
        if end > now:
            yield env.timeout(end - now)
            now = end
        self.release()
        spent = now - start
        self.contacts += 1
        self.busy_minutes += spent
        citizen.history.append(Contact.new((citizen.number, now, role, st.id, spent, start - queued, failure)))
        return talk.outcome

    def _table(self, citizen, st) -> list[str]:
        """The case manager meeting the citizen decides who works on every need not yet
        assigned; any other desk decides about the need the citizen came for."""
        if citizen.managed and self.id == self.model.rules.case_manager and not st.assigned:
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
        elif model.rules.case_manager is None:   # no coordinator: the desk takes up every need
            talk.table[:0] = [n for n in known if n not in talk.table]

    # --- carrying out a decision -----------------------------------------------------------
    def carry_out(self, act: Action, view: View, citizen, talk: Talk) -> None:
        """Do what a checked action says, and write it down as events."""
        kind, now, role = act.kind, view.now, self.id
        if kind == TRANSFER:
            self._transfer(citizen, talk, now)
            return
        need = act.need or view.need
        st = citizen.by_id[need]
        talk.decided.append(need)
        if need == talk.focus:
            talk.outcome = act
        if kind == REFER:
            target = act.target
            wrong = target not in self.model.chain.competent[need]
            citizen.history.append(Referred.new((citizen.number, now, role, need, target, act.warm, wrong,
                                                 target in st.visited)))
            st.visited.add(role)
            st.holder = target
            if wrong:
                st.pending = WRONG_REFERRAL
            return
        if kind == ASSIGN:
            st.holder, st.assigned = act.target, True
            citizen.history.append(Assigned(citizen.number, now, role, need, act.target))
            return
        st.visited.add(role)
        if kind == DEFER:
            citizen.history.append(Deferred(citizen.number, now, role, need, act.reason, act.bring))
            if need == talk.focus:
                st.pending = DEFERRAL
            else:   # a need taken up in passing stays here; the desk said what to bring
                st.holder = role
                if act.bring:
                    st.docs_missing = False
            return
        # WORK or EXCEPTION
        to_assign = citizen.managed and not st.assigned and role == self.model.rules.case_manager
        if kind == EXCEPTION:
            citizen.lift(st, view.block if need == view.need else citizen.block(need, now)[0], role, now, act.note)
        st.holder = role
        if not citizen.progress(st, role, now) and to_assign:
            st.pause = self.model.params.days_between_contacts * self.model.day
        if to_assign:
            st.assigned = True

    def _transfer(self, citizen, talk: Talk, now: float) -> None:
        """The desk hands the citizen, with every need they know of, to the case manager."""
        manager, role = self.model.rules.case_manager, self.id
        for st in citizen.agenda:
            if st.known and st.open:
                ping_pong = manager in st.visited
                st.visited.add(role)
                st.holder = manager
                citizen.history.append(Transferred(citizen.number, now, role, st.id, manager, ping_pong))
        citizen.managed = True
        talk.decided = list(talk.table)
        talk.outcome = Action(TRANSFER)
