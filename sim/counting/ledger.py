"""The ledger: one row per citizen who has left the model (or was still in it at the end).

A row is what :meth:`sim.counting.fold.Counting.fold` returns — a :class:`~sim.counting.fold.Row`
(every per-citizen figure, by name) and the staff minutes spent on the citizen at each role —
and all rows live in one flat array of doubles, so a million citizens cost 160 MB and a row
costs one append. Everything reads it by name (:meth:`CitizenLedger.column`, :meth:`rows`).
"""

from __future__ import annotations

import math
import struct

import numpy as np

from sim.counting.fold import OUTCOMES, Row

FIELDS = Row._fields
ROLE_MINUTES = "minutes:"          # a row's staff minutes at ROLE, in the dicts of rows()
_ID, _CASE, _PROFILE, _OUTCOME = (FIELDS.index(f) for f in ("citizen", "case", "profile", "outcome"))


class CitizenLedger:
    def __init__(self, cases: list[str], profiles: list[str], roles: tuple[str, ...] = (),
                 entry: tuple[str, ...] = (), horizon_days: float = math.nan):
        self.cases, self.profiles, self.roles = cases, profiles, roles
        self.entry = [i for i, r in enumerate(roles) if r in entry]
        self.horizon_days = horizon_days
        self.width = len(FIELDS) + len(roles)       # + staff minutes per role
        self.data = bytearray()
        self._pack = struct.Struct(f"{self.width}d").pack   # one C call per row, 4x faster than array.extend

    @classmethod
    def for_scenario(cls, scenario, chain) -> CitizenLedger:
        return cls([c.id for c in scenario.cases], [p.id for p in scenario.profiles], chain.roles, chain.entry,
                   scenario.horizon_days)

    def add(self, row: Row, minutes: tuple[float, ...] = ()) -> None:
        self.data += self._pack(*row, *minutes)

    def __len__(self) -> int:
        return len(self.data) // (8 * self.width)

    def table(self) -> Table:
        """The rows as a table (a copy, so that the ledger can still grow while it is in use)."""
        data = np.frombuffer(self.data, dtype=float).reshape(-1, self.width).copy() if len(self) \
            else np.zeros((0, self.width))
        return Table(data, self)

    def column(self, name: str) -> np.ndarray:
        return self.table().column(name)

    def outcomes(self) -> np.ndarray:
        return self.table().outcome

    @property
    def ids(self) -> list[int]:
        return [int(x) for x in self.table().column("citizen")]

    def rows(self) -> list[dict]:
        """Per-citizen rows as dicts (for tables, CSV and the app)."""
        out = []
        for row in self.table().data.tolist():
            out.append({**dict(zip(FIELDS, row)), "citizen": int(row[_ID]), "case": self.cases[int(row[_CASE])],
                        "profile": self.profiles[int(row[_PROFILE])], "outcome": OUTCOMES[int(row[_OUTCOME])],
                        **{ROLE_MINUTES + r: m for r, m in zip(self.roles, row[len(FIELDS):])}})
        return out


class Table:
    """Some of a ledger's rows as a numpy array, read by field name: what a metric is computed from."""

    def __init__(self, data: np.ndarray, ledger: CitizenLedger):
        self.data, self.ledger = data, ledger

    def __len__(self) -> int:
        return len(self.data)

    def column(self, name: str) -> np.ndarray:
        return self.data[:, FIELDS.index(name)]

    @property
    def outcome(self) -> np.ndarray:
        return self.data[:, _OUTCOME].astype(np.uint8)

    def where(self, mask: np.ndarray) -> Table:
        return Table(self.data[mask], self.ledger)

    def role_minutes(self) -> np.ndarray:
        """Staff minutes per citizen (rows) and role (columns, in chain order)."""
        return self.data[:, len(FIELDS):]
