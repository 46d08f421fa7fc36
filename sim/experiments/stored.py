"""A stored event log, folded into metrics by the same counting as the run that wrote it.

``kastje run --events LOG`` writes, per replication, a ``run`` record (which scenario,
setting, seed and size) and then every citizen's events. Folding that log citizen by
citizen, in the order they left, gives exactly the figures the run printed; a workshop
round stored the same way is counted the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sim.counting.fold import Counting
from sim.counting.ledger import CitizenLedger
from sim.counting.metrics import summarize
from sim.events.kinds import Left, Load, Run
from sim.events.log import EventLogError, read_csv
from sim.experiments.figures import Figures
from sim.experiments.replications import About, fingerprint
from sim.scenario.loader import load_scenario
from sim.scenario.schema import Scenario


@dataclass
class StoredRun(Figures):
    title: str
    about: About
    citizens: int
    replications: int
    seed: int
    warmup: float = 0.0
    scenario: Scenario | None = None
    per_replication: list[dict] = field(default_factory=list)
    loads: list[dict] = field(default_factory=list)


def find_scenario(run: Run, log: Path, given: str | None) -> Scenario:
    """The scenario the log was written with: as given, else where the log says (from the
    working directory, then from the log's folder); its fingerprint must match."""
    candidates = [Path(given)] if given else [Path(run.scenario), log.parent / run.scenario]
    path = next((p for p in candidates if p.is_file()), None)
    if path is None:
        raise EventLogError(f"{log}: written from scenario '{run.scenario}', which is not there; "
                            "pass it with --scenario PATH")
    scenario = load_scenario(path)
    if fingerprint(scenario) != run.fingerprint:
        raise EventLogError(f"{log}: {path} is not the scenario this log was written with "
                            f"(fingerprint {fingerprint(scenario)}, the log says {run.fingerprint}); "
                            "pass the scenario it was run with, with --scenario PATH")
    return scenario


def fold_log(path: str | Path, scenario_path: str | None = None) -> StoredRun:
    path = Path(path)
    stored: StoredRun | None = None
    counting = ledger = None
    citizen: list = []
    for replication, event in read_csv(path):
        if type(event) is Run:
            if stored is None:
                scenario = find_scenario(event, path, scenario_path)
                counting = Counting(scenario)
                about = About(event.scenario, event.setting, [o for o in event.overrides.split(";") if o])
                stored = StoredRun(str(scenario.name), about, event.citizens, 0, event.seed, event.warmup, scenario)
            if ledger is not None:
                _close(stored, ledger, path)
            stored.loads.append({})
            ledger = CitizenLedger.for_scenario(scenario, counting.chain)
            stored.replications += 1
            continue
        if ledger is None:
            raise EventLogError(f"{path}: events before any 'run' record; this log was not written by "
                                "`kastje run --events`")
        if type(event) is Load:
            stored.loads[-1][event.role] = (event.utilisation, event.offered, event.abandoned)
            continue
        citizen.append(event)
        if type(event) is Left:
            try:
                ledger.add(*counting.fold(citizen))
            except (ValueError, KeyError) as err:
                raise EventLogError(f"{path}: citizen {event.citizen} of replication {replication}: {err}") from None
            citizen = []
    if stored is None:
        raise EventLogError(f"{path}: no 'run' record; this log was not written by `kastje run --events`")
    if citizen:
        raise EventLogError(f"{path}: the log ends inside citizen {citizen[0].citizen}'s events (cut short?)")
    _close(stored, ledger, path)
    return stored


def _close(stored: StoredRun, ledger: CitizenLedger, path: Path) -> None:
    """A replication ends with its desks' load; a log without it was cut short."""
    if set(stored.loads[-1]) != set(ledger.roles):
        raise EventLogError(f"{path}: replication {stored.replications - 1} ends before its desks' load "
                            "records for every role (cut short?)")
    stored.per_replication.append(summarize(ledger))
