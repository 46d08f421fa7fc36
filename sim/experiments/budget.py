"""How long a run will take and how much memory it needs, said before it starts.

A run simulates more citizens than it measures: the warm-up's arrivals, the measured ones,
and those arriving while the last measured citizen is followed (the desks must stay as busy
as they were). The time per simulated citizen depends on the scenario and the setting, so a
big run is first timed on a short pilot of each setting and extrapolated; a run that would
take longer than :data:`LIMIT_SECONDS`, or more memory than the machine has, is refused
before it starts (the CLI's ``--yes`` runs it anyway when only the time is the problem).
"""

from __future__ import annotations

import math
import os
import time
from dataclasses import dataclass

from sim.counting.ledger import FIELDS
from sim.experiments.replications import run_once, warmup_of
from sim.scenario.schema import Scenario, Setting

LIMIT_SECONDS = 15 * 60
# Simulated citizens per second on one core, above what any shipped scenario reaches (bench:
# bijstand chaos about 2,400/s on the reference machine): below this bound no pilot is needed.
FASTEST = 10_000
PILOT_CITIZENS = 200
ROW_BYTES = 8 * len(FIELDS)


def simulated(scenario: Scenario, citizens: int, warmup_days: float | None) -> float:
    """Citizens one replication simulates to measure ``citizens``."""
    if scenario.arrivals.pattern == "batch":
        return float(citizens)
    return citizens + scenario.arrivals.per_day * (warmup_of(scenario, warmup_days) + scenario.horizon_days)


@dataclass
class Estimate:
    citizens: float          # simulated over the whole run
    seconds: float
    memory: float            # bytes at the peak: the ledgers of the replications running at once
    piloted: bool            # False: a lower bound, too small to be worth a pilot

    def too_long(self) -> bool:
        return self.seconds > LIMIT_SECONDS

    def too_big(self) -> bool:
        return self.memory > 0.5 * physical_memory()

    def describe(self, workers: int) -> str:
        return (f"about {_count(self.citizens)} simulated citizens: about {_duration(self.seconds)} on "
                f"{workers} core{'s' if workers > 1 else ''} (timed on a short pilot run) and "
                f"{_bytes(self.memory)} of memory")


def estimate(scenario: Scenario, settings: list[Setting], citizens: int, replications: int,
             warmup_days: float | None, workers: int) -> Estimate:
    per_replication = simulated(scenario, citizens, warmup_days)
    total = per_replication * replications * len(settings)
    parallel = max(1, min(workers, replications))
    memory = ROW_BYTES * citizens * parallel
    seconds = total / (FASTEST * parallel)
    if seconds < 30:
        return Estimate(total, seconds, memory, False)
    seconds = 0.0
    for setting in settings:
        pilot = min(citizens, PILOT_CITIZENS)
        start = time.perf_counter()
        run_once(scenario, setting, pilot, seed=0, warmup_days=warmup_days)
        rate = simulated(scenario, pilot, warmup_days) / max(time.perf_counter() - start, 1e-6)
        seconds += per_replication * replications / rate / parallel
    return Estimate(total, seconds, memory, True)


def physical_memory() -> float:
    try:
        return float(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES"))
    except (ValueError, OSError, AttributeError):
        return math.inf


def _count(n: float) -> str:
    for unit, size in (("billion", 1e9), ("million", 1e6)):
        if n >= size:
            return f"{n / size:.1f} {unit}"
    return f"{n:,.0f}"


def _duration(seconds: float) -> str:
    if seconds < 90:
        return f"{seconds:.0f} s"
    if seconds < 90 * 60:
        return f"{seconds / 60:.0f} min"
    if seconds < 48 * 3600:
        return f"{seconds / 3600:.1f} hours"
    return f"{seconds / 86400:.0f} days"


def _bytes(n: float) -> str:
    for unit, size in (("GB", 1e9), ("MB", 1e6)):
        if n >= size:
            return f"{n / size:.1f} {unit}"
    return f"{n / 1e3:.0f} kB"
