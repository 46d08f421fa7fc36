"""One need of one citizen, as the model tracks it over the citizen's journey."""

from __future__ import annotations

from sim.scenario.schema import Need


class NeedState:
    __slots__ = (
        "assigned",
        "blocked_from_start",
        "blocked_until",
        "contacts_done",
        "crisis_at",
        "docs_missing",
        "done",
        "hidden",
        "holder",
        "id",
        "known",
        "need",
        "online_tried",
        "pending",
        "ready_at",
        "resolved_at",
        "visited",
        "waived",
    )

    def __init__(self, need: Need, hidden: bool, docs_missing: bool,
                 blocked_until: float | None, crisis_at: float | None):
        self.need = need
        self.id = need.id
        self.hidden = hidden
        self.known = not hidden
        self.resolved_at: float | None = None
        self.contacts_done = 0
        self.holder: str | None = None      # the role responsible now (None: nobody yet)
        self.assigned = False               # a case manager owns it and has put someone on it
        self.visited: set[str] = set()     # roles that have decided about this need
        self.pending: str = ""              # why the next contact is failure demand ("" = it is not)
        self.blocked_until = blocked_until  # an outside process (e.g. a divorce) ends then
        self.blocked_from_start = blocked_until   # kept, so an overturned exception can restore it
        self.docs_missing = docs_missing
        self.waived = False                 # prerequisites lifted by an exception
        self.done = None                    # simpy event, made when someone waits on it
        self.crisis_at = crisis_at          # when a hidden need surfaces as a crisis
        self.ready_at = 0.0                 # the citizen takes it up again from then (after a delay)
        self.online_tried = False           # self-service was tried for it (once, for its first step)

    @property
    def open(self) -> bool:
        return self.resolved_at is None
