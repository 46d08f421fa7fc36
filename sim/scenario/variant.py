"""A variant of a scenario and a setting: changed levers, staff per role, citizen mix, inflow.

The one way a what-if is applied — the what-if page's variant, a sweep's grid point and a
sensitivity step are each a :class:`Variant`, and :meth:`Variant.apply` makes the scenario and
the setting they run (staff and inflow change the scenario, for every setting in it; a lever
changes the setting only).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sim.scenario.levers import LEVERS
from sim.scenario.schema import Scenario, Setting

STAFF = "staff."             # a grid point's key for a role's staff: staff.kcc
PER_DAY = "per_day"          # a grid point's key for the inflow


@dataclass
class Variant:
    levers: dict = field(default_factory=dict)
    staff: dict[str, int] = field(default_factory=dict)
    mix: dict[str, float] = field(default_factory=dict)
    per_day: float | None = None

    @classmethod
    def of_point(cls, point: dict) -> Variant:
        """A sweep's grid point ({lever: value, "staff.ROLE": n, "per_day": x}) as a variant."""
        return cls({k: v for k, v in point.items() if k in LEVERS},
                   {k.removeprefix(STAFF): v for k, v in point.items() if k.startswith(STAFF)},
                   per_day=point.get(PER_DAY))

    def apply(self, sc: Scenario, base: Setting) -> tuple[Scenario, Setting]:
        return self.scenario(sc), self.setting(base)

    def setting(self, base: Setting) -> Setting:
        """``base`` with this variant's levers, validated as a scenario's setting is."""
        changed = {k: v for k, v in self.levers.items() if k in LEVERS}
        if not changed:
            return base
        return Setting.model_validate({**base.model_dump(), **changed})

    def scenario(self, sc: Scenario) -> Scenario:
        """The scenario with this variant's staff, mix and inflow (shares rescaled to 1); the
        scenario itself when the variant changes none of them."""
        if not self.staff and not self.mix and self.per_day is None:
            return sc
        roles = [r.model_copy(update={"staff": int(self.staff.get(r.id, r.staff))}) for r in sc.roles]
        if all(self.mix.get(p.id, p.share) == p.share for p in sc.profiles):
            profiles = sc.profiles       # untouched: no rescaling, so the run equals the original
        else:
            profiles = self._rescaled(sc)
        arrivals = sc.arrivals.model_copy(update={"per_day": self.per_day or sc.arrivals.per_day})
        return sc.model_copy(update={"roles": roles, "profiles": profiles, "arrivals": arrivals})

    def _rescaled(self, sc: Scenario) -> list:
        total = sum(self.mix.get(p.id, p.share) for p in sc.profiles)
        if total <= 0:
            raise ValueError("at least one profile needs a share above 0")
        return [p.model_copy(update={"share": self.mix.get(p.id, p.share) / total})
                for p in sc.profiles if self.mix.get(p.id, p.share) > 0]


def sweep_settings(variant: Variant, base: Setting, lever: str, scenario: Scenario) -> list[tuple[object, Setting]]:
    """The what-if page's sweep of one lever around the variant: (value, setting) for each value
    the lever's declaration has a sweep try here."""
    setting = variant.setting(base)
    return [(value, Variant({lever: value}).setting(setting)) for value in LEVERS[lever].sweep_values(scenario)]
