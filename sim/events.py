"""The event vocabulary: everything that happens to a citizen, as typed records.

Events are the one source of truth. The engine writes them, every metric is a fold over a
citizen's events (sim.counting), the CSV log is exactly this stream (sim.eventlog), and a
round played by people produces the same records. Each kind is an immutable NamedTuple
whose first two fields are the citizen's number and the model time in working minutes.

Times: a contact's decisions are stamped when they are taken (the citizen sits at the desk);
the ``Contact`` record itself is stamped when the citizen leaves the desk and carries the
minutes the staff member spent and the minutes the citizen queued before.
"""

from __future__ import annotations

from functools import partial
from typing import NamedTuple, Optional

KINDS: dict[str, type] = {}


def _kind(activity: str):
    """Register an event kind under its activity name. ``Kind.new((fields...))`` builds a
    record from a tuple of all its fields without NamedTuple's argument handling: a third of
    the cost, for the engine's few records per contact (the CSV round trip checks the fields)."""
    def register(cls):
        cls.activity = activity
        cls.new = partial(tuple.__new__, cls)
        KINDS[activity] = cls
        return cls
    return register


@_kind("run")
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


@_kind("load")
class Load(NamedTuple):
    """How busy ``role`` was in a replication, since measuring began; the last records of each
    replication in a log. ``offered`` adds the work still queueing: at or above 1 the desk is
    overloaded."""
    citizen: int
    time: float
    role: str
    utilisation: float
    offered: float


@_kind("arrived")
class Arrived(NamedTuple):
    citizen: int
    time: float
    case: str
    profile: str
    need: str              # the presenting need: what the citizen asks first


@_kind("consent")
class Consent(NamedTuple):
    """The citizen was asked whether their file may follow them (shared_file: consent)."""
    citizen: int
    time: float
    role: str
    given: bool


@_kind("told")
class Told(NamedTuple):
    """A telling: the citizen explains their situation to a role that does not have it."""
    citizen: int
    time: float
    role: str


@_kind("file_read")
class FileRead(NamedTuple):
    """The role read the case file that followed the citizen: no telling needed."""
    citizen: int
    time: float
    role: str


@_kind("asked")
class Asked(NamedTuple):
    """The desk asked about the other life domains (a broad intake)."""
    citizen: int
    time: float
    role: str


@_kind("hidden_found")
class HiddenFound(NamedTuple):
    citizen: int
    time: float
    role: str
    need: str


@_kind("worked")
class Worked(NamedTuple):
    """One contact's work on a need that takes several; ``step`` of ``steps`` done."""
    citizen: int
    time: float
    role: str
    need: str
    step: int
    steps: int


@_kind("resolved")
class Resolved(NamedTuple):
    citizen: int
    time: float
    role: str
    need: str


@_kind("deferred")
class Deferred(NamedTuple):
    """'Come back later': ``reason`` is prerequisite, documents, external or later;
    ``bring`` is what the desk told the citizen to bring or sort out first (None: nothing)."""
    citizen: int
    time: float
    role: str
    need: str
    reason: str
    bring: Optional[str]


@_kind("exception")
class ExceptionMade(NamedTuple):
    """A block lifted by discretion; ``reason`` is the block that was lifted."""
    citizen: int
    time: float
    role: str
    need: str
    reason: str
    note: Optional[str]


@_kind("referred")
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


@_kind("transferred")
class Transferred(NamedTuple):
    """A hand-off of one need to the case manager, who from then on owns it."""
    citizen: int
    time: float
    role: str
    need: str
    target: str
    ping_pong: bool


@_kind("assigned")
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


@_kind("overturned")
class Overturned(NamedTuple):
    """A review overturned an exception: the block is back and the need is open again."""
    citizen: int
    time: float
    role: str
    need: str
    reason: str


@_kind("contact")
class Contact(NamedTuple):
    """One service encounter with a member of staff, stamped when the citizen leaves. ``failure``
    says why the contact was needed when an earlier failure caused it (wrong_referral, deferral,
    crisis, self_service, callback_lost), else empty; ``channel`` is phone, desk or home_visit."""
    citizen: int
    time: float
    role: str
    need: str
    minutes: float
    wait: float
    failure: str
    channel: str


@_kind("self_service")
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


@_kind("callback")
class Callback(NamedTuple):
    """After a call, ``role`` promised that ``target`` would call back about ``need``: the call
    came (``answered``) or never did, and the citizen had to call again."""
    citizen: int
    time: float
    role: str
    need: str
    target: str
    answered: bool


@_kind("outreach")
class Outreach(NamedTuple):
    """The municipality saw ``need`` coming and reached out before it became urgent: ``role``
    took it up (``found``: a need the citizen had not mentioned, so a crisis prevented)."""
    citizen: int
    time: float
    role: str
    need: str
    found: bool
    minutes: float         # staff minutes the outreach took


@_kind("crisis")
class Crisis(NamedTuple):
    """A hidden need nobody found becomes urgent."""
    citizen: int
    time: float
    need: str


@_kind("gave_up")
class GaveUp(NamedTuple):
    citizen: int
    time: float
    role: str
    fruitless: int         # fruitless steps so far (cold hand-offs and deferrals)


@_kind("left")
class Left(NamedTuple):
    """The end of the citizen's follow-up: every need resolved, gave up, or out of time."""
    citizen: int
    time: float


# Failure demand: why a contact was caused by an earlier failure.
WRONG_REFERRAL, DEFERRAL, CRISIS, OVERTURNED = "wrong_referral", "deferral", "crisis", "overturned"
SELF_SERVICE_FAILED, CALLBACK_LOST = "self_service", "callback_lost"
# Why a need cannot be worked on now (a block), and "later" for a deferral without one.
BLOCKS = ("prerequisite", "documents", "external")
REASONS = BLOCKS + ("later",)
