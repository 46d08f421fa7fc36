"""A citizen: what they bring, what they know, and what they do between desks.

The citizen is a plain record (as Ciw's individual is): the desks act on it, and it holds
the citizen's own behaviour — which desk to try for a need, waiting, coming back, giving
up — as one SimPy process. The citizen's choices are asked of their policy
(agents.policy.RuleCitizen, or a person playing the citizen) through the same decision
point as a desk's, so they too may be answered later.

Citizens are deliberately not Mesa agents: registering and removing an agent costs ~6 µs,
a fifth of a citizen's whole cost on the peers network (docs/performance.md), and nothing
reads citizens through Mesa's agent sets. The desks are Mesa agents.
"""

from __future__ import annotations

import math

from simpy import Event

from agents.channels import self_service, wants_online
from agents.coordination import coordinated
from agents.decision import CONSENT, FIRST_DESK, GO_ON, CitizenView, check_answer
from agents.need_state import NeedState
from sim.events.kinds import (
    CRISIS,
    OVERTURNED,
    Consent,
    Coordinated,
    Crisis,
    ExceptionMade,
    FileRead,
    GaveUp,
    Overturned,
    Resolved,
    Told,
    Worked,
)
from sim.scenario.schema import Case, Profile

YES_NO = (True, False)
MAX_CONTACTS = 5_000   # per citizen: more means a scenario loops (docs/scenario-format.md)


