"""One need of one citizen, as the model tracks it over the citizen's journey."""

from __future__ import annotations

from sim.schema import Need

# Why the next contact about this need happens: None is value demand, the rest failure.
WRONG_REFERRAL, DEFERRAL, CRISIS = "wrong_referral", "deferral", "crisis"


class NeedState:
    __slots__ = ("need", "id", "hidden", "known", "resolved_at", "contacts_done", "holder",
                 "visited", "applied_at", "pending", "blocked_until", "docs_missing",
                 "waived", "done", "crisis_at")

    def __init__(self, need: Need, hidden: bool, docs_missing: bool,
                 blocked_until: float | None, crisis_at: float | None):
        self.need = need
        self.id = need.id
        self.hidden = hidden
        self.known = not hidden
        self.resolved_at: float | None = None
        self.contacts_done = 0
        self.holder: str | None = None      # the role responsible now (None: nobody yet)
        self.visited: set[str] = set()     # roles that have dealt with this need
        self.applied_at: float | None = None  # first contact at a role that resolves it
        self.pending: str | None = None     # why the next contact is failure demand
        self.blocked_until = blocked_until
        self.docs_missing = docs_missing
        self.waived = False                 # prerequisites lifted by an exception
        self.done = None                    # simpy event, made when someone waits on it
        self.crisis_at = crisis_at          # when a hidden need surfaces as a crisis

    @property
    def open(self) -> bool:
        return self.resolved_at is None
