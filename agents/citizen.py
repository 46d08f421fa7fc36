"""A citizen: one SimPy process that walks from desk to desk until helped, gone or out of time.

The citizen keeps its own tally (tellings, hand-offs, contacts, …) because the counting
rules of DESIGN §2 are about what *this* citizen went through; the model folds the tally
into its ledger when the citizen leaves. Every decision a desk makes is asked of that
desk's policy (agents.policy); this module only carries decisions out and counts them.
"""

from __future__ import annotations

import mesa

from agents.need_state import CRISIS, DEFERRAL, WRONG_REFERRAL, NeedState
from agents.policy import RoleView
from sim.schema import Case, Profile


class Citizen(mesa.Agent):
    def __init__(self, model: mesa.Model, case: Case, profile: Profile):
        super().__init__(model)
        m = model
        rng = m.random
        self.case, self.profile = case, profile
        self.arrival = m.env.now
        self.deadline = self.arrival + m.horizon
        self.consents = rng.random() < profile.consent
        shared = m.setting.shared_file
        self.file_follows = shared == "full" or (shared == "consent" and self.consents)
        self.on_file = False
        self.told: set[str] = set()
        self.roles_seen: set[str] = set()
        self.tellings = self.handoffs = self.wrong_referrals = self.ping_pong = 0
        self.contacts = self.failure_contacts = self.exceptions = self.hidden_found = 0
        self.fruitless = 0
        self.wait = self.staff_minutes = 0.0
        self.gave_up = False
        self.first_contact_resolved = False
        self.agenda = [self._need_state(nid) for nid in self._need_order()]
        self.by_id = {st.id: st for st in self.agenda}

    # --- set-up ----------------------------------------------------------------------
    def _need_order(self) -> list[str]:
        c = self.case
        return [c.presenting] + [n for n in c.needs if n != c.presenting]

    def _need_state(self, nid: str) -> NeedState:
        m, c = self.model, self.case
        need = m.needs[nid]
        p_docs = c.missing_documents if c.missing_documents is not None else need.missing_documents
        docs = p_docs > 0 and m.random.random() < p_docs
        days = c.blocked_days.get(nid)
        blocked = self.arrival + days * m.day if days else None
        hidden = nid in c.hidden
        crisis = self.arrival + m.params.crisis_after_days * m.day if hidden else None
        return NeedState(need, hidden, docs, blocked, crisis)

    # --- the journey -------------------------------------------------------------------
    def live(self):
        """The SimPy process: the citizen's whole journey, then hand the tally in."""
        if self.model.setting.coordination == "case_manager":
            yield from self._coordinated()
        else:
            yield from self._on_own()
        self.model.citizen_done(self)

    def _on_own(self):
        """Without a case manager the citizen works through their needs one at a time."""
        env = self.model.env
        while env.now < self.deadline and not self.gave_up:
            self._surface_crises()
            st = self._next_need()
            if st is None:
                t = self._next_crisis_time()
                if t is None:
                    return
                yield env.timeout(t - env.now)
                continue
            if st.holder is None:
                st.holder = self._pick_desk(st)
            yield from self._visit(st)

    def _visit(self, st: NeedState):
        role = self.model.roles[st.holder]
        discussed = yield from self._contact(role, st, aside=True)
        if discussed is None:
            return
        for other in discussed[1:]:
            self._decide_aside(role.id, other)
        yield from self._decide_focus(role.id, st)

    def _coordinated(self):
        """With a case manager: tell once, the manager assigns every need, specialists work in parallel."""
        m = self.model
        st = self.agenda[0]
        st.holder = self._pick_desk(st)
        role = m.roles[st.holder]
        discussed = yield from self._contact(role, st, aside=False)
        if discussed is None:
            return
        if role.id != m.case_manager:
            if all(role.id in m.resolver_set[o.id] for o in self.agenda if o.known and o.open):
                yield from self._decide_focus(role.id, st)   # a simple matter: the desk handles it
                yield from self._on_own()
                return
            for o in self.agenda:
                if o.known and o.open:
                    self._transfer(role.id, o, m.case_manager)
            if (yield from self._contact(m.roles[m.case_manager], st, aside=False)) is None:
                return
        yield from self._manage()

    def _manage(self):
        m, env = self.model, self.model.env
        tracks: dict[str, object] = {}
        just_met = True   # the manager has the citizen at the desk right now
        while env.now < self.deadline and not self.gave_up:
            crisis = self._surface_crises()
            if crisis is not None:
                if (yield from self._contact(m.roles[m.case_manager], crisis, aside=False)) is None:
                    return
                just_met = True
            for st in self.agenda:
                if st.known and st.open and st.id not in tracks:
                    pause = self._assign(st, just_met)
                    if st.open:
                        tracks[st.id] = env.process(self._track(st, pause))
            just_met = False
            running = [p for p in tracks.values() if p.is_alive]
            t = self._next_crisis_time()
            if not running and t is None:
                return
            until = self.deadline if t is None else min(t, self.deadline)
            yield env.any_of(running + [env.timeout(max(0.0, until - env.now))])

    def _assign(self, st: NeedState, just_met: bool) -> float:
        """The manager picks who works on a need; returns minutes before that work starts.

        A need the manager resolves itself, with nothing blocking it, is worked on in the
        contact the citizen is having with the manager right now.
        """
        m = self.model
        cm = m.case_manager
        act = m.policy_for(cm).decide(RoleView(cm, st.id, cm in m.resolver_set[st.id], assigning=True))
        st.holder = act.target or cm
        self._log(cm, "assigned", st.id, st.holder)
        if not (just_met and st.holder == cm and self._block(st) == (None, None)):
            return 0.0
        kind, _, _, _ = self._decide(cm, st)
        if kind in ("progress", "exception") and not self._progress(cm, st):
            return m.params.days_between_contacts * m.day
        return 0.0

    def _track(self, st: NeedState, pause: float = 0.0):
        """One need worked on by a specialist, in parallel with the citizen's other needs."""
        m, env = self.model, self.model.env
        if pause:
            yield env.timeout(self._capped(pause))
        if st.holder != m.case_manager:
            self.told.add(st.holder)   # the case manager passes the story on
        while st.open and env.now < self.deadline and not self.gave_up:
            p = self._open_prerequisite(st)
            if p is not None:   # the manager sequences: start when the prerequisite is met
                if p.done is None:
                    p.done = env.event()
                yield p.done | env.timeout(self.deadline - env.now)
                continue
            role = m.roles[st.holder]
            if (yield from self._contact(role, st, aside=False)) is None:
                return
            yield from self._decide_focus(role.id, st)

    # --- one contact -------------------------------------------------------------------
    def _contact(self, role, st: NeedState, aside: bool):
        """Queue, tell the story if needed, be served. Returns the needs discussed."""
        m, env = self.model, self.model.env
        failure = st.pending is not None
        st.pending = None
        start = env.now
        with role.staff.request() as req:
            yield req
            self.wait += env.now - start
            if env.now >= self.deadline or self.gave_up:
                return None   # out of time, or gone while another need of theirs was queued
            told = self._tell(role.id)
            discussed = self._discussed(role.id, st, aside)
            minutes = role.service_minutes(m.random) + m.intake_extra + told * m.params.telling_minutes
            yield env.timeout(minutes)
        self.contacts += 1
        self.failure_contacts += failure
        self.staff_minutes += minutes
        role.contacts += 1
        role.busy_minutes += minutes
        self.roles_seen.add(role.id)
        self._log(role.id, "contact", st.id, "failure" if failure else "value", minutes)
        return discussed

    def _tell(self, role_id: str) -> bool:
        """True when the citizen has to tell their story here (it costs minutes)."""
        if role_id in self.told:
            return False
        self.told.add(role_id)
        if self.file_follows and self.on_file:
            self._log(role_id, "file_read")
            return False
        self.tellings += 1
        self.on_file = True
        self._log(role_id, "telling", detail=str(self.tellings))
        return True

    def _discussed(self, role_id: str, st: NeedState, aside: bool) -> list[NeedState]:
        """Narrow intake: only the need the citizen came for. Broad: every life domain."""
        m = self.model
        if not m.broad:
            return [st]
        out = [st]
        for o in self.agenda:
            if o is st or not o.open:
                continue
            if not o.known and m.random.random() < m.params.hidden_need_detection:
                o.known = True
                self.hidden_found += 1
                self._log(role_id, "hidden_found", o.id)
                if aside:
                    out.append(o)
            elif o.known and aside:
                out.append(o)
        return out

    # --- decisions and what follows --------------------------------------------------
    def _decide(self, role_id: str, st: NeedState):
        m = self.model
        can = role_id in m.resolver_set[st.id]
        block, by = self._block(st) if can else (None, None)
        act = m.policy_for(role_id).decide(RoleView(role_id, st.id, can, block, by))
        st.visited.add(role_id)
        if can and st.applied_at is None:
            st.applied_at = m.env.now
        if act.kind in ("progress", "exception") and block is not None:
            self._exception(role_id, st, block)
        return act.kind, act.target, block, by

    def _decide_focus(self, role_id: str, st: NeedState):
        m, env = self.model, self.model.env
        kind, target, block, by = self._decide(role_id, st)
        if kind in ("progress", "exception"):
            if not self._progress(role_id, st):
                yield env.timeout(self._capped(m.params.days_between_contacts * m.day))
        elif kind == "defer":
            yield from self._deferred(role_id, st, block, by)
        else:
            self._hand_off(role_id, st, target)
            if m.setting.handoff == "cold" and not self._fruitless(role_id):
                yield env.timeout(self._capped(m.params.referral_delay_days * m.day))

    def _decide_aside(self, role_id: str, st: NeedState) -> None:
        """A further need raised in a broad intake: worked on now, booked, or referred."""
        kind, target, _, _ = self._decide(role_id, st)
        if kind in ("progress", "exception"):
            st.holder = role_id
            self._progress(role_id, st)
        elif kind == "defer":
            st.holder = role_id
            st.docs_missing = False   # the desk says what to bring next time
        else:
            self._hand_off(role_id, st, target)

    def _block(self, st: NeedState):
        p = self._open_prerequisite(st)
        if p is not None:
            return "prerequisite", p.id
        if st.blocked_until is not None and self.model.env.now < st.blocked_until:
            return "external", None
        if st.docs_missing:
            return "documents", None
        return None, None

    def _open_prerequisite(self, st: NeedState) -> NeedState | None:
        if st.waived:
            return None
        for req in st.need.requires:
            p = self.by_id.get(req)
            if p is not None and p.open:
                return p
        return None

    def _exception(self, role_id: str, st: NeedState, block: str) -> None:
        self.exceptions += 1
        if block == "prerequisite":
            st.waived = True
        elif block == "external":
            st.blocked_until = None
        else:
            st.docs_missing = False
        self._log(role_id, "exception", st.id, block)

    def _progress(self, role_id: str, st: NeedState) -> bool:
        st.contacts_done += 1
        if st.contacts_done < st.need.contacts:
            self._log(role_id, "progress", st.id, f"{st.contacts_done}/{st.need.contacts}")
            return False
        st.resolved_at = self.model.env.now
        if self.contacts == 1 and st is self.agenda[0]:
            self.first_contact_resolved = True
        if st.done is not None and not st.done.triggered:
            st.done.succeed()
        self._log(role_id, "resolved", st.id)
        return True

    def _deferred(self, role_id: str, st: NeedState, block: str | None, by: str | None):
        m, env = self.model, self.model.env
        st.pending = DEFERRAL
        self._log(role_id, "deferred", st.id, block or "later")
        if self._fruitless(role_id):
            return
        if block == "prerequisite" and m.setting.coordination == "none":
            p = self.by_id[by]
            p.known = True              # "come back when your income is clear"
            self.agenda.remove(p)
            self.agenda.insert(self.agenda.index(st), p)
        elif block == "prerequisite":
            return                       # the track waits for the prerequisite itself
        elif block == "external":
            yield env.timeout(self._capped(st.blocked_until - env.now))
        else:
            yield env.timeout(self._capped(m.params.return_delay_days * m.day))
            st.docs_missing = False

    def _hand_off(self, role_id: str, st: NeedState, target: str) -> None:
        m = self.model
        if target not in m.roles:
            raise ValueError(f"policy of role '{role_id}' referred to unknown role '{target}'")
        self.handoffs += 1
        wrong = target not in m.resolver_set[st.id]
        ping = target in st.visited
        self.wrong_referrals += wrong
        self.ping_pong += ping
        if wrong:
            st.pending = WRONG_REFERRAL
        st.holder = target
        detail = ("wrong" if wrong else "right") + (",ping_pong" if ping else "") + "," + m.setting.handoff
        self._log(role_id, "referred", st.id, f"{target}:{detail}")

    def _transfer(self, role_id: str, st: NeedState, manager: str) -> None:
        """Warm transfer to the case manager: a hand-off, never a wrong one."""
        self.handoffs += 1
        self.ping_pong += manager in st.visited
        st.visited.add(role_id)
        st.holder = manager
        self._log(role_id, "referred", st.id, f"{manager}:case_manager,warm")

    def _fruitless(self, role_id: str) -> bool:
        """Count a fruitless step; True when it was one too many and the citizen gives up."""
        self.fruitless += 1
        limit = self.profile.persistence
        if limit is not None and self.fruitless > limit:
            self.gave_up = True
            self._log(role_id, "gave_up", detail=str(self.fruitless))
            return True
        return False

    # --- helpers ---------------------------------------------------------------------
    def _pick_desk(self, st: NeedState) -> str:
        """First desk: the case's entry role, else self-diagnosis among the entry roles."""
        m = self.model
        if st is self.agenda[0] and self.contacts == 0 and self.case.entry_role:
            return self.case.entry_role
        good, bad = m.entry_good[st.id], m.entry_bad[st.id]
        if good and (not bad or m.random.random() < self.profile.self_diagnosis):
            return good[int(m.random.random() * len(good))]
        return bad[int(m.random.random() * len(bad))]

    def _next_need(self) -> NeedState | None:
        for st in self.agenda:
            if st.known and st.open:
                return st
        return None

    def _next_crisis_time(self) -> float | None:
        times = [st.crisis_at for st in self.agenda if not st.known and st.open]
        t = min(times) if times else None
        return None if t is None or t >= self.deadline else t

    def _surface_crises(self) -> NeedState | None:
        """Hidden needs nobody found become a crisis: urgent, and failure demand."""
        now, found = self.model.env.now, None
        for st in list(self.agenda):
            if not st.known and st.open and st.crisis_at <= now:
                st.known, st.pending = True, CRISIS
                self.agenda.remove(st)
                self.agenda.insert(0, st)
                self._log("", "crisis", st.id)
                found = st
        return found

    def _capped(self, minutes: float) -> float:
        return max(0.0, min(minutes, self.deadline - self.model.env.now))

    def _log(self, role: str, activity: str, need: str = "", detail: str = "", minutes: float | None = None) -> None:
        log = self.model.event_log
        if log is not None:
            log.record(self.unique_id, self.model.env.now, role, activity, need, detail, minutes)
