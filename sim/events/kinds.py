"""The event vocabulary: everything that happens to a citizen, as typed records, each kind
declared once with everything the rest of kastje needs to know of it.

Events are the one source of truth. The engine writes them, every metric is a fold over a
citizen's events (sim.counting.fold), the CSV log is exactly this stream (sim.events.log), and a
round played by people produces the same records. Each kind is an immutable NamedTuple
whose first two fields are the citizen's number and the model time in working minutes, and
its declaration (:func:`kind`) says

- whether and how it is a **hand-off** (DESIGN §2: responsibility for a need moves from one
  role to another): :func:`handoff` is the one rule, read by the fold, the hand-off network
  and the swimlane alike;
- how it is **told**: the text key of its sentence in a citizen's journey, in a desk's notes
  and in the citizen's own story (locales/*.yaml; each may depend on the event, e.g. a right or
  a wrong referral), and the **mark** the swimlane draws for it. A text's {placeholders} are
  the event's fields, plus ``n`` (the tellings so far) and ``outcome`` (the citizen's outcome)
  in a journey, ``who`` and ``day`` in a player's line (report.journey fills them in).

Times: a contact's decisions are stamped when they are taken (the citizen sits at the desk);
the ``Contact`` record itself is stamped when the citizen leaves the desk and carries the
minutes the staff member spent and the minutes the citizen queued before.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import partial
from typing import NamedTuple

KINDS: dict[str, type] = {}
Key = Callable[[Mapping], str | None]       # the event's fields -> a text key (None: not told there)


class Handoff(NamedTuple):
    """Responsibility for ``need`` moved from ``source`` to ``target``."""
    source: str
    target: str
    need: str
    wrong: bool            # the target cannot resolve the need
    ping_pong: bool        # the target already dealt with this need


@dataclass(frozen=True)
class Telling:
    """How a kind is told: a text key per place (a constant, or a function of the event's fields)
    and the swimlane's mark (None: not drawn, e.g. nothing at a desk)."""
    journey: Key | None
    desk: Key | None
    citizen: Key | None
    mark: str | None


TELLING: dict[str, Telling] = {}
_HANDOFF: dict[type, Callable] = {}


def _key(spec) -> Key | None:
    if spec is None or callable(spec):
        return spec
    return lambda fields, text=spec: text


def _kind(activity: str, *, journey="", desk=None, citizen=None, mark: str | None = None,
          handoff: Callable | None = None):
    """Register an event kind under its activity name, with how it is told (``journey``: the
    text key of its sentence, by default ``e_ACTIVITY``; ``desk`` and ``citizen``: the keys of a
    player's lines; ``mark``: what the swimlane draws) and, for a hand-off, its rule.
    ``Kind.new((fields...))`` builds a record from a tuple of all its fields without
    NamedTuple's argument handling: a third of the cost, for the engine's few records per
    contact (the CSV round trip checks the fields)."""
    def register(cls):
        cls.activity = activity
        cls.new = partial(tuple.__new__, cls)
        KINDS[activity] = cls
        TELLING[activity] = Telling(_key(f"e_{activity}" if journey == "" else journey), _key(desk), _key(citizen),
                                    mark)
        if handoff is not None:
            _HANDOFF[cls] = handoff
        return cls
    return register


def handoff(event) -> Handoff | None:
    """The hand-off this event is, or None: the one rule everything that counts hand-offs reads."""
    rule = _HANDOFF.get(type(event))
    return None if rule is None else rule(event)


def is_handoff_kind(cls: type) -> bool:
    return cls in _HANDOFF


def _yes_no(field: str, yes: str, no: str) -> Key:
    return lambda fields: yes if fields.get(field) else no


@_kind("run", journey=None)
class Run(NamedTuple):
    """What a replication was run from; the first record of every replication in a log."""
    citizen: int
    time: float
    scenario: str          # the scenario file as given
    fingerprint: str       # sha256 of the validated scenario, to check a log is read with its own scenario
    setting: str
    overrides: str         # the --set options, separated by ';'
    seed: int              # the master seed
    citizens: int          # measured citizens per replication
    warmup: float          # working days of arrivals before measuring


@_kind("load", journey=None)
class Load(NamedTuple):
    """How busy ``role`` was in a replication, since measuring began; the last records of each
    replication in a log. ``offered`` is the work that came (done, still queueing, and what
    those who abandoned the queue would have needed) over the staff time: at or above 1 the desk
    is overloaded. ``abandoned`` is the share of those who queued there that left the queue."""
    citizen: int
    time: float
    role: str
    utilisation: float
    offered: float
    abandoned: float = 0.0


@_kind("arrived", citizen="pc_arrived")
class Arrived(NamedTuple):
    citizen: int
    time: float
    case: str
    profile: str
    need: str              # the presenting need: what the citizen asks first


@_kind("consent", journey=_yes_no("given", "e_consent_yes", "e_consent_no"),
       desk=_yes_no("given", "pd_consent_yes", "pd_consent_no"),
       citizen=_yes_no("given", "pc_consent_yes", "pc_consent_no"))
class Consent(NamedTuple):
    """The citizen was asked whether their file may follow them (shared_file: consent)."""
    citizen: int
    time: float
    role: str
    given: bool


@_kind("told", desk="pd_told", citizen="pc_told", mark="told")
class Told(NamedTuple):
    """A telling: the citizen explains their situation to a role that does not have it."""
    citizen: int
    time: float
    role: str


@_kind("file_read", desk="pd_file_read", citizen="pc_file_read")
class FileRead(NamedTuple):
    """The role read the case file that followed the citizen: no telling needed."""
    citizen: int
    time: float
    role: str


@_kind("asked", desk="pd_asked", citizen="pc_asked")
class Asked(NamedTuple):
    """The desk asked about the other life domains (a broad intake)."""
    citizen: int
    time: float
    role: str


@_kind("hidden_found", desk="pd_hidden_found", citizen="pc_hidden_found", mark="found")
class HiddenFound(NamedTuple):
    citizen: int
    time: float
    role: str
    need: str


@_kind("worked", desk="pd_worked", citizen="pc_worked")
class Worked(NamedTuple):
    """One contact's work on a need that takes several; ``step`` of ``steps`` done."""
    citizen: int
    time: float
    role: str
    need: str
    step: int
    steps: int


@_kind("resolved", desk="pd_resolved", citizen="pc_resolved", mark="resolved")
class Resolved(NamedTuple):
    citizen: int
    time: float
    role: str
    need: str


@_kind("deferred", desk="pd_deferred", citizen="pc_deferred", mark="deferred")
class Deferred(NamedTuple):
    """'Come back later': ``reason`` is prerequisite, documents, external or later;
    ``bring`` is what the desk told the citizen to bring or sort out first (None: nothing)."""
    citizen: int
    time: float
    role: str
    need: str
    reason: str
    bring: str | None


@_kind("exception", desk="pd_exception", citizen="pc_exception", mark="exception")
class ExceptionMade(NamedTuple):
    """A block lifted by discretion; ``reason`` is the block that was lifted."""
    citizen: int
    time: float
    role: str
    need: str
    reason: str
    note: str | None


@_kind("referred", journey=_yes_no("wrong", "e_referred_wrong", "e_referred_right"), desk="pd_referred",
       citizen=_yes_no("warm", "pc_referred_warm", "pc_referred_cold"), mark="handoff",
       handoff=lambda e: Handoff(e.role, e.target, e.need, e.wrong, e.ping_pong))
class Referred(NamedTuple):
    """A hand-off from ``role`` to ``target``: ``wrong`` when the target cannot resolve the
    need, ``ping_pong`` when the target already dealt with this need."""
    citizen: int
    time: float
    role: str
    need: str
    target: str
    warm: bool
    wrong: bool
    ping_pong: bool


@_kind("transferred", desk="pd_transferred", citizen="pc_transferred", mark="handoff",
       handoff=lambda e: Handoff(e.role, e.target, e.need, False, e.ping_pong))
class Transferred(NamedTuple):
    """A hand-off of one need to the case manager, who from then on owns it."""
    citizen: int
    time: float
    role: str
    need: str
    target: str
    ping_pong: bool


@_kind("assigned", journey=lambda f: "e_assigned_self" if f.get("target") == f.get("role") else "e_assigned",
       desk="pd_assigned",
       citizen=lambda f: None if f.get("target") == f.get("role") else "pc_assigned_warm" if f.get("warm") else "pc_assigned_cold",
       mark="handoff",
       handoff=lambda e: None if e.target == e.role else Handoff(e.role, e.target, e.need, e.wrong, e.ping_pong))
class Assigned(NamedTuple):
    """The case manager puts ``target`` on a need (itself included). To another role it is a
    hand-off of the work, ``warm`` or cold, ``wrong`` when the target cannot resolve it."""
    citizen: int
    time: float
    role: str
    need: str
    target: str
    warm: bool
    wrong: bool
    ping_pong: bool


@_kind("coordinated")
class Coordinated(NamedTuple):
    """The case manager's weekly coordination of an owned citizen: ``minutes`` of staff time,
    ``needs`` open needs."""
    citizen: int
    time: float
    role: str
    minutes: float
    needs: int


@_kind("overturned", desk="pd_overturned", citizen="pc_overturned", mark="overturned")
class Overturned(NamedTuple):
    """A review overturned an exception: the block is back and the need is open again."""
    citizen: int
    time: float
    role: str
    need: str
    reason: str


@_kind("contact", desk="pd_contact", citizen="pc_contact", mark="contact")
class Contact(NamedTuple):
    """One service encounter with a member of staff, stamped when the citizen leaves. ``failure``
    says why the contact was needed when an earlier failure caused it (wrong_referral, deferral,
    crisis, self_service, callback_lost, abandoned: a call again after hanging up), else empty; ``channel`` is phone, desk or home_visit."""
    citizen: int
    time: float
    role: str
    need: str
    minutes: float
    wait: float
    failure: str
    channel: str


@_kind("self_service", journey=_yes_no("success", "e_self_service_ok", "e_self_service_failed"),
       desk=_yes_no("success", "pd_self_service_ok", "pd_self_service_failed"),
       citizen=_yes_no("success", "pc_self_service_ok", "pc_self_service_failed"), mark="online")
class SelfService(NamedTuple):
    """The citizen tried to settle ``need`` online (a portal, a form), with no staff there: a
    ``success`` is one step of the need, handled in the back office of ``role``; a failure
    sends them to a staffed channel (failure demand)."""
    citizen: int
    time: float
    role: str
    need: str
    success: bool
    minutes: float         # back-office minutes to handle the form (0 when it failed)


@_kind("callback", journey=_yes_no("answered", "e_callback_answered", "e_callback_lost"),
       desk=_yes_no("answered", "pd_callback_answered", "pd_callback_lost"),
       citizen=_yes_no("answered", "pc_callback_answered", "pc_callback_lost"), mark="callback")
class Callback(NamedTuple):
    """After a call, ``role`` promised that ``target`` would call back about ``need``: the call
    came (``answered``) or never did, and the citizen had to call again."""
    citizen: int
    time: float
    role: str
    need: str
    target: str
    answered: bool


@_kind("outreach", journey=_yes_no("found", "e_outreach_found", "e_outreach"), desk="pd_outreach",
       citizen="pc_outreach", mark="outreach")
class Outreach(NamedTuple):
    """The municipality saw ``need`` coming and reached out before it became urgent: ``role``
    took it up (``found``: a need the citizen had not mentioned, so a crisis prevented)."""
    citizen: int
    time: float
    role: str
    need: str
    found: bool
    minutes: float         # staff minutes the outreach took


@_kind("abandoned", journey=_yes_no("line", "e_abandoned_line", "e_abandoned_list"),
       desk=_yes_no("line", "pd_abandoned_line", "pd_abandoned_list"),
       citizen=_yes_no("line", "pc_abandoned_line", "pc_abandoned_list"), mark="abandoned")
class Abandoned(NamedTuple):
    """The citizen left ``role``'s queue before a server came free, after ``wait`` minutes: on the
    line (``line``) they hung up and will call again; off it they left the waiting list and gave
    up their pursuit (a ``gave_up`` follows)."""
    citizen: int
    time: float
    role: str
    need: str
    channel: str
    wait: float
    line: bool


@_kind("crisis", citizen="pc_crisis")
class Crisis(NamedTuple):
    """A hidden need nobody found becomes urgent."""
    citizen: int
    time: float
    need: str


@_kind("gave_up", desk="pd_gave_up", citizen="pc_gave_up", mark="gave_up")
class GaveUp(NamedTuple):
    citizen: int
    time: float
    role: str
    fruitless: int         # fruitless steps so far (cold hand-offs and deferrals)


@_kind("left", journey=lambda f: "e_left" if f.get("outcome") else "e_left_plain")
class Left(NamedTuple):
    """The end of the citizen's follow-up: every need resolved, gave up, or out of time."""
    citizen: int
    time: float


# Failure demand: why a contact was caused by an earlier failure.
WRONG_REFERRAL, DEFERRAL, CRISIS, OVERTURNED = "wrong_referral", "deferral", "crisis", "overturned"
SELF_SERVICE_FAILED, CALLBACK_LOST, ABANDONED = "self_service", "callback_lost", "abandoned"
# Why a need cannot be worked on now (a block), and "later" for a deferral without one.
BLOCKS = ("prerequisite", "documents", "external")
REASONS = BLOCKS + ("later",)
