"""Join codes and facilitator keys.

A join code is read off a projector and typed on a phone: six characters from an alphabet
without look-alikes (no 0/O, 1/l/I), drawn by the operating system's random source —
31^6 ≈ 890 million codes, unguessable at the rate-limited pace of join attempts. The
facilitator key is a long secret; only its hash is stored.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"     # no 0, O, 1, I, L
LENGTH = 6


def join_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalise(code: str) -> str:
    """What a person typed, as a code: case and spaces do not matter."""
    return "".join(code.split()).upper()


def facilitator_key() -> str:
    return secrets.token_urlsafe(24)


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def key_matches(key: str | None, stored_hash: str) -> bool:
    return key is not None and hmac.compare_digest(key_hash(key), stored_hash)
