"""Who may try to join: failed join attempts are limited per browser and, with a higher ceiling,
per network address — so a guesser can neither lock a room nor find its code.

A browser gets a token from the page before its first attempt (:func:`token`). A wrong or closed
code is a *failure*, counted against the token and the address; a right code is never counted (the
old per-session limit let one guesser lock a room after 60 tries). Past its free failures a token
waits before its next attempt is checked, the wait doubling per failure (:data:`FIRST_WAIT` up to
:data:`LONGEST_WAIT`). An address — a whole room may share one behind the wifi's NAT — past
:data:`ADDRESS_FAILURES` failures in the last hour is slowed, never closed: one attempt per
:data:`ADDRESS_SPACING` seconds from it, whoever makes it. A guesser elsewhere never touches a
room's joining; one on the room's own wifi can slow it to an attempt per 10 s, never close it.

What a guesser gets, at most, from one address: 300 guesses in the first hour, then one per 10 s —
660 an hour, whatever number of browsers (tokens) it uses. With 31^6 ≈ 8.9 × 10^8 codes and 10
sessions open at once, one guess finds a session with chance 1.1 × 10^-8: an 8-hour day of guessing
(≈ 5,300 guesses) finds one with chance 6 × 10^-5.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

FREE_FAILURES = 5            # a browser's typing errors before it has to wait
FIRST_WAIT = 2.0             # seconds, after the free failures; doubles per failure
LONGEST_WAIT = 60.0
ADDRESS_FAILURES = 300       # failures in an hour from one address before it is slowed (a room's typos: far fewer)
ADDRESS_SPACING = 10.0       # seconds between attempts from a slowed address
HOUR = 3600.0
UNKNOWN = "?"                # attempts without an address share one (so a missing address is no way around)


def token() -> str:
    """A browser's token, issued before its first join attempt."""
    return secrets.token_urlsafe(16)


@dataclass
class _Record:
    failures: int = 0
    next_at: float = 0.0


@dataclass
class Gate:
    """Failed join attempts per token and per address, in memory (a restart forgets them: a
    guesser gains the seconds of a restart, a room loses nothing)."""

    clock: Callable[[], float] = time.monotonic
    tokens: dict[str, _Record] = field(default_factory=dict)
    addresses: dict[str, deque] = field(default_factory=dict)
    slots: dict[str, float] = field(default_factory=dict)      # a slowed address: its next attempt
    lock: threading.Lock = field(default_factory=threading.Lock)

    def admit(self, token: str | None, address: str | None) -> float:
        """0 if this attempt may be checked now (and, from a slowed address, takes its slot);
        else the seconds to wait."""
        now, address = self.clock(), address or UNKNOWN
        with self.lock:
            record = self.tokens.get(token) if token else None
            if record is not None and record.next_at > now:
                return record.next_at - now
            if len(self._recent(address, now)) >= ADDRESS_FAILURES:
                slot = self.slots.get(address, 0.0)
                if slot > now:
                    return slot - now
                self.slots[address] = now + ADDRESS_SPACING
            return 0.0

    def failed(self, token: str | None, address: str | None) -> None:
        """A wrong or closed code from this browser."""
        now, address = self.clock(), address or UNKNOWN
        with self.lock:
            if token:
                record = self.tokens.setdefault(token, _Record())
                record.failures += 1
                extra = record.failures - FREE_FAILURES
                if extra > 0:
                    record.next_at = now + min(LONGEST_WAIT, FIRST_WAIT * 2 ** (extra - 1))
            self._recent(address, now).append(now)

    def _recent(self, address: str, now: float) -> deque:
        recent = self.addresses.setdefault(address, deque())
        while recent and recent[0] <= now - HOUR:
            recent.popleft()
        return recent
