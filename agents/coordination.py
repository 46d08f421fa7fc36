"""The journey under a case manager (coordination: case_manager).

The citizen starts on their own. A desk keeps what it can resolve and transfers the citizen
to the case manager when there is more (its policy decides); a citizen who walks into the
case manager's desk is owned from then on. The case manager decides who works on every
need — in the contact with the citizen, or in the back office when a need comes up later —
and each need is worked on by its holder in parallel with the others, starting as soon as
its prerequisites are met. Crises come back to the case manager.

Coordination costs the manager's time: every back-office assignment and a weekly
coordination of each owned citizen (`coordination_minutes` per open need) take a server at
the manager's desk, so too few case managers become the bottleneck.
"""

from __future__ import annotations

from agents.decision import Action, Talk, View, check
from sim.scenario.channels import DEFAULT


def coordinated(citizen):
    model = citizen.model
    yield from citizen.on_own()                   # until a desk transfers them, or the journey ends
    if not citizen.managed or citizen.gave_up or model.env.now >= citizen.deadline:
        return
    manager = model.desks[model.rules.case_manager]
    if manager.id not in citizen.told:            # transferred by another desk: meet the manager
        st = next((o for o in citizen.agenda if o.known and o.open and not o.assigned), citizen.next_need())
        if st is not None:
            talk = yield from manager.contact(citizen, st)
            if talk is None:
                return
            if talk.fruitless and not (yield from citizen.go_on(manager.id, talk.fruitless)):
                return
    yield from manage(citizen)


def manage(citizen):
    """The case manager's loop: assign what comes up, run a track per need, meet crises."""
    model = citizen.model
    env, office = model.env, model.desks[model.rules.case_manager]
    tracks: dict[str, object] = {}
    env.process(coordinate(citizen, office))
    while env.now < citizen.deadline and not citizen.gave_up:
        crisis = citizen.surface_crises(env.now) if citizen.crisis_due <= env.now else None
        if crisis is not None:
            talk = yield from office.contact(citizen, crisis)
            if talk is None or (talk.fruitless and not (yield from citizen.go_on(office.id, talk.fruitless))):
                return
        for st in citizen.agenda:
            if st.known and st.open:
                if not st.assigned:
                    yield from assign_in_back_office(office, citizen, st)
                    if citizen.gave_up:
                        return
                track_of = tracks.get(st.id)
                if st.open and (track_of is None or not track_of.is_alive):
                    tracks[st.id] = env.process(track(citizen, st))
        running = [p for p in tracks.values() if p.is_alive]
        wake = citizen.wake_at(None)
        if not running and wake is None:
            return
        until = citizen.deadline if wake is None else wake
        yield env.any_of(running + [env.timeout(max(0.0, until - env.now))])


def assign_in_back_office(office, citizen, st):
    """A need that came up while the citizen was not at the manager's desk: the manager
    takes a server for `need_minutes` to decide who works on it (and `warm_handoff_minutes` more
    to book and brief the specialist on a warm hand-off)."""
    model = citizen.model
    env, rules, chain = model.env, model.rules, model.chain
    way = model.channel_of[citizen.profile.id][office.id]
    listed = way.key if way.queue == "waiting_list" else DEFAULT     # not on the line: on a waiting list
    queued = env.now
    if not (yield from office.wait(citizen.patience(listed))):      # weeks on the manager's list: gives up
        office.left_queue(citizen, st, listed, env.now - queued)
        return
    start = env.now
    if st.assigned or not st.open or citizen.left:    # settled while the manager was busy
        office.release(0.0)
        return
    talk = Talk([st.id], st.id, at_desk=False)
    view = View(office.id, st.id, citizen, talk, rules, chain, env.now)
    act = office.policy.decide(view)
    if not isinstance(act, Action):
        act = yield act
        view = View(office.id, st.id, citizen, talk, rules, chain, env.now)
    office.carry_out(check(act, view), view, citizen, talk)
    minutes = model.params.need_minutes + talk.extra     # deciding, and booking a warm hand-off
    if minutes:
        yield env.timeout(minutes)
    talk.leave(env.now)
    office.release(env.now - start)
    citizen.record_office_work(office.id, env.now - start, 1)


def coordinate(citizen, office):
    """Every week the manager goes over each owned citizen's open needs."""
    model = citizen.model
    env, week, per_need = model.env, 5 * model.day, model.params.coordination_minutes
    while per_need > 0:
        yield env.timeout(week)
        needs = sum(1 for st in citizen.agenda if st.known and st.open)
        if citizen.left or citizen.gave_up or env.now >= citizen.deadline or not needs:
            return
        seat = office.seat()
        if seat is not None:
            yield seat
        start = env.now
        yield env.timeout(per_need * needs)
        office.release(env.now - start)
        citizen.record_office_work(office.id, env.now - start, needs)


def track(citizen, st):
    """One need, worked on by its holder alongside the citizen's other needs."""
    model = citizen.model
    env, desks = model.env, model.desks
    while st.open and env.now < citizen.deadline and not citizen.gave_up:
        p = citizen.open_prerequisite(st)
        if p is not None:                         # the manager sequences: start when it is met
            if p.done is None:
                p.done = env.event()
            yield p.done | env.timeout(citizen.deadline - env.now)
            continue
        if st.ready_at > env.now:
            yield env.timeout(citizen.capped(st.ready_at - env.now))
            continue
        desk = st.holder
        talk = yield from desks[desk].contact(citizen, st)
        if talk is None:
            return
        if talk.fruitless and not (yield from citizen.go_on(desk, talk.fruitless)):
            return
