"""The event log: one row per event, streamed to CSV so memory stays flat.

Columns follow process-mining conventions (case id, timestamp, activity, resource) so a
log can be opened in a process-mining tool as well as in pandas.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Protocol

COLUMNS = ("replication", "citizen", "minute", "day", "role", "activity", "need", "detail", "minutes")


class EventLog(Protocol):
    def record(self, citizen: int, minute: float, role: str, activity: str,
               need: str = "", detail: str = "", minutes: float | None = None) -> None: ...


class _Base:
    def __init__(self, minutes_per_day: float = 480.0):
        self.replication = 0
        self.minutes_per_day = minutes_per_day

    def row(self, citizen, minute, role, activity, need, detail, minutes) -> tuple:
        return (self.replication, citizen, round(minute, 3), int(minute // self.minutes_per_day),
                role, activity, need, detail, "" if minutes is None else round(minutes, 3))


class CsvEventLog(_Base):
    """Writes each event as it happens; use as a context manager."""

    def __init__(self, path: str | Path, minutes_per_day: float = 480.0):
        super().__init__(minutes_per_day)
        self.path = Path(path)
        self._file = self.path.open("w", newline="", encoding="utf-8")
        self._writer = csv.writer(self._file)
        self._writer.writerow(COLUMNS)
        self.rows = 0

    def record(self, citizen, minute, role, activity, need="", detail="", minutes=None) -> None:
        self._writer.writerow(self.row(citizen, minute, role, activity, need, detail, minutes))
        self.rows += 1

    def close(self) -> None:
        self._file.close()

    def __enter__(self) -> "CsvEventLog":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class MemoryEventLog(_Base):
    """Keeps rows in a list: for tests and for replaying one citizen's journey."""

    def __init__(self, minutes_per_day: float = 480.0):
        super().__init__(minutes_per_day)
        self.rows: list[tuple] = []

    def record(self, citizen, minute, role, activity, need="", detail="", minutes=None) -> None:
        self.rows.append(self.row(citizen, minute, role, activity, need, detail, minutes))

    def as_dicts(self) -> list[dict]:
        return [dict(zip(COLUMNS, r)) for r in self.rows]
