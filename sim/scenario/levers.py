"""The levers of a setting, each declared once: its kind and values, its default, what a sweep
tries, one notch of the sensitivity analysis, the widget and the address key of the what-if
page, and whether a scenario can turn it at all.

Everything that turns a lever reads its declaration here: the scenario schema (its ``Setting``
is built from them: sim.scenario.schema), ``--set LEVER=VALUE``, ``kastje sweep --vary``, ``kastje sensitivity``, the
what-if page (its widgets, its address, the variant it saves), the business case's settings table
and ``kastje show``. How the engine reads a setting is written once too: agents.decision.Rules.
A new lever is one :class:`Lever` in :data:`LEVERS`, its reading in ``Rules.of`` and its rule where
it acts; its label in each language is the text ``l_KEY``, a choice's words ``v_VALUE``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import Field

from sim.language import pct, t

Kind = Literal["choice", "chance", "needs"]
QUARTERS = (0.0, 0.25, 0.5, 0.75, 1.0)


def _always(_scenario) -> bool:
    return True


@dataclass(frozen=True)
class Lever:
    key: str
    kind: Kind                    # a choice of values, a chance (0..1), or a list of the scenario's needs
    url: str                      # its short name in the what-if page's address
    group: Literal["lever", "channel"]   # the six levers of DESIGN §2, or channels and thinking ahead
    values: tuple = ()            # a choice's values, the siloed end first
    default: Any = None           # None: every setting names it (the six levers of DESIGN §2)
    sweep: tuple = ()             # what a sweep tries (a chance: in quarters; a choice: every value)
    step: float = 0.25            # a chance: one notch of the sensitivity analysis (a quarter of 0..1)
    applies: Callable[[Any], bool] = field(default=_always, repr=False)   # can this scenario turn it?
    allowed_if: dict[str, Callable[[Any], bool]] = field(default_factory=dict, repr=False)  # value -> may a scenario?

    @property
    def label(self) -> str:
        return "l_" + self.key

    @property
    def widget(self) -> Literal["select", "slider", "multiselect"]:
        """What the what-if page draws for it: a chance as a slider in %, a choice as a list."""
        return {"choice": "select", "chance": "slider", "needs": "multiselect"}[self.kind]

    def annotation(self) -> tuple:
        """The field of :data:`Setting` this lever is."""
        if self.kind == "choice":
            tp: Any = Literal[self.values]
            return (tp, ... if self.default is None else self.default)
        if self.kind == "chance":
            return (float, Field(... if self.default is None else self.default, ge=0.0, le=1.0))
        return (list[str], Field(default_factory=list))

    def choices(self, scenario) -> tuple:
        """The values this scenario allows (a choice), the needs that can go online (needs)."""
        if self.kind == "needs":
            return tuple(n.id for n in scenario.needs if n.self_service is not None)
        return tuple(v for v in self.values if v not in self.allowed_if or self.allowed_if[v](scenario))

    def sweep_values(self, scenario) -> tuple:
        return tuple(v for v in (self.sweep or self.values) if self.kind != "choice" or v in self.choices(scenario))

    def notches(self, value, scenario) -> list:
        """One step around ``value``: a chance ± ``step`` (within 0..1), a choice to each neighbouring
        value in its declared order (the siloed end first)."""
        if self.kind == "chance":
            return [v for v in (round(value - self.step, 10), round(value + self.step, 10)) if 0.0 <= v <= 1.0]
        if self.kind == "choice":
            options = self.choices(scenario)
            if value not in options:
                return list(options)
            i = options.index(value)
            return [options[j] for j in (i - 1, i + 1) if 0 <= j < len(options)]
        return []

    def share(self, before, after, scenario) -> float:
        """The share of the lever's range a notch from ``before`` to ``after`` covers: a chance the
        distance on 0..1, a choice the number of positions moved over the positions from end to end."""
        if self.kind == "chance":
            return round(abs(after - before), 10)
        options = self.choices(scenario)
        return abs(options.index(after) - options.index(before)) / max(1, len(options) - 1)

    def parse(self, text: str):
        """A value as typed after ``--set KEY=`` (validated as the setting is)."""
        text = text.strip()
        if self.kind == "needs":
            return [v.strip() for v in text.split(",") if v.strip()]
        return text

    def said(self, value, lang: str, need_names: dict[str, str] | None = None) -> str:
        """A value as the pages say it: a choice in words, a chance in %, needs by name."""
        if self.kind == "needs":
            return ", ".join((need_names or {}).get(n, n) for n in value) or "–"
        if self.kind == "chance":
            return pct(value, lang)
        return t("v_" + str(value), lang)


def _has_case_manager(scenario) -> bool:
    return any(r.case_manager for r in scenario.roles)


L = Lever
LEVERS: dict[str, Lever] = {lever.key: lever for lever in (
    L("shared_file", "choice", "sf", "lever", ("none", "consent", "full")),
    L("routing_knowledge", "chance", "rk", "lever", sweep=QUARTERS),
    L("handoff", "choice", "ho", "lever", ("cold", "warm")),
    L("intake", "choice", "ik", "lever", ("narrow", "broad")),
    L("discretion", "chance", "di", "lever", sweep=QUARTERS),
    L("coordination", "choice", "co", "lever", ("none", "case_manager"), applies=_has_case_manager,
      allowed_if={"case_manager": _has_case_manager}),
    L("channel_strategy", "choice", "cs", "channel", ("uniform", "differentiated"), default="uniform",
      applies=lambda sc: any(p.id in sc.routes for p in sc.profiles)),
    L("digital_first", "needs", "df", "channel", default=(),
      applies=lambda sc: any(n.self_service is not None for n in sc.needs)),
    L("proactive", "chance", "pa", "channel", default=0.0, sweep=QUARTERS,
      applies=lambda sc: any(c.predictable for c in sc.cases)),
)}
CORE = tuple(k for k, lever in LEVERS.items() if lever.group == "lever")     # DESIGN §2's six