class Citizen:
    __slots__ = (
        "agenda",
        "arrival",
        "by_id",
        "case",
        "channel",
        "consent_draw",
        "contacts",
        "crisis_due",
        "deadline",
        "file_follows",
        "first_desk_draws",
        "fruitless",
        "gave_up",
        "history",
        "left",
        "managed",
        "measured",
        "model",
        "number",
        "on_file",
        "policy",
        "profile",
        "reviews",
        "route",
        "story",
        "told",
        "where",
    )

    def __init__(self, model, number: int, case: Case, profile: Profile, draw):
        """Everything the citizen brings is drawn here, from ``draw`` (the citizens' own
        stream), in a fixed order, so the same citizen arrives under every setting."""
        self.model = model
        self.number = number
        self.case, self.profile = case, profile
        self.arrival = now = model.env.now
        self.deadline = now + model.horizon
        self.consent_draw = draw()
        self.first_desk_draws = (draw(), draw())
        self.file_follows = model.file_follows   # None: ask for consent at the first telling
        self.on_file = self.managed = self.gave_up = self.left = False
        self.reviews: list[float] = []            # when reviews that will overturn an exception come in
        self.fruitless = self.contacts = 0
        self.where: tuple | None = None          # ("queue" | "desk", role) while at a desk; for a player's page
        self.route = model.routes[profile.id]    # how the municipality serves this citizen (agents.channels)
        self.channel: str | None = None          # the channel of the contact under way
        self.history: list = []       # this citizen's events, in order
        self.story: dict[str, set[str]] = {}   # role -> the needs the citizen told that role about
        self.told: set[str] = set()    # roles that have the story (own records, or briefed)
        self.policy = model.citizen_policies.get(number, model.citizen_policy)
        self.agenda = agenda = []
        due = math.inf                 # when the next hidden need turns into a crisis
        for need, hidden, blocked_days, p_docs in model.plans[case.id]:
            crisis = now + model.crisis_after if hidden else None
            agenda.append(NeedState(need, hidden, p_docs > 0 and draw() < p_docs,
                                    now + blocked_days * model.day if blocked_days else None, crisis))
            if hidden and crisis < due:
                due = crisis
        self.crisis_due = due
        self.by_id = {st.id: st for st in agenda}

    # --- the journey -------------------------------------------------------------------
    def journey(self):
        """The citizen's SimPy process: the whole journey, ending with leaving the model."""
        if self.model.rules.case_manager is None:
            return self.on_own(leave=True)
        return self._coordinated()

    def _coordinated(self):
        yield from coordinated(self)
        self.model.citizen_left(self)

    def on_own(self, leave: bool = False):
        """Without a case manager the citizen works through their needs one at a time. Under a
        case manager this also runs until a desk transfers the citizen (then it returns)."""
        env, desks = self.model.env, self.model.desks
        while env.now < self.deadline and not self.gave_up and not self.managed:
            if self.crisis_due <= env.now:
                self.surface_crises(env.now)
            st = self.next_need()
            if st is None or st.ready_at > env.now:
                wake = self.wake_at(st)
                if wake is None:
                    break
                yield env.timeout(wake - env.now)
                continue
            if st.holder is None and wants_online(self, st):
                if not self_service(self, st) and not (yield from self.go_on(self.model.chain.resolvers[st.id][0], 1)):
                    break
                continue                          # settled online, or on to a staffed channel after a while
            if st.holder is None:
                st.holder = yield from self.choose_desk(st)
            desk = st.holder
            if desk == self.model.rules.case_manager:
                self.managed = True               # walking into the case manager's desk: owned from now on
            talk = yield from desks[desk].contact(self, st)
            if talk is None:
                break
            if talk.fruitless and not (yield from self.go_on(desk, talk.fruitless)):
                break
        if leave:
            self.model.citizen_left(self)

    def wake_at(self, st: NeedState | None) -> float | None:
        """When something can happen next: the need is ready, a crisis is due, or a review of an
        exception comes in; None when nothing will, within the follow-up."""
        t = st.ready_at if st is not None else math.inf
        crisis = self.next_crisis_time()
        if crisis is not None and crisis < t:
            t = crisis
        if self.reviews:
            review = min(self.reviews)
            t = min(t, review)
        return None if t >= self.deadline else t

    # --- the citizen's own choices -------------------------------------------------------
    def ask(self, question: str, options: tuple, need: str | None = None):
        """The citizen's answer (or an event that brings it), and the view it answers."""
        view = CitizenView.new((self, question, options, need, self.fruitless))
        return self.policy.decide(view), view

    def choose_desk(self, st: NeedState):
        """Where to go with a need nobody holds: the case's first desk, else their own pick."""
        if st.id == self.case.presenting and self.contacts == 0 and self.case.entry_role:
            return self.case.entry_role
        if self.route.contact_person is not None:      # a fixed contact person: always the first desk
            return self.route.contact_person
        choice, view = self.ask(FIRST_DESK, self.model.chain.entry, st.id)
        if isinstance(choice, Event):
            choice = yield choice
        return check_answer(choice, view)

    def go_on(self, role: str, steps: int):
        """After a contact with ``steps`` fruitless steps (a desk that could not help, a
        deferral, a need sent elsewhere): go on, or give up. Returns True to go on."""
        self.fruitless += steps
        go_on, view = self.ask(GO_ON, YES_NO)
        if isinstance(go_on, Event):
            go_on = yield go_on
        if not check_answer(go_on, view):
            self.give_up(role)
        return go_on

    def give_up(self, role: str) -> None:
        self.gave_up = True
        self.history.append(GaveUp(self.number, self.model.env.now, role, self.fruitless))

    def patience(self, channel: str) -> float | None:
        """How long this citizen will wait in the queue they join now, on ``channel`` (working
        minutes; None: as long as it takes): asked of their policy — the simulated citizen draws
        it from their profile's patience, a person playing the citizen decides for themselves."""
        mean = self.model.patience[self.profile.id, channel]
        if mean is None:
            return None
        ask = getattr(self.policy, "patience", None) or self.model.citizen_policy.patience
        return ask(self, mean)

    def consent(self, role: str, now: float):
        """Asked once, when the story first goes on file (shared_file: consent)."""
        given, view = self.ask(CONSENT, YES_NO)
        if isinstance(given, Event):
            given = yield given
        self.file_follows = check_answer(given, view)
        self.history.append(Consent(self.number, now, role, given))

    # --- what happens to the citizen's needs ---------------------------------------------
    def tell(self, role: str, now: float) -> float:
        """At a role without the story: tell it (minutes), or the role reads the file (fewer
        minutes) — unless the file misses a need or holds a stale fact (``file_error``): then the
        citizen tells it after all, a telling on top of the reading."""
        self.told.add(role)
        self.story[role] = known = set()
        for st in self.agenda:
            if st.known and st.resolved_at is None:
                known.add(st.id)
        params = self.model.params
        if self.file_follows and self.on_file:
            self.history.append(FileRead.new((self.number, now, role)))
            if self.model.streams.files.random() >= params.file_error:
                return params.file_reading_minutes
            self.history.append(Told.new((self.number, now, role)))
            return params.file_reading_minutes + params.telling_minutes
        self.on_file = True
        self.history.append(Told.new((self.number, now, role)))
        return params.telling_minutes

    def record_office_work(self, role: str, minutes: float, needs: int) -> None:
        """The case manager's time spent on this citizen outside a contact."""
        if not self.left:
            self.history.append(Coordinated(self.number, self.model.env.now, role, minutes, needs))

    def brief(self, role: str) -> None:
        """The case manager passes the story on to a specialist: no telling there."""
        self.told.add(role)
        self.story.setdefault(role, set()).update(st.id for st in self.agenda if st.known and st.open)

    def progress(self, st: NeedState, role: str, now: float) -> bool:
        """One contact's work on a need; True when that resolved it."""
        st.contacts_done += 1
        steps = st.need.contacts
        if st.contacts_done < steps:
            self.history.append(Worked(self.number, now, role, st.id, st.contacts_done, steps))
            return False
        st.resolved_at = now
        if st.done is not None and not st.done.triggered:
            st.done.succeed()
        self.history.append(Resolved.new((self.number, now, role, st.id)))
        return True

    def defer(self, st: NeedState, act, now: float) -> float | None:
        """'Come back later': how long after the contact the citizen takes the need up again
        (None when that is a moment, not a wait), and with what."""
        model = self.model
        reason, later = act.reason, model.params.return_delay_days * model.day
        if reason == "prerequisite":
            if self.managed:
                return 0.0                         # the manager's track waits for the prerequisite
            if act.bring:
                self.sort_out_first(self.by_id[act.bring], st)   # "come back when your income is clear"
                return 0.0
            return later                           # told nothing: they try again after a while
        if reason == "external":
            st.ready_at = st.blocked_until         # when the outside process ends
            return None
        if reason == "documents" and act.bring:
            st.docs_missing = False                # they come back with what the desk asked for
        return later

    def lift(self, st: NeedState, block: str, role: str, now: float, note: str | None) -> None:
        """An exception: the block goes now; a review may bring it back (sim.engine.model)."""
        if block == "prerequisite":
            st.waived = True
        elif block == "external":
            st.blocked_until = None
        else:
            st.docs_missing = False
        self.history.append(ExceptionMade(self.number, now, role, st.id, block, note))
        self.model.review_later(self, st, block, role, now)

    def overturn(self, st: NeedState, block: str, role: str, now: float) -> None:
        """A review overturned the exception: the block is back, the need open again."""
        if block == "prerequisite":
            st.waived = False
        elif block == "external":
            st.blocked_until = st.blocked_from_start
        else:
            st.docs_missing = True
        self.history.append(Overturned(self.number, now, role, st.id, block))
        if st.resolved_at is not None:
            st.resolved_at = None
            st.contacts_done = 0
            st.done = None
        st.holder, st.pending, st.ready_at = role, OVERTURNED, now

    def block(self, need: str, now: float) -> tuple[str | None, str | None]:
        """Why the need cannot be worked on now, and the prerequisite that holds it up."""
        st = self.by_id[need]
        p = self.open_prerequisite(st)
        if p is not None:
            return "prerequisite", p.id
        if st.blocked_until is not None and now < st.blocked_until:
            return "external", None
        if st.docs_missing:
            return "documents", None
        return None, None

    def open_prerequisite(self, st: NeedState) -> NeedState | None:
        if st.waived:
            return None
        for req in st.need.requires:
            p = self.by_id.get(req)
            if p is not None and p.open:
                return p
        return None

    def sort_out_first(self, p: NeedState, st: NeedState) -> None:
        """The citizen now knows of the prerequisite and takes it up before ``st``."""
        p.known = True
        self.agenda.remove(p)
        self.agenda.insert(self.agenda.index(st), p)

    def runaway(self, role: str) -> dict:
        """What to say when this citizen has made more contacts than any real journey."""
        return {"citizen": self.number, "case": self.case.id, "limit": MAX_CONTACTS, "role": role,
                "days": f"{(self.model.env.now - self.arrival) / self.model.day:.1f}"}

    # --- the agenda ------------------------------------------------------------------------
    def next_need(self) -> NeedState | None:
        for st in self.agenda:
            if st.known and st.resolved_at is None:
                return st
        return None

    def next_crisis_time(self) -> float | None:
        t = math.inf
        for st in self.agenda:
            if not st.known and st.crisis_at < t and st.open:
                t = st.crisis_at
        return None if t >= self.deadline else t

    def surface_crises(self, now: float) -> NeedState | None:
        """Hidden needs nobody found become a crisis: urgent, and failure demand."""
        found = None
        for st in list(self.agenda):
            if not st.known and st.open and st.crisis_at <= now:
                st.known, st.pending, st.ready_at = True, CRISIS, now
                self.agenda.remove(st)
                self.agenda.insert(0, st)
                self.history.append(Crisis(self.number, now, st.id))
                found = st
        due = [st.crisis_at for st in self.agenda if not st.known and st.open]
        self.crisis_due = min(due) if due else math.inf
        return found

    def capped(self, minutes: float) -> float:
        """A wait, cut off where the citizen's follow-up ends."""
        left = self.deadline - self.model.env.now
        minutes = min(minutes, left)
        return max(0.0, minutes)
