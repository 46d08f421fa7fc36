"""The decision point: a view in, an action out, checked against the round's rules.

Every choice a desk makes about a citizen is an :class:`Action` that its policy returns
from a :class:`View`; every choice a citizen makes is an answer their policy returns from a
:class:`CitizenView`. A policy may answer at once (the rule-based professional, a bot) or
return a SimPy event that is triggered with the answer later (a person at a laptop); the
citizen sits at the desk, and the staff member stays busy, until it comes.

The engine carries out only legal actions: :func:`check` refuses anything the view or the
round does not allow, with a message that names the role, the need and why. So every
implementation of a policy is counted alike, and a workshop page can offer exactly
:meth:`View.legal` as its buttons.

What a view shows is what that role may see under the round's rules: the story as told to
*this* role, the role's own records, the case file only when it follows the citizen, and
the overview only for the case manager who owns the citizen.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, NamedTuple, Protocol, Union

from sim.events.kinds import REASONS

if TYPE_CHECKING:  # pragma: no cover
    import simpy

WORK, DEFER, EXCEPTION, REFER, TRANSFER, ASK, ASSIGN, END = (
    "work", "defer", "exception", "refer", "transfer", "ask", "assign", "end")
KINDS = (WORK, DEFER, EXCEPTION, REFER, TRANSFER, ASK, ASSIGN, END)
DISPOSITIONS = (WORK, DEFER, EXCEPTION, REFER, ASSIGN)   # each need on the table gets exactly one
_KNOWN = frozenset(KINDS)


class Action(NamedTuple):
    """What a desk does.

    - ``work``: work on the need (it is resolved when its last contact is done);
    - ``defer``: "come back later" — ``reason`` (prerequisite, documents, external, later)
      must be what the view says blocks the need; ``bring`` is what the desk tells the
      citizen to bring or to sort out first (None: the desk does not say);
    - ``exception``: lift the block by discretion and work on the need (``note``: the
      justification);
    - ``refer``: hand the need to ``target``, ``warm`` (the desk transfers the case) or cold
      ("go to desk X");
    - ``transfer``: hand the citizen to the case manager: the needs on the table this desk has
      not decided about go with a hand-off; needs it decided about stay where they are;
      needs the desk never held go to the manager without one;
    - ``ask``: ask about the other life domains (a broad intake; costs minutes);
    - ``assign``: (the case manager) put ``target`` on the need, ``warm`` (booked) or cold
      (the citizen goes there themselves);
    - ``end``: end the contact (once every need on the table is decided).

    ``need`` names the need the action is about; None means the view's need.
    """

    kind: str
    target: str | None = None
    warm: bool = False
    reason: str | None = None
    bring: str | None = None
    note: str | None = None
    need: str | None = None


WORK_ON = Action(WORK)
ASK_ABOUT_ALL = Action(ASK)
TRANSFER_TO_MANAGER = Action(TRANSFER)
END_CONTACT = Action(END)


class IllegalAction(ValueError):
    """An action the view or the round does not allow; the message says who, what and why."""


class Rules(NamedTuple):
    """What a round allows and how its professionals work: the setting's levers, read once.

    The engine, the rule-based professional, the decision point's checks and a player's page all
    read a setting through this record and nothing else (the levers themselves are declared in
    sim.scenario.levers)."""

    warm: bool              # warm hand-offs allowed (handoff: warm)
    ask: bool               # the broad-intake question allowed (intake: broad)
    exceptions: bool        # room to decide (discretion > 0)
    case_manager: str | None   # the case manager's role when coordination is case_manager
    shared_file: str        # none, consent or full
    routing_knowledge: float = 0.0    # chance that a referral goes to a role that can resolve the need
    discretion: float = 0.0           # chance that a blocked need is lifted by an exception
    channel_strategy: str = "uniform"   # uniform: one route for all; differentiated: a route per profile
    digital_first: tuple[str, ...] = ()    # needs tried online first (those that can be done online)
    proactive: float = 0.0            # chance of reaching out for a predictable need

    @classmethod
    def of(cls, setting, scenario, chain) -> Rules:
        online = {n.id for n in scenario.needs if n.self_service is not None}
        return cls(warm=setting.handoff == "warm", ask=setting.intake == "broad", exceptions=setting.discretion > 0,
                   case_manager=chain.case_manager if setting.coordination == "case_manager" else None,
                   shared_file=setting.shared_file, routing_knowledge=setting.routing_knowledge,
                   discretion=setting.discretion, channel_strategy=setting.channel_strategy,
                   digital_first=tuple(n for n in setting.digital_first if n in online),
                   proactive=setting.proactive)


class Talk:
    """One conversation at a desk: the needs on the table and what has been decided."""

    __slots__ = (
        "asked",
        "at_desk",
        "closing",
        "decided",
        "extra",
        "file_ok",
        "focus",
        "fruitless",
        "later",
        "outcome",
        "over",
        "table",
    )

    def __init__(self, table: list[str], focus: str, at_desk: bool = True):
        self.table = table
        self.decided: list[str] = []
        self.asked = False
        self.at_desk = at_desk
        self.focus = focus
        self.outcome: Action | None = None   # the decision about the need the citizen came for
        self.extra = 0.0                     # minutes the conversation added (questions, justifications)
        self.closing = False                 # every need decided: the desk may still transfer, or end
        self.over = False                    # ended, or the citizen was transferred
        self.fruitless = 0                   # steps that did not help: needs sent on or deferred
        self.later: list = []                # (need, minutes after the contact before it is taken up again)
        self.file_ok = False                 # the case file follows and is right: the desk may answer from it

    @classmethod
    def abandoned(cls, focus: str) -> Talk:
        """A contact that never happened: the citizen hung up while on hold (a fruitless step)."""
        talk = cls([], focus)
        talk.over, talk.fruitless = True, 1
        return talk

    def leave(self, now: float) -> None:
        """The citizen leaves the desk: the waits decided in the contact start now."""
        for st, minutes in self.later:
            st.ready_at = now + minutes

    def next(self) -> str | None:
        for need in self.table:
            if need not in self.decided:
                return need
        return None


class View:
    """What ``role`` may see when it decides about ``need`` of one citizen.

    The cheap facts every policy needs are plain attributes; the rest is computed when read,
    so a rule-based run does not pay for what only a person's page shows.
    """

    __slots__ = (
        "_chain",
        "_citizen",
        "_talk",
        "block",
        "blocking_need",
        "can_resolve",
        "citizen",
        "need",
        "now",
        "role",
        "rules",
    )

    def __init__(self, role: str, need: str, citizen, talk, rules: Rules, chain, now: float):
        self.role = role
        self.need = need
        self.citizen = citizen.number
        self.now = now
        self.rules = rules
        self._talk = talk
        self._citizen = citizen
        self._chain = chain
        self.can_resolve = role in chain.competent[need] or (talk.file_ok and need in chain.from_file.get(role, ()))
        self.block, self.blocking_need = citizen.block(need, now) if self.can_resolve else (None, None)

    # --- the conversation at the desk -----------------------------------------------------
    @property
    def table(self) -> tuple[str, ...]:
        """The needs this desk is asked to decide about in this contact."""
        return tuple(self._talk.table)

    @property
    def decided(self) -> tuple[str, ...]:
        return tuple(self._talk.decided)

    @property
    def asked(self) -> bool:
        return self._talk.asked

    @property
    def at_desk(self) -> bool:
        """False for the case manager's decisions in the back office (no citizen present)."""
        return self._talk.at_desk

    @property
    def closing(self) -> bool:
        """True when every need on the table is decided and the desk may only transfer or end."""
        return self._talk.closing

    @property
    def first_contact(self) -> bool:
        """True in the citizen's first contact with the municipality."""
        return self._citizen.contacts == 1

    @property
    def managed(self) -> bool:
        return self._citizen.managed

    @property
    def contact_person(self) -> bool:
        """True when this role is the citizen's fixed contact person (their route names it)."""
        return self._citizen.route.contact_person == self.role

    @property
    def assigning(self) -> bool:
        """True when this desk is the case manager who owns the citizen."""
        return self._citizen.managed and self.role == self.rules.case_manager

    @property
    def to_assign(self) -> bool:
        """True when the case manager has yet to decide who works on this need."""
        return self.assigning and not self._citizen.by_id[self.need].assigned

    # --- what this role may know ----------------------------------------------------------
    @property
    def story(self) -> frozenset[str]:
        """The needs the citizen told this role about (their situation as told here)."""
        return frozenset(self._citizen.story.get(self.role, ()))

    @property
    def open_story(self) -> frozenset[str]:
        """The needs the citizen told this role about that are not resolved yet."""
        by_id = self._citizen.by_id
        return frozenset(n for n in self._citizen.story.get(self.role, ()) if by_id[n].open)

    @property
    def records(self) -> tuple:
        """This role's own records of the citizen: the events stamped with this role."""
        return tuple(e for e in self._citizen.history if getattr(e, "role", None) == self.role)

    @property
    def file(self) -> tuple | None:
        """The case file — every desk's records — only when it follows the citizen."""
        if not self._citizen.file_follows:
            return None
        return tuple(e for e in self._citizen.history if getattr(e, "role", None))

    @property
    def overview(self) -> dict[str, dict] | None:
        """For the case manager who owns the citizen: every known need, its holder and state."""
        if not self.assigning:
            return None
        return {st.id: {"holder": st.holder, "resolved": not st.open, "contacts_done": st.contacts_done}
                for st in self._citizen.agenda if st.known}

    @property
    def roles(self) -> tuple[str, ...]:
        return self._chain.roles

    def legal(self) -> list[str]:
        """The action kinds :func:`check` would accept now (a page's buttons)."""
        return [kind for kind in KINDS if _refusal(_probe(self, kind), self) is None]

    def as_dict(self) -> dict:
        """Everything this view shows, as plain data: what a player's page is built from."""
        return {
            "role": self.role, "need": self.need, "citizen": self.citizen, "now": self.now,
            "can_resolve": self.can_resolve, "block": self.block, "blocking_need": self.blocking_need,
            "table": list(self.table), "decided": list(self.decided), "asked": self.asked,
            "closing": self.closing, "story": sorted(self.story), "records": [_plain(e) for e in self.records],
            "file": None if self.file is None else [_plain(e) for e in self.file],
            "overview": self.overview, "legal": self.legal(),
        }


