"""The model as counted: the engine's model with the fold listening.

The engine only emits events (sim.engine.model); every figure is a fold over a citizen's
events (sim.counting.fold) into one row of the ledger. A CountedModel is the engine's model
whose first listener folds each measured citizen as they leave, so a run has its ledger the
moment it ends; an event log, if any, hears the same events after it.
"""

from __future__ import annotations

from sim.counting.fold import Counting
from sim.counting.ledger import CitizenLedger
from sim.engine.model import KastjeModel


class CountedModel(KastjeModel):
    """``KastjeModel`` with ``counting`` (the fold) and ``ledger`` (a row per measured citizen)."""

    def __init__(self, scenario, setting, citizens, *args, **kwargs):
        super().__init__(scenario, setting, citizens, *args, **kwargs)
        self.counting = Counting(scenario, self.chain)
        self.ledger = CitizenLedger.for_scenario(scenario, self.chain)
        self.listeners.insert(0, self)

    def write(self, replication: int, events: list) -> None:
        self.ledger.add(*self.counting.fold(events))
