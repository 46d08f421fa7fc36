"""How long a run will take and how much memory it needs, said before anything is simulated.

A run simulates more citizens than it measures: the warm-up's arrivals, the measured ones,
and those arriving while the last measured citizen is followed (the desks must stay as busy
as they were). The estimate comes in two steps, each bounded:

1. **Arithmetic** (microseconds): the citizens simulated (arrivals × days), the most alive at
   once (a citizen is followed at most ``horizon_days``, so never more than that many days of
   arrivals), their memory (:data:`ALIVE_BYTES` each, measured by bench/size_estimate.py) and a
   lower bound on the time at :data:`FASTEST` citizens a second. A run over a budget already
   by this arithmetic is refused without simulating anything.
2. **A pilot** bounded in work, only where the arithmetic is within budget and the run is big
   enough to be worth timing: at most :data:`PILOT_CITIZENS` measured citizens after at most
   :data:`PILOT_WARMUP` citizens of warm-up, nobody followed after them — never the whole warm-up.
   Its citizens per second, extrapolated, give the time.

A run over the time budget (``--max-minutes``, default 15) or the memory budget (``--max-memory``,
default half of this machine's memory) stops before it starts with the figure and how to go on;
``--yes`` lifts the time budget only (memory is not a matter of patience).
"""

from __future__ import annotations

import math
import os
import time
from dataclasses import asdict, dataclass

from sim.counting.ledger import FIELDS
from sim.errors import UserError
from sim.experiments.replications import warmup_of
from sim.scenario.schema import Scenario, Setting

LIMIT_SECONDS = 15 * 60
# Simulated citizens per second on one core, above what any shipped scenario reaches (bench:
# bijstand chaos about 2,400/s on the reference machine): a run below this bound needs no pilot.
FASTEST = 10_000
PILOT_CITIZENS = 1_000       # measured citizens in the pilot, at most
PILOT_WARMUP = 2_000         # arrivals before them, at most
ALIVE_BYTES = 6_000          # a citizen in progress (agent, process, history): 4.5-5.8 kB measured
ROW_BYTES = 8 * len(FIELDS)  # a measured citizen's row in the ledger
BASE_BYTES = 150e6           # the interpreter, the model and its libraries, per worker


def simulated(scenario: Scenario, citizens: int, warmup_days: float | None) -> float:
    """Citizens one replication simulates to measure ``citizens``."""
    if scenario.arrivals.pattern == "batch":
        return float(citizens)
    return citizens + scenario.arrivals.per_day * (warmup_of(scenario, warmup_days) + scenario.horizon_days)


def alive_at_once(scenario: Scenario, citizens: int, warmup_days: float | None) -> float:
    """The most citizens in progress at one moment: a citizen is followed at most ``horizon_days``
    (plus the day they arrived), so at most that many days of arrivals — however long the queues."""
    if scenario.arrivals.pattern == "batch":
        return float(citizens)
    return min(simulated(scenario, citizens, warmup_days), scenario.arrivals.per_day * (scenario.horizon_days + 1))


@dataclass
class Estimate:
    citizens: float          # simulated over the whole run
    alive: float             # the most in progress at once, per replication
    seconds: float
    memory: float            # bytes at the peak: the replications running at once
    piloted: bool            # False: from the arithmetic alone (a lower bound on the time)
    workers: int = 1

    def too_long(self, limit_seconds: float = LIMIT_SECONDS) -> bool:
        return self.seconds > limit_seconds

    def too_big(self, limit_bytes: float | None = None) -> bool:
        return self.memory > (default_memory() if limit_bytes is None else limit_bytes)

    def describe(self) -> str:
        how = "timed on a short pilot run" if self.piloted else "at least, by arithmetic"
        return (f"about {_count(self.citizens)} simulated citizens ({_count(self.alive)} at once at most): "
                f"{'about' if self.piloted else 'at least'} {_duration(self.seconds)} on {self.workers} "
                f"core{'s' if self.workers > 1 else ''} ({how}) and {_bytes(self.memory)} of memory")

    def as_dict(self) -> dict:
        return {**asdict(self), "memory_gb": self.memory / 1e9, "minutes": self.seconds / 60}