def _plain(event) -> dict:
    return {"activity": event.activity, **event._asdict()}


def _probe(view: View, kind: str) -> Action:
    """A representative action of ``kind`` for this view, to ask whether the kind is legal."""
    if kind == REFER:
        others = [r for r in view.roles if r != view.role]
        return Action(REFER, target=others[0] if others else None)
    if kind == DEFER:
        return Action(DEFER, reason=view.block or "later")
    return Action(kind, target=view.role if kind == ASSIGN else None)


# --- the rules ----------------------------------------------------------------------------

def check(action: Action, view: View) -> Action:
    """The action if the round allows it here; otherwise :class:`IllegalAction`."""
    why = _refusal(action, view)
    if why is not None:
        need = action.need or view.need
        raise IllegalAction(f"role '{view.role}', need '{need}': {action.kind} refused: {why}")
    return action


def _refusal(action: Action, view: View) -> str | None:
    """Why ``action`` is not allowed, or None when it is."""
    kind = action.kind
    rules = view.rules
    if kind not in _KNOWN:
        return f"unknown action; valid: {', '.join(KINDS)}"
    if kind == ASK:
        if not rules.ask:
            return "this round's intake is narrow: the desk deals only with the question brought"
        if not view.at_desk:
            return "nobody to ask: the citizen is not at the desk"
        return "already asked in this contact" if view.asked else None
    if kind == TRANSFER:
        if rules.case_manager is None:
            return "this round has no case manager"
        if view.role == rules.case_manager:
            return "this desk is the case manager"
        if not view.at_desk:
            return "the citizen is not at the desk"
        return "a case manager already owns this citizen" if view.managed else None
    talk = view._talk
    if kind == END:
        undecided = talk.next()
        return None if undecided is None else f"decide about '{undecided}' first"
    need = action.need or view.need
    if need not in talk.table:
        return f"the need is not on the table in this contact (on the table: {', '.join(talk.table)})"
    if need in talk.decided:
        return "already decided in this contact"
    if need == view.need:
        return _disposition(action, view, view.can_resolve, view.block, view.blocking_need)
    can = view.role in view._chain.competent[need] or (talk.file_ok and need in view._chain.from_file.get(view.role, ()))
    return _disposition(action, view, can, *(view._citizen.block(need, view.now) if can else (None, None)))


