"""The model's working days as a manager sees them, and the Mesa world of the reference engine.

Each working day the model records arrivals, citizens in progress, citizens queueing and
measured citizens who left (:data:`DAILY`, declared once). Under SimPy, the reference engine
(the card's stack), the desks are Mesa agents of a Mesa model and Mesa's DataCollector records the
day; the fast engine records the same reporters in plain lists and never imports Mesa (0.7 s of
start-up, with pandas and scipy.spatial). ``model.daily(name)`` reads either.
"""

from __future__ import annotations

from collections.abc import Callable

DAILY: dict[str, Callable] = {
    "day": lambda m: m.steps,
    "arrived": lambda m: m.arrived,
    "in_progress": lambda m: len(m.alive),
    "queueing": lambda m: sum(d.queue_length for d in m.desks.values()),
    "left": lambda m: m.measured_left,
}


class Days:
    """The fast engine's record of each day: the reporters of :data:`DAILY`, as lists."""

    def __init__(self, model):
        self.model = model
        self.series: dict[str, list] = {name: [] for name in DAILY}

    def collect(self) -> None:
        for name, report in DAILY.items():
            self.series[name].append(report(self.model))

    def column(self, name: str) -> list:
        return self.series[name]


class MesaWorld:
    """The reference engine's Mesa model: one Mesa agent per desk, and a DataCollector of the day."""

    def __init__(self, model, seed: int):
        import mesa

        class DeskAgent(mesa.Agent):
            def __init__(self, world, desk):
                super().__init__(world)
                self.desk = desk

        self.mesa = mesa.Model(rng=seed)
        self.agents = {rid: DeskAgent(self.mesa, desk) for rid, desk in model.desks.items()}
        self.datacollector = mesa.DataCollector(
            model_reporters={name: (lambda _, report=report: report(model)) for name, report in DAILY.items()})

    def collect(self) -> None:
        self.mesa.steps += 1
        self.datacollector.collect(self.mesa)

    def column(self, name: str) -> list:
        return self.datacollector.get_model_vars_dataframe()[name].tolist()
