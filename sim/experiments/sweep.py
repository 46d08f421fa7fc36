"""Sweeps: every metric over a grid of lever values, staffing and inflow, as one tidy table.

An axis is a lever (``routing_knowledge=0:1:0.1``, ``handoff=cold,warm``), a role's staff
(``staff.kcc=2,4,6``) or the inflow (``per_day=6,8,10``); the grid is every combination.
Every point runs the same replication seeds (common random numbers), so points differ only in
what the grid changes, and a point's result depends on the point alone — not on the order the
pool or a cluster happens to run it, nor on an earlier, killed run: each point's replications
are stored in ``DIR/points/`` as soon as the last of them is done, and a sweep started again on
the same ``DIR`` skips them (the file name is a hash of everything the point depends on).
"""

from __future__ import annotations

import hashlib
import itertools
import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from sim.counting.metrics import METRICS
from sim.errors import UserError
from sim.experiments.pool import run_all
from sim.experiments.replications import _replication, fingerprint, replication_seeds
from sim.experiments.statistics import aggregate
from sim.scenario.levers import LEVERS
from sim.scenario.schema import Scenario, Setting
from sim.scenario.variant import PER_DAY, STAFF, Variant

MAX_POINTS = 2000


@dataclass(frozen=True)
class Axis:
    name: str
    values: tuple

    def label(self, value) -> str:
        return f"{self.name}={value}"


def _numbers(text: str, name: str) -> list[float]:
    """``a:b:step`` (both ends included) or ``x,y,z``."""
    try:
        if ":" in text:
            start, stop, step = (float(p) for p in text.split(":"))
            if step <= 0 or stop < start:
                raise ValueError
            count = math.floor((stop - start) / step + 1e-9) + 1
            return [round(start + k * step, 10) for k in range(count)]
        return [float(p) for p in text.split(",") if p.strip()]
    except ValueError:
        raise UserError(f"--vary {name}: '{text}' is not a range START:STOP:STEP (STOP ≥ START, STEP > 0) "
                        "or a comma-separated list of numbers") from None


def parse_axis(spec: str, scenario: Scenario, setting: Setting) -> Axis:
    """One ``--vary NAME=VALUES``; a clear message for a name or value that cannot be."""
    name, sep, text = spec.partition("=")
    name, text = name.strip(), text.strip()
    roles = [r.id for r in scenario.roles]
    if not sep or not text:
        raise UserError(f"--vary needs NAME=VALUES, e.g. routing_knowledge=0:1:0.1 or staff.{roles[0]}=1,2,3; "
                        f"got '{spec}'")
    if name.startswith(STAFF):
        role = name.removeprefix(STAFF)
        if role not in roles:
            raise UserError(f"--vary {name}: no role '{role}'; roles: {', '.join(roles)}")
        values = _numbers(text, name)
        if any(v < 1 or v != int(v) for v in values):
            raise UserError(f"--vary {name}: staff are whole numbers of at least 1")
        return Axis(name, tuple(int(v) for v in values))
    if name == PER_DAY:
        values = _numbers(text, name)
        if any(v <= 0 for v in values):
            raise UserError("--vary per_day: arrivals per working day must be above 0")
        return Axis(name, tuple(values))
    levers = [key for key, lever in LEVERS.items() if lever.kind != "needs"]     # a list of needs is no axis
    if name not in levers:
        raise UserError(f"--vary: '{name}' is not a lever, staff.ROLE or per_day; levers: {', '.join(levers)}")
    chance = LEVERS[name].kind == "chance"
    values = _numbers(text, name) if chance else [v.strip() for v in text.split(",") if v.strip()]
    for value in values:
        try:
            Setting.model_validate({**setting.model_dump(), name: value})
        except ValidationError as exc:
            raise UserError(f"--vary {name}={value}: {exc.errors()[0]['msg']}") from None
    return Axis(name, tuple(values))


def grid(axes: list[Axis]) -> list[dict]:
    points = [dict(zip([a.name for a in axes], combo)) for combo in itertools.product(*(a.values for a in axes))]
    if len(points) > MAX_POINTS:
        raise UserError(f"the grid has {len(points)} points; at most {MAX_POINTS} (fewer values per --vary)")
    return points


def apply(scenario: Scenario, setting: Setting, point: dict) -> tuple[Scenario, Setting]:
    """The scenario and setting of one grid point."""
    return Variant.of_point(point).apply(scenario, setting)


def point_key(scenario: Scenario, setting: Setting, point: dict, citizens: int, replications: int, seed: int,
              warmup: float | None) -> str:
    blob = json.dumps([fingerprint(scenario), setting.model_dump(mode="json"), point, citizens, replications, seed,
                       warmup], sort_keys=True)
    return hashlib.sha256(blob.encode()).hexdigest()[:20]


@dataclass
class Sweep:
    scenario: Scenario
    setting: Setting
    axes: list[Axis]
    citizens: int = 200
    replications: int = 10
    seed: int = 1
    warmup_days: float | None = None
    out: Path | None = None

    def points(self) -> list[dict]:
        return grid(self.axes)

    def _file(self, point: dict) -> Path | None:
        if self.out is None:
            return None
        key = point_key(self.scenario, self.setting, point, self.citizens, self.replications, self.seed,
                        self.warmup_days)
        return self.out / "points" / f"{key}.json"

    def stored(self, point: dict) -> list[dict] | None:
        path = self._file(point)
        if path is None or not path.exists():
            return None
        return json.loads(path.read_text(encoding="utf-8"))["per_replication"]

    def _store(self, point: dict, per_replication: list[dict]) -> None:
        path = self._file(point)
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(".tmp")
            tmp.write_text(json.dumps({"point": point, "per_replication": per_replication}), encoding="utf-8")
            tmp.replace(path)                 # a point is stored whole or not at all

    def run(self, workers: int | None = None, progress: Callable[[int, int, int], None] | None = None) -> dict:
        """Per point (its index), the per-replication summaries; ``progress(done, total, resumed)``
        counts points."""
        points = self.points()
        results = {i: r for i, p in enumerate(points) if (r := self.stored(p)) is not None}
        resumed = len(results)
        todo = [i for i in range(len(points)) if i not in results]
        seeds = replication_seeds(self.seed, self.replications)
        jobs, owner = [], []
        for i in todo:
            sc, st = apply(self.scenario, self.setting, points[i])
            for r, rep_seed in enumerate(seeds):
                jobs.append((sc, st, self.citizens, rep_seed, r, self.warmup_days))
                owner.append(i)
        pending = {i: [None] * self.replications for i in todo}
        if progress:
            progress(resumed, len(points), resumed)

        def each(k: int, result) -> None:
            i = owner[k]
            pending[i][jobs[k][4]] = result[0]
            if all(rep is not None for rep in pending[i]):
                results[i] = pending.pop(i)
                self._store(points[i], results[i])
                if progress:
                    progress(len(results), len(points), resumed)

        run_all(_replication, jobs, workers, each=each)
        return results

    def table(self, results: dict) -> list[dict]:
        """The tidy table: a row per (point, metric) with the mean and the 95% interval."""
        rows = []
        for i, point in enumerate(self.points()):
            figures = aggregate(results[i])
            for metric in METRICS:
                m = figures[metric]
                rows.append({**point, "metric": metric, "mean": m["mean"], "ci95_low": m["ci95"][0],
                             "ci95_high": m["ci95"][1], "replications": self.replications,
                             "citizens": self.citizens, "seed": self.seed})
        return rows
