"""The channels through which a citizen and the municipality meet, each declared once.

A contact with staff is by phone, at a desk or a home visit; self-service (a portal, a form) needs
no staff at that moment. Each channel says whether staff are there, what it does to a contact's
minutes, how often a need the citizen does not mention comes out when a desk asks about the other
life domains there, and what a cold referral is in it ("go to desk X", or on the phone the promise
of a call-back). The scenario schema takes its choices from here (a role's ``channels``, a route's,
``costs.channel_cost_eur``), and the engine reads a channel's behaviour from its declaration, not
from its name (agents.desk, agents.policy, agents.channels). A new channel is one :class:`Channel`
in :data:`CHANNELS`, plus its parameters in ``ChannelParameters`` if it has any of its own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal


def _same(minutes: float, _params: Any) -> float:
    return minutes


def _usual(params: Any, _channels: Any) -> float:
    return params.hidden_need_detection


@dataclass(frozen=True)
class Channel:
    key: str
    staffed: bool                                    # False: a portal or a form, no staff at that moment
    minutes: Callable[[float, Any], float] = field(default=_same, repr=False)
    # a contact's minutes on this channel, from a desk contact's (and the scenario's ChannelParameters)
    detection: Callable[[Any, Any], float] = field(default=_usual, repr=False)
    # the chance a need the citizen has not mentioned comes out when asked here (Parameters, ChannelParameters)
    cold_referral: Literal["go", "callback"] = "go"  # go: the citizen goes to the desk named; callback: it calls back
    queue: Literal["line", "waiting_list"] = "waiting_list"
    # how a citizen waits for staff here, and what running out of patience does (agents.desk):
    # line: on hold, patience in minutes, they hang up and call again later (a new contact);
    # waiting_list: weeks of patience, and leaving the list ends their pursuit (they give up)


CHANNELS: dict[str, Channel] = {c.key: c for c in (
    Channel("self_service", staffed=False),
    Channel("phone", staffed=True, minutes=lambda m, ch: m * ch.phone_minutes, cold_referral="callback",
            queue="line"),
    Channel("desk", staffed=True),
    Channel("home_visit", staffed=True, minutes=lambda m, ch: m + ch.home_visit_travel_minutes,
            detection=lambda _params, ch: ch.home_visit_detection),
)}
STAFFED = tuple(key for key, c in CHANNELS.items() if c.staffed)
ONLINE = next(key for key, c in CHANNELS.items() if not c.staffed)     # what "digital first" sends a citizen to
DEFAULT = "desk"                                                        # a role's and a route's channel unless said