class TooBig(UserError):
    """A run over a budget, refused before it starts; ``estimate`` for the JSON answer."""

    def __init__(self, message: str, estimate: Estimate):
        super().__init__(message)
        self.estimate = estimate


def estimate(scenario: Scenario, settings: list[Setting], citizens: int, replications: int,
             warmup_days: float | None, workers: int, limit_seconds: float = LIMIT_SECONDS,
             limit_bytes: float | None = None) -> Estimate:
    """The run's size: the arithmetic first; a bounded pilot only when that is within budget
    and the run is long enough (30 s at the fastest rate) to be worth timing."""
    guess = arithmetic(scenario, settings, citizens, replications, warmup_days, workers)
    if guess.seconds < 30 or guess.too_long(limit_seconds) or guess.too_big(limit_bytes):
        return guess
    per_replication, parallel = simulated(scenario, citizens, warmup_days), guess.workers
    total, alive, memory = guess.citizens, guess.alive, guess.memory
    seconds = 0.0
    for setting in settings:
        seconds += per_replication * replications / pilot_rate(scenario, setting, citizens, warmup_days) / parallel
    return Estimate(total, alive, seconds, memory, True, parallel)


def arithmetic(scenario: Scenario, settings: list[Setting], citizens: int, replications: int,
               warmup_days: float | None, workers: int) -> Estimate:
    """The run's size from the scenario's numbers alone, in microseconds: the time is a lower
    bound (at the fastest rate), the memory an upper one (every citizen followed the whole horizon)."""
    total = simulated(scenario, citizens, warmup_days) * replications * len(settings)
    parallel = max(1, min(workers, replications))
    alive = alive_at_once(scenario, citizens, warmup_days)
    memory = parallel * (BASE_BYTES + ALIVE_BYTES * alive + ROW_BYTES * citizens) + ROW_BYTES * citizens * replications
    return Estimate(total, alive, total / (FASTEST * parallel), memory, False, parallel)


def pilot_rate(scenario: Scenario, setting: Setting, citizens: int, warmup_days: float | None) -> float:
    """Simulated citizens a second on this scenario and setting, timed on a pilot bounded in work:
    at most PILOT_WARMUP arrivals of warm-up and PILOT_CITIZENS measured, none followed after."""
    from sim.counting.tally import CountedModel
    warmup = warmup_of(scenario, warmup_days)
    if scenario.arrivals.pattern != "batch" and scenario.arrivals.per_day > 0:
        warmup = min(warmup, PILOT_WARMUP / scenario.arrivals.per_day)
    measured = min(citizens, PILOT_CITIZENS)
    start = time.perf_counter()
    model = CountedModel(scenario, setting, measured, 0, warmup_days=warmup, follow_on=False).run()
    return max(model.arrived, 1) / max(time.perf_counter() - start, 1e-6)


def check(scenario: Scenario, settings: list[Setting], citizens: int, replications: int, warmup_days: float | None,
          workers: int, max_minutes: float | None = None, max_memory_gb: float | None = None,
          yes: bool = False) -> Estimate:
    """The estimate, or TooBig when the run is over a budget (``yes``: the time budget is lifted)."""
    limit_seconds = math.inf if yes else 60 * (max_minutes if max_minutes is not None else LIMIT_SECONDS / 60)
    limit_bytes = default_memory() if max_memory_gb is None else max_memory_gb * 1e9
    guess = estimate(scenario, settings, citizens, replications, warmup_days, workers, limit_seconds, limit_bytes)
    if guess.too_big(limit_bytes):
        raise TooBig(f"this run needs {guess.describe()}, over the memory budget of {_bytes(limit_bytes)} "
                     "(--max-memory GB); make it smaller with --citizens, --replications or --warmup-days, or "
                     "lower the scenario's arrivals.per_day or horizon_days", guess)
    if guess.too_long(limit_seconds):
        raise TooBig(f"this run needs {guess.describe()}, over the time budget of {_duration(limit_seconds)} "
                     "(--max-minutes M); make it smaller with --citizens, --replications or --warmup-days, or add "
                     "--yes to run it anyway", guess)
    return guess


def default_memory() -> float:
    """The memory budget when none is given: half of this machine's memory."""
    return 0.5 * physical_memory()


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
