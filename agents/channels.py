"""How citizen and municipality meet: channels, routes, self-service, call-backs and outreach.

- **Channels.** A contact with staff is by phone, at a desk or a home visit (a role serves some
  of these); self-service (a portal, a form) needs no staff at that moment. A call takes
  ``phone_minutes`` times a desk contact; a home visit adds travel minutes, and a question about
  the other life domains asked at home finds a need the citizen does not mention more often.
- **Routes.** The municipality offers a route per group of citizens (sim.scenario.schema.Route): the
  channels in order of preference and, optionally, a fixed contact person — the first desk for
  every need, who hands on warmly and passes the story on, and whose passing a need on is not a
  fruitless step for the citizen (they found the way for them; a wrong desk after them still
  is). The contact person refers with the setting's chain knowledge and spends their own desk's
  time on every need first. Under a uniform
  channel strategy every citizen gets the default route; under a differentiated one, each
  profile its own. A contact at a role uses the first channel of the route the role serves.
- **Self-service.** A need that is *digital first* in the setting is tried online first, by
  everyone under a uniform strategy and by citizens whose route lists self-service under a
  differentiated one. It succeeds with probability digital skill × (1 − the need's difficulty);
  a success is one step of the need, handled by the need's first resolver in the back office
  (``self_service_minutes`` of staff time, taking a server); a failure is a fruitless step (the
  citizen may give up), costs ``self_service_failure_days`` (stuck, or an incomplete form comes
  back), and the staffed contact that follows is failure demand.
- **Call-backs.** A cold referral in a phone call is a call-back request: the target calls back
  after ``callback_days``, or — with probability ``callback_lost`` — never, and the citizen calls
  the first desk again (failure demand).
- **Outreach.** For the needs of a case whose start can be seen coming (turning 18, the end of a
  benefit, a known divorce), the municipality reaches out with probability ``proactive`` when
  the citizen comes in: the need's first resolver takes it up (``outreach_minutes``, a telling),
  so a need the citizen had not mentioned cannot become a crisis. Every outreach costs its
  minutes, needed or not.
Each draw comes from a stream of its own (sim.engine.streams), so no other draw moves.
"""

from __future__ import annotations

from sim.events.kinds import CALLBACK_LOST, SELF_SERVICE_FAILED, Callback, Outreach, SelfService, Told
from sim.scenario.channels import CHANNELS, ONLINE, STAFFED, Channel


def channel_map(scenario, rules) -> dict[str, dict[str, Channel]]:
    """profile -> role -> the staffed channel a contact of that profile at that role uses."""
    roles = {r.id: r.channels for r in scenario.roles}
    out = {}
    for p in scenario.profiles:
        route = scenario.route_of(p.id, rules.channel_strategy)
        wanted = [c for c in route.channels if c in STAFFED]
        out[p.id] = {rid: CHANNELS[next((c for c in wanted if c in served), served[0])] for rid, served in roles.items()}
    return out


def wants_online(citizen, st) -> bool:
    """Try this need online first: it is digital first, can be done online, this citizen is sent
    there, and it is the need's first step (no one has worked on it yet)."""
    model = citizen.model
    return (st.id in model.digital_first and not st.online_tried and st.contacts_done == 0 and st.holder is None
            and (model.uniform or ONLINE in citizen.route.channels))


def self_service(citizen, st) -> bool:
    """One attempt online; True if it settled the need's first step."""
    model = citizen.model
    now, role = model.env.now, model.chain.resolvers[st.id][0]
    st.online_tried = True
    success = model.streams.portal.random() < citizen.profile.digital_skill * (1.0 - st.need.self_service)
    minutes = model.channels.self_service_minutes if success else 0.0
    citizen.history.append(SelfService.new((citizen.number, now, role, st.id, success, minutes)))
    if not success:           # stuck, or an incomplete form comes back: a desk after a while
        st.pending = SELF_SERVICE_FAILED
        st.ready_at = now + model.channels.self_service_failure_days * model.day
        return False
    citizen.on_file = True                        # the form is on file (it follows where the file follows)
    st.holder = role
    st.visited.add(role)
    if minutes:
        model.env.process(office_task(model.desks[role], minutes))
    if not citizen.progress(st, role, now):
        st.ready_at = now + model.params.days_between_contacts * model.day
    return True


def office_task(desk, minutes: float):
    """Back-office work that takes a server of ``desk`` for ``minutes`` (no citizen present)."""
    seat = desk.seat()
    if seat is not None:
        yield seat
    start = desk.model.env.now
    yield desk.model.env.timeout(minutes)
    desk.release(desk.model.env.now - start)


def call_back(citizen, st, role: str, target: str, now: float) -> float:
    """A cold referral in a phone call: the target calls back, or the request is lost and the
    citizen calls ``role`` again. Returns the wait before the need is taken up again."""
    model = citizen.model
    answered = model.streams.callbacks.random() >= model.channels.callback_lost
    citizen.history.append(Callback.new((citizen.number, now, role, st.id, target, answered)))
    if not answered:
        st.holder, st.pending = role, CALLBACK_LOST
    return model.channels.callback_days * model.day


def reach_out(citizen) -> None:
    """On arrival: outreach for each predictable need of the case, with probability ``proactive``."""
    model = citizen.model
    if model.proactive <= 0.0:
        return
    now, draw = model.env.now, model.streams.outreach.random
    for nid in citizen.case.predictable:
        if draw() >= model.proactive:
            continue
        st = citizen.by_id[nid]
        role = model.chain.resolvers[nid][0]
        minutes = model.channels.outreach_minutes
        citizen.history.append(Outreach.new((citizen.number, now, role, nid, not st.known, minutes)))
        st.known, st.holder = True, role
        st.visited.add(role)
        if role not in citizen.told:
            citizen.told.add(role)
            citizen.on_file = True
            citizen.history.append(Told.new((citizen.number, now, role)))
        citizen.story.setdefault(role, set()).update(o.id for o in citizen.agenda if o.known and o.open)
        if minutes:
            model.env.process(office_task(model.desks[role], minutes))
