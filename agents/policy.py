"""The simulation's own decision makers: the rule-based professional and the citizen.

Both answer at once. A bot standing in for a missing workshop player is a RulePolicy for
that player's role; a person is a policy that returns an event and triggers it with their
answer (see tests/test_decision.py for one that answers after a delay).
"""

from __future__ import annotations

import random

from agents.decision import (
    ASK_ABOUT_ALL,
    CONSENT,
    END_CONTACT,
    EXCEPTION,
    FIRST_DESK,
    GO_ON,
    REFER,
    TELL_HIDDEN,
    TRANSFER_TO_MANAGER,
    WORK_ON,
    Action,
    CitizenView,
    Rules,
    View,
)
from sim.scenario.chain import Chain

EXCEPTION_NOW = Action(EXCEPTION)


class RulePolicy:
    """The professional at one role, following the rules with the setting's levers.

    - The broad-intake question is asked in every contact when the round allows it.
    - Under a case manager, a desk keeps what it can resolve and transfers the citizen when
      they told it of anything it cannot (a need it cannot resolve goes along).
    - A need this role can resolve is worked on; if something blocks it, an exception is made
      with probability ``discretion``, otherwise it is deferred, telling the citizen what to
      bring or what to sort out first.
    - A need it cannot resolve is referred (warm when the round allows) to a role that can,
      with probability ``routing_knowledge``; otherwise to one of the other roles that
      cannot, uniformly (never itself).
    - The case manager works on a need itself when it can and nothing blocks it; otherwise
      it assigns it, warm when the round allows: to itself when it can resolve it, else to
      a role that can with probability ``routing_knowledge`` (a manager without chain
      knowledge assigns wrongly too), else to one that cannot.
    """

    def __init__(self, role: str, chain: Chain, rules: Rules, rng: random.Random):
        self.role = role
        self.chain = chain
        self.rng = rng
        self.routing_knowledge = rules.routing_knowledge
        self.discretion = rules.discretion
        self.warm = rules.warm
        self.asks = rules.ask
        self.transfers = rules.case_manager is not None and role != rules.case_manager
        self.manages = rules.case_manager is not None and role == rules.case_manager
        self._actions: dict[tuple, Action] = {}
        self._referrals: dict[str, Action] = {}   # one referral action per target, made once

    def decide(self, view: View) -> Action:
        if self.asks and not view.asked and view.at_desk:
            return ASK_ABOUT_ALL
        if self.manages and view.to_assign:
            if view.at_desk and view.can_resolve and view.block is None:
                return WORK_ON
            target = self.role if view.can_resolve else self._referral_target(view.need)
            return self._cached(("assign", target, self.warm))
        if self.transfers and not view.managed:
            if view.closing:     # the rest goes to the manager, if the citizen told of anything more
                return END_CONTACT if self._simple(view) else TRANSFER_TO_MANAGER
            if not view.can_resolve:
                return TRANSFER_TO_MANAGER
        if view.can_resolve:
            if view.block is None:
                return WORK_ON
            if self.rng.random() < self.discretion:
                return EXCEPTION_NOW
            bring = view.blocking_need if view.block == "prerequisite" else (
                "documents" if view.block == "documents" else None)
            return self._cached(("defer", view.block, bring))
        target = self._referral_target(view.need)
        if view.contact_person and not self.warm:     # a fixed contact person hands on warmly
            return self._cached(("refer", target, True))
        act = self._referrals.get(target)
        if act is None:
            act = self._referrals[target] = Action(REFER, target=target, warm=self.warm)
        return act

    def _simple(self, view: View) -> bool:
        """Every open need the citizen told this desk about is one it can resolve."""
        return all(self.role in self.chain.competent[n] for n in view.open_story)

    def _referral_target(self, need: str) -> str:
        wrong = self.chain.wrong[self.role, need]
        if not wrong or self.rng.random() < self.routing_knowledge:
            return self._pick(self.chain.resolvers[need])
        return wrong[int(self.rng.random() * len(wrong))]

    def _pick(self, options: tuple[str, ...]) -> str:
        if self.role in options:
            return self.role
        return options[0] if len(options) == 1 else options[int(self.rng.random() * len(options))]

    def _cached(self, key: tuple) -> Action:
        """Actions are immutable, so one object per distinct action serves every citizen."""
        act = self._actions.get(key)
        if act is None:
            kind = key[0]
            if kind == "assign":
                act = Action("assign", target=key[1], warm=key[2])
            elif kind == "defer":
                act = Action("defer", reason=key[1], bring=key[2])
            else:
                act = Action(REFER, target=key[1], warm=key[2])
            self._actions[key] = act
        return act


class RuleCitizen:
    """The simulated citizen's own choices, from their profile.

    - First desk for a need: with probability ``self_diagnosis`` an entry desk that can
      resolve it, otherwise one that cannot (uniformly within each kind). For the need the
      citizen comes with, the two draws were made on arrival, so the same citizen picks the
      same first desk under every setting.
    - Go on after a fruitless step while the fruitless steps do not exceed ``persistence``.
    - Consent with probability ``consent`` (drawn on arrival).
    - A hidden need comes out when a desk asks, with the probability of the channel the contact
      is on (``detection``: channel -> chance; sim.scenario.channels says, e.g. more often at home).
    - Patience in a queue: see :meth:`patience`.
    """

    def __init__(self, chain: Chain, detection: dict[str, float], rng: random.Random,
                 patience_rng: random.Random | None = None):
        self.chain = chain
        self.detection = detection
        self.rng = rng
        self.patience_rng = patience_rng or random.Random(0)

    def patience(self, me, mean: float | None) -> float | None:
        """How long this citizen will wait in the queue they are joining (working minutes): an
        exponential draw of mean ``mean`` (the profile's patience for the channel; M/M/c+M's
        patience, Erlang A), from its own stream so that no other draw moves. None: they wait."""
        return None if mean is None else self.patience_rng.expovariate(1.0 / mean)

    def decide(self, view: CitizenView):
        me, question = view.citizen, view.question
        if question == GO_ON:
            limit = me.profile.persistence
            return limit is None or view.fruitless <= limit
        if question == TELL_HIDDEN:     # e.g. asked at home, a need not mentioned comes out more often
            return self.rng.random() < self.detection[me.channel]
        if question == CONSENT:
            return me.consent_draw < me.profile.consent
        if question == FIRST_DESK:
            return self._first_desk(me, view.need)
        raise ValueError(f"unknown question '{question}'")

    def _first_desk(self, me, need: str) -> str:
        good, bad = self.chain.entry_good[need], self.chain.entry_bad[need]
        if need == me.case.presenting and me.contacts == 0:
            right, which = me.first_desk_draws
        else:
            right = self.rng.random() if good and bad else 0.0
            which = self.rng.random()
        options = good if good and (not bad or right < me.profile.self_diagnosis) else bad
        return options[int(which * len(options))]
