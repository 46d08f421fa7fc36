"""Random streams, one per concern, so that every setting sees the same citizens.

With one shared stream, anything that draws a number (a referral, a service time) shifts
every later draw, so two settings soon see different citizens. Here each concern has its
own stream, derived from the replication's seed and the concern's *name* (not its position),
so adding a role or swapping one role's policy for a person leaves every other stream as
it was:

- ``arrivals``: the times between arrivals;
- ``citizens``: what each citizen brings (case, profile, consent, missing documents, the
  first desk they would pick), a fixed number of draws per citizen;
- ``choices``: the citizen's choices along the way (which desk for a later need, whether a
  hidden need comes out when a desk asks);
- ``service[role]``: the service times of each role;
- ``decisions[role]``: the rule-based professional at each role;
- ``reviews``: whether a review overturns an exception (drawn when it is made);
- ``portal``: whether a self-service attempt succeeds; ``callbacks``: whether a promised
  call-back comes; ``outreach``: whether the municipality reaches out for a predictable need;
  ``files``: whether a case file a desk relies on misses a need or holds a stale fact.
"""

from __future__ import annotations

import random
import zlib

import numpy as np


def stream(seed: int, name: str) -> random.Random:
    """A stdlib generator (fast scalar draws) seeded from ``seed`` and the stream's name."""
    key = zlib.crc32(name.encode("utf-8"))
    state = np.random.SeedSequence(seed, spawn_key=(key,)).generate_state(4, dtype=np.uint32)
    return random.Random(int.from_bytes(state.tobytes(), "little"))


class Streams:
    """``deck``: draw the citizens (arrivals and what they bring) from this seed instead, so
    replications that differ in everything else meet the same citizens — a workshop table's
    deck beside many simulated rounds of it."""

    def __init__(self, seed: int, roles: tuple[str, ...], deck: int | None = None):
        self.seed = seed
        who = seed if deck is None else deck
        self.arrivals = stream(who, "arrivals")
        self.citizens = stream(who, "citizens")
        self.choices = stream(seed, "choices")
        self.reviews = stream(seed, "reviews")
        self.portal = stream(seed, "portal")
        self.callbacks = stream(seed, "callbacks")
        self.outreach = stream(seed, "outreach")
        self.patience = stream(seed, "patience")
        self.files = stream(seed, "files")
        self.service = {r: stream(seed, "service:" + r) for r in roles}
        self.decisions = {r: stream(seed, "decisions:" + r) for r in roles}
