"""The ledger: one row per citizen who has left the model (or was still in it at the end).

A row is what :meth:`sim.counting.fold.Counting.fold` returns — a :class:`~sim.counting.fold.Row`
(every per-citizen figure, by name) and the staff minutes spent on the citizen at each role — and
all rows live in one flat buffer of typed columns: a whole number (a count, an index) in 4 bytes,
a measured quantity (days, minutes, euros) in 8, so the figures are the doubles the fold made, to
the last bit, and a row costs one append (one C call). On the open network of bench/peers.py a
citizen costs 228 bytes (27 counts, 11 quantities, 4 roles' minutes), where 42 doubles took 336.
Everything reads it by name (:meth:`CitizenLedger.column`, :meth:`rows`) as float arrays.
"""

from __future__ import annotations

import math
import struct

import numpy as np

from sim.counting.fold import OUTCOMES, Row, whole_fields

FIELDS = Row._fields
ROLE_MINUTES = "minutes:"          # a row's staff minutes at ROLE, in the dicts of rows()
_WHOLE = set(whole_fields())


def row_dtype(roles: tuple[str, ...]) -> np.dtype:
    """One citizen's row: Row's fields (int32 or float64, as declared), then minutes per role."""
    return np.dtype([(f, "<i4" if f in _WHOLE else "<f8") for f in FIELDS] +
                    [(ROLE_MINUTES + r, "<f8") for r in roles])


class CitizenLedger:
    def __init__(self, cases: list[str], profiles: list[str], roles: tuple[str, ...] = (),
                 entry: tuple[str, ...] = (), horizon_days: float = math.nan):
        self.cases, self.profiles, self.roles = cases, profiles, roles
        self.entry = [i for i, r in enumerate(roles) if r in entry]
        self.horizon_days = horizon_days
        self.width = len(FIELDS) + len(roles)       # + staff minutes per role
        self.dtype = row_dtype(roles)
        self.data = bytearray()
        codes = "".join("i" if f in _WHOLE else "d" for f in FIELDS) + "d" * len(roles)
        self._pack = struct.Struct("<" + codes).pack     # the dtype's layout, byte for byte

    @classmethod
    def for_scenario(cls, scenario, chain) -> CitizenLedger:
        return cls([c.id for c in scenario.cases], [p.id for p in scenario.profiles], chain.roles, chain.entry,
                   scenario.horizon_days)

    def add(self, row: Row, minutes: tuple[float, ...] = ()) -> None:
        self.data += self._pack(*row, *minutes)

    def __len__(self) -> int:
        return len(self.data) // self.dtype.itemsize

    def table(self) -> Table:
        """The rows as a table (a copy, so that the ledger can still grow while it is in use)."""
        rows = np.frombuffer(bytes(self.data), dtype=self.dtype) if len(self) else np.zeros(0, dtype=self.dtype)
        return Table(rows, self)

    def column(self, name: str) -> np.ndarray:
        return self.table().column(name)

    def outcomes(self) -> np.ndarray:
        return self.table().outcome

    @property
    def ids(self) -> list[int]:
        return [int(x) for x in self.table().rows["citizen"]]

    def rows(self) -> list[dict]:
        """Per-citizen rows as dicts (for tables, CSV and the app): every figure a float, as ever."""
        out = []
        n = len(FIELDS)
        for row in self.table().rows.tolist():
            out.append({**{f: float(v) for f, v in zip(FIELDS, row)}, "citizen": int(row[0]),
                        "case": self.cases[row[1]], "profile": self.profiles[row[2]], "outcome": OUTCOMES[row[3]],
                        **{ROLE_MINUTES + r: m for r, m in zip(self.roles, row[n:])}})
        return out


assert FIELDS[:4] == ("citizen", "case", "profile", "outcome")    # rows() reads them by position


class Table:
    """Some of a ledger's rows (a numpy structured array), read by field name as floats: what a
    metric is computed from."""

    def __init__(self, rows: np.ndarray, ledger: CitizenLedger):
        self.rows, self.ledger = rows, ledger

    def __len__(self) -> int:
        return len(self.rows)

    def column(self, name: str) -> np.ndarray:
        return self.rows[name].astype(float)

    @property
    def outcome(self) -> np.ndarray:
        return self.rows["outcome"].astype(np.uint8)

    def where(self, mask: np.ndarray) -> Table:
        return Table(self.rows[mask], self.ledger)

    def role_minutes(self) -> np.ndarray:
        """Staff minutes per citizen (rows) and role (columns, in chain order)."""
        if not self.ledger.roles:
            return np.zeros((len(self.rows), 0))
        return np.column_stack([self.rows[ROLE_MINUTES + r] for r in self.ledger.roles])