def _disposition(action: Action, view: View, can: bool, block: str | None, first: str | None) -> str | None:
    kind, rules, citizen = action.kind, view.rules, view._citizen
    manager = citizen.managed and view.role == rules.case_manager    # the case manager owning the citizen
    unassigned = manager and not citizen.by_id[action.need or view.need].assigned
    if kind == ASSIGN:
        if not manager:
            return "only the case manager who owns the citizen assigns"
        if not unassigned:
            return "it is assigned already"
        if action.target not in view._chain.roles:
            return _no_such_role(action.target, view)
        return "this round has cold hand-offs only" if action.warm and not rules.warm else None
    if not view.at_desk:
        return "the citizen is not at the desk: the case manager can only assign now"
    if unassigned and kind != WORK:
        return "assign it first (to yourself to handle it here)"
    if kind == WORK:
        if not can:
            return "this role cannot resolve it; " + ("assign it" if manager else "refer it")
        return None if block is None else f"it is blocked ({block}): defer it or make an exception"
    if kind == EXCEPTION:
        if not rules.exceptions:
            return "this round gives no room to decide (discretion 0)"
        if not can:
            return "this role cannot resolve it, so it cannot make an exception for it"
        return "nothing blocks it: work on it" if block is None else None
    if kind == DEFER:
        if action.reason not in REASONS:
            return f"a deferral needs a reason, one of {', '.join(REASONS)}"
        said, actual = action.reason, (block or "later")
        if said != actual:
            return f"the reason is '{said}' but what holds it up is '{actual}'"
        if said == "prerequisite" and action.bring not in (None, first):
            return f"what to sort out first is '{first}', not '{action.bring}'"
        return None
    # REFER
    if manager:
        return "the case manager assigns needs instead of referring them"
    if action.target == view.role:
        return "a desk cannot refer to itself"
    if action.target not in view._chain.roles:
        return _no_such_role(action.target, view)
    if action.warm and not rules.warm and not view.contact_person:
        return "this round has cold hand-offs only"
    return None


