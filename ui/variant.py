"""A what-if variant of a scenario: changed levers, staff, citizen mix and inflow.

Kept free of Streamlit so it can be tested directly; the what-if page only collects the
user's choices and hands them here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

from sim.loader import parse_scenario
from sim.schema import ALL_LEVERS, Scenario, Setting

PRESET_NAME = re.compile(r"^[a-z][a-z0-9_\-]{0,39}$")
SWEEP_VALUES = {
    "shared_file": ["none", "consent", "full"],
    "routing_knowledge": [0.0, 0.25, 0.5, 0.75, 1.0],
    "handoff": ["cold", "warm"],
    "intake": ["narrow", "broad"],
    "discretion": [0.0, 0.25, 0.5, 0.75, 1.0],
    "coordination": ["none", "case_manager"],
    "channel_strategy": ["uniform", "differentiated"],
    "proactive": [0.0, 0.25, 0.5, 0.75, 1.0],
}


@dataclass
class Variant:
    levers: dict
    staff: dict[str, int] = field(default_factory=dict)
    mix: dict[str, float] = field(default_factory=dict)
    per_day: float | None = None

    def setting(self, base: Setting) -> Setting:
        return base.model_copy(update={k: self.levers[k] for k in ALL_LEVERS if k in self.levers})

    def scenario(self, sc: Scenario) -> Scenario:
        """The scenario with this variant's staff, mix and inflow (shares rescaled to 1)."""
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


def sweep_settings(variant: Variant, base: Setting, lever: str) -> list[tuple[object, Setting]]:
    setting = variant.setting(base)
    return [(value, setting.model_copy(update={lever: value})) for value in SWEEP_VALUES[lever]]


def with_preset(text: str, file_name: str, name: str, variant: Variant, base: Setting, sc: Scenario) -> str:
    """The scenario file as YAML with this variant saved as preset ``name`` (validated)."""
    if not PRESET_NAME.match(name):
        raise ValueError(f"'{name}' is not a valid preset name")
    data = yaml.safe_load(text)
    changed = variant.scenario(sc)
    for raw, role in zip(data["roles"], changed.roles):
        raw["staff"] = role.staff
    shares = {p.id: p.share for p in changed.profiles}
    data["profiles"] = [dict(p, share=round(shares[p["id"]], 4)) for p in data["profiles"] if p["id"] in shares]
    _fix_rounding(data["profiles"])
    data["arrivals"]["per_day"] = changed.arrivals.per_day
    data.setdefault("settings", {})
    data["settings"][name] = variant.setting(base).model_dump(mode="json", exclude_none=True)
    out = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
    parse_scenario(out, file_name)      # never hand out a file that would not load
    return out


def _fix_rounding(profiles: list[dict]) -> None:
    if profiles:
        profiles[-1]["share"] = round(1.0 - sum(p["share"] for p in profiles[:-1]), 4)
