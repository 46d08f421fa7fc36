"""The journey under a case manager (coordination: case_manager).

The first desk either handles a simple matter itself or transfers the citizen to the case
manager (its policy decides). The case manager then owns the citizen: it decides who works
on every need — in the contact with the citizen, or in the back office when a need comes up
later — and each need is worked on by its specialist in parallel with the others, starting
as soon as its prerequisites are met. Crises come back to the case manager.
"""

from __future__ import annotations

from simpy import Event

from agents.decision import TRANSFER, Action, Talk, View, check


def coordinated(citizen):
    model = citizen.model
    desks, manager = model.desks, model.rules.case_manager
    st = citizen.agenda[0]
    st.holder = yield from citizen.choose_desk(st)
    if st.holder == manager:
        citizen.managed = True
    first = st.holder
    act = yield from desks[first].contact(citizen, st)
    if act is None:
        return
    if first != manager:
        if act.kind != TRANSFER:              # a simple matter: the desk handles it
            yield from citizen.after(act, st, first)
            yield from citizen.on_own()
            return
        if (yield from desks[manager].contact(citizen, st)) is None:
            return
    yield from manage(citizen)


def manage(citizen):
    """The case manager's loop: assign what comes up, run a track per need, meet crises."""
    model = citizen.model
    env, office = model.env, model.desks[model.rules.case_manager]
    tracks: dict[str, object] = {}
    while env.now < citizen.deadline and not citizen.gave_up:
        crisis = citizen.surface_crises(env.now)
        if crisis is not None and (yield from office.contact(citizen, crisis)) is None:
            return
        for st in citizen.agenda:
            if st.known and st.open and st.id not in tracks:
                if not st.assigned:
                    yield from assign_in_back_office(office, citizen, st)
                if st.open:
                    tracks[st.id] = env.process(track(citizen, st))
        running = [p for p in tracks.values() if p.is_alive]
        t = citizen.next_crisis_time()
        if not running and t is None:
            return
        until = citizen.deadline if t is None else min(t, citizen.deadline)
        yield env.any_of(running + [env.timeout(max(0.0, until - env.now))])


def assign_in_back_office(office, citizen, st):
    """A need that came up while the citizen was not at the manager's desk."""
    model = citizen.model
    env, rules, chain = model.env, model.rules, model.chain
    talk = Talk([st.id], st.id, at_desk=False)
    view = View(office.id, st.id, citizen, talk, rules, chain, env.now)
    act = office.policy.decide(view)
    if not isinstance(act, Action):
        act = yield act
        view = View(office.id, st.id, citizen, talk, rules, chain, env.now)
    office.carry_out(check(act, view), view, citizen, talk)


def track(citizen, st):
    """One need, worked on by its specialist alongside the citizen's other needs."""
    model = citizen.model
    env, desks = model.env, model.desks
    if st.pause:
        yield env.timeout(citizen.capped(st.pause))
        st.pause = 0.0
    if st.holder != model.rules.case_manager:
        citizen.brief(st.holder)              # the case manager passes the story on
    while st.open and env.now < citizen.deadline and not citizen.gave_up:
        p = citizen.open_prerequisite(st)
        if p is not None:                     # the manager sequences: start when it is met
            if p.done is None:
                p.done = Event(env)
            yield p.done | env.timeout(citizen.deadline - env.now)
            continue
        desk = st.holder
        act = yield from desks[desk].contact(citizen, st)
        if act is None:
            return
        yield from citizen.after(act, st, desk)