def _no_such_role(target, view: View) -> str:
    return f"no role '{target}' in this scenario; valid: {', '.join(view._chain.roles)}"


# --- the citizen's decisions ---------------------------------------------------------------

FIRST_DESK, GO_ON, CONSENT, TELL_HIDDEN = "first_desk", "go_on", "consent", "tell_hidden"


class CitizenView(NamedTuple):
    """What the citizen decides about: ``question`` with its ``options``. ``citizen`` is the
    citizen themselves (their case card, profile and what happened to them so far).

    - first_desk: which desk to go to for ``need`` (options: role ids);
    - go_on: after a fruitless step (``fruitless`` so far), go on (True) or give up (False);
    - consent: may the file follow them to the next desk (True/False);
    - tell_hidden: the desk asks about other life domains; mention ``need`` (True/False)?
    """

    citizen: object
    question: str
    options: tuple
    need: str | None = None
    fruitless: int = 0


CitizenView.new = partial(tuple.__new__, CitizenView)   # all five fields, without NamedTuple's argument handling


def check_answer(answer, view: CitizenView):
    if answer not in view.options:
        raise IllegalAction(f"citizen {view.citizen.number}: {view.question}: '{answer}' refused; "
                            f"valid: {', '.join(map(str, view.options))}")
    return answer


Answer = Union[Action, "simpy.Event"]


class Policy(Protocol):
    def decide(self, view: View) -> Answer:
        """An action now, or an event whose value will be the action."""


class CitizenPolicy(Protocol):
    def decide(self, view: CitizenView):
        """An answer from ``view.options`` now, or an event whose value will be it."""
