"""What a set of replications reports, however it was made (run now, read from a stored log,
run for the app): the metrics with their intervals, each desk's load, and first-contact
resolution per entry desk. One class, so the CLI, ``kastje metrics`` and the app can never
report the same run differently.
"""

from __future__ import annotations

from functools import cached_property

from sim.experiments.statistics import aggregate, aggregate_by, first_contact_by_desk

# A desk whose offered load (before abandonment) reaches its capacity cannot keep up: without
# patience its queue grows for as long as the run lasts; with it, citizens queue until they give
# up, and every average that passes through it is set by their patience.
OVERLOAD = 1.0


def mean_load(loads: list[dict[str, tuple[float, float]]], which: int) -> dict[str, float]:
    """Per role, the mean over replications of (utilisation, offered load, abandoned share)[which]."""
    if not loads:
        return {}
    return {role: sum(load[role][which] for load in loads) / len(loads) for role in loads[0]}


class Figures:
    """Mixin for anything with ``per_replication`` (summaries) and ``loads`` (per replication,
    {role: (utilisation, offered load)})."""

    per_replication: list[dict]
    loads: list[dict]

    @cached_property
    def metrics(self) -> dict[str, dict]:
        return aggregate(self.per_replication)

    @property
    def utilisation(self) -> dict[str, float]:
        """Per role, the share of staff time spent serving while measuring (mean over replications)."""
        return mean_load(self.loads, 0)

    @property
    def offered(self) -> dict[str, float]:
        """Per role, work done plus work still queueing, over the staff time (mean over replications)."""
        return mean_load(self.loads, 1)

    @property
    def abandoned(self) -> dict[str, float]:
        """Per role, the share of the citizens who queued there that left the queue before being
        served (mean over replications; 0 for a log written before abandonment was counted)."""
        if not self.loads:
            return {}
        return {role: sum(load[role][2] if len(load[role]) > 2 else 0.0 for load in self.loads) / len(self.loads)
                for role in self.loads[0]}

    @property
    def overloaded(self) -> list[str]:
        """Roles whose offered load is at or above their capacity."""
        return [role for role, load in self.offered.items() if load >= OVERLOAD]

    def by(self, group: str) -> dict[str, dict[str, dict]]:
        """The metrics per citizen profile (``group`` "profile") or per case ("case")."""
        cache = self.__dict__.setdefault("_by_cache", {})
        if group not in cache:
            cache[group] = aggregate_by(self.per_replication, group)
        return cache[group]

    @property
    def by_desk(self) -> dict[str, dict]:
        """First-contact resolution per entry desk."""
        return first_contact_by_desk(self.per_replication)
