"""Where the event stream goes: a CSV file on disk, a list in memory; and reading a CSV back.

The CSV holds exactly the typed events of sim.events.kinds, one row each, in the order the
citizens left the model (each citizen's events together, in time order). Its columns follow
process-mining conventions (case = ``citizen``, timestamp = ``time``, activity, resource =
``role``); a column a kind does not have stays empty. Floats are written in full, so a log
read back with :func:`read_csv` folds to exactly the metrics of the run that wrote it.
"""

from __future__ import annotations

import csv
import typing
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Protocol, Self

from sim.events.kinds import KINDS

# The columns in the order logs have always had them; a field a new kind brings is added after them.
_ORDER = ("replication", "citizen", "time", "day", "activity", "role", "need", "target", "warm",
          "wrong", "ping_pong", "reason", "bring", "note", "failure", "step", "steps", "minutes",
          "wait", "needs", "fruitless", "given", "case", "profile", "scenario", "fingerprint", "setting",
          "overrides", "seed", "citizens", "warmup", "utilisation", "offered", "channel", "success", "answered",
          "found")


def _field_types(cls) -> list[tuple[str, type, bool]]:
    """(name, base type, optional) per field of an event kind."""
    out = []
    for name, tp in typing.get_type_hints(cls).items():
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        out.append((name, args[0] if args else tp, bool(args)))
    return out


COLUMNS = _ORDER + tuple(dict.fromkeys(name for cls in KINDS.values() for name in cls._fields
                                       if name not in _ORDER))
_INDEX = {c: i for i, c in enumerate(COLUMNS)}


@cache
def _fields(cls) -> list[tuple[str, type, bool]]:
    return _field_types(cls)


@cache
def _places(cls) -> list[tuple[int, int, bool]]:
    """(column, field index, is a bool) per field of a kind: where a row holds it."""
    return [(_INDEX[name], i, tp is bool) for i, (name, tp, _) in enumerate(_fields(cls))]


class EventLog(Protocol):
    def write(self, replication: int, events: list) -> None:
        """Take one citizen's events (or a replication's Run record), in order."""


def row_of(replication: int, event, minutes_per_day: float) -> list:
    row = [""] * len(COLUMNS)
    row[0] = replication
    row[3] = int(event[1] // minutes_per_day)
    row[4] = event.activity
    for column, field, is_bool in _places(type(event)):
        value = event[field]
        if value is None:
            continue
        row[column] = int(value) if is_bool else value
    return row


class CsvEventLog:
    """Writes the stream to a CSV file as the run goes; use as a context manager."""

    def __init__(self, path: str | Path, minutes_per_day: float = 480.0):
        self.path = Path(path)
        self.minutes_per_day = minutes_per_day
        self._file = self.path.open("w", newline="", encoding="utf-8")
        self._writer = csv.writer(self._file)
        self._writer.writerow(COLUMNS)
        self.rows = 0

    def write(self, replication: int, events: list) -> None:
        per_day = self.minutes_per_day
        self._writer.writerows(row_of(replication, e, per_day) for e in events)
        self.rows += len(events)

    def close(self) -> None:
        self._file.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class MemoryEventLog:
    """Keeps (replication, event) pairs: for tests and for replaying a citizen's journey."""

    def __init__(self):
        self.events: list[tuple[int, object]] = []

    def write(self, replication: int, events: list) -> None:
        self.events.extend((replication, e) for e in events)

    def of(self, kind: type) -> list:
        return [e for _, e in self.events if type(e) is kind]


# --- reading a log back --------------------------------------------------------------------

class EventLogError(ValueError):
    """A CSV that is not a kastje event log, with the line and column at fault."""


def _parse(value: str, tp: type, optional: bool, where: str):
    if value == "":
        if optional or tp is str:
            return None if optional else ""
        raise EventLogError(f"{where}: empty; a value is needed here")
    try:
        if tp is bool:
            if value not in ("0", "1"):
                raise ValueError
            return value == "1"
        return tp(value)
    except ValueError:
        kind = {bool: "0 or 1", int: "a whole number", float: "a number"}.get(tp, "text")
        raise EventLogError(f"{where}: '{value}' is not {kind}") from None


def read_csv(path: str | Path) -> Iterator[tuple[int, object]]:
    """(replication, event) for every row of a log written by :class:`CsvEventLog`."""
    path = Path(path)
    try:
        fh = path.open(newline="", encoding="utf-8")
    except OSError as err:
        raise EventLogError(f"{path}: cannot read: {err.strerror}") from None
    with fh:
        reader = csv.reader(fh)
        header = next(reader, None)
        if header is None or tuple(header) != COLUMNS:
            raise EventLogError(f"{path}:1: not a kastje event log (the header must be: {','.join(COLUMNS)})")
        for line, row in enumerate(reader, start=2):
            yield _event(row, f"{path}:{line}")


def _event(row: list[str], where: str) -> tuple[int, object]:
    if len(row) != len(COLUMNS):
        raise EventLogError(f"{where}: {len(row)} columns; a kastje event log has {len(COLUMNS)}")
    activity = row[4]
    if activity not in KINDS:
        raise EventLogError(f"{where}: activity: unknown '{activity}'; valid: {', '.join(KINDS)}")
    values = [_parse(row[_INDEX[name]], tp, optional, f"{where}: {name}")
              for name, tp, optional in _fields(KINDS[activity])]
    return _parse(row[0], int, False, f"{where}: replication"), KINDS[activity](*values)
