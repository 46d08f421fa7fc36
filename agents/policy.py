"""One decision point: every decision a role makes about a citizen's need.

The simulation's rule-based policy, a human player in the workshop and a bot standing
in for a missing player all implement :class:`Policy`. A policy gets a :class:`RoleView`
— only what that role may see — and returns an :class:`Action`; the engine, not the
policy, carries the action out and counts it, so every implementation is counted alike.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Literal, Protocol

ActionKind = Literal["progress", "defer", "exception", "refer", "assign"]
Block = Literal["prerequisite", "documents", "external"]


@dataclass(frozen=True, slots=True)
class RoleView:
    """What a role sees when it decides about one need of one citizen.

    ``block`` says why the need cannot be worked on now (a prerequisite unmet, documents
    missing, an outside process such as a divorce still running), or is None.
    ``assigning`` is True when a case manager decides who works on the need.
    """

    role: str
    need: str
    can_resolve: bool
    block: Block | None = None
    blocking_need: str | None = None
    assigning: bool = False


@dataclass(frozen=True, slots=True)
class Action:
    kind: ActionKind
    target: str | None = None


PROGRESS = Action("progress")
DEFER = Action("defer")
EXCEPTION = Action("exception")


class Policy(Protocol):
    def decide(self, view: RoleView) -> Action:
        """Return what the role does about ``view.need`` in this contact."""


class RulePolicy:
    """The simulation's professional: follows the rules, with the setting's levers.

    Routing contract (other parts rely on it): a role that cannot resolve a need refers it
    to a role that can with probability ``routing_knowledge``; otherwise to a role chosen
    uniformly among the other roles that cannot (never itself). A blocked need is lifted
    by an exception with probability ``discretion``; otherwise it is deferred.
    """

    def __init__(self, resolvers: dict[str, tuple[str, ...]], roles: tuple[str, ...],
                 routing_knowledge: float, discretion: float, rng: random.Random):
        self.resolvers = resolvers
        self.rng = rng
        self.routing_knowledge = routing_knowledge
        self.discretion = discretion
        self._wrong = {
            (role, need): tuple(r for r in roles if r != role and r not in res)
            for need, res in resolvers.items() for role in roles
        }

    def decide(self, view: RoleView) -> Action:
        rng = self.rng
        if view.assigning:
            return Action("assign", self._pick(self.resolvers[view.need], view.role))
        if view.can_resolve:
            if view.block is None:
                return PROGRESS
            return EXCEPTION if rng.random() < self.discretion else DEFER
        wrong = self._wrong[view.role, view.need]
        if not wrong or rng.random() < self.routing_knowledge:
            return Action("refer", self._pick(self.resolvers[view.need], view.role))
        return Action("refer", wrong[int(rng.random() * len(wrong))])

    def _pick(self, options: tuple[str, ...], own: str) -> str:
        if own in options:
            return own
        return options[0] if len(options) == 1 else options[int(self.rng.random() * len(options))]
