"""Which lever matters: each lever (and each desk's staff) moved one step around a setting.

Steps are comparable: every effect is said per quarter of the lever's range. A chance moves
± 0.25 (a quarter of 0..1, within 0..1); a choice moves to each neighbouring value in its
declared order, and its measured effect is scaled to a quarter of the way from one end of the
choice to the other (a switch of two positions: × ¼; of three: × ½), which assumes the effect
grows evenly along the range; a desk's staff moves by a quarter of its staffing (at least one
person), its effect scaled likewise to a quarter. The unscaled paired differences stay in each
row (``measured``). Every variant runs on the replication seeds of the setting itself, so each
effect is a paired difference (the same citizens) with its own interval — the bars of a tornado
chart, largest first.

The break-even view (from what case-manager staffing integral work pays) is in
sim.experiments.break_even.
"""

from __future__ import annotations

from dataclasses import dataclass

from sim.experiments.business import staffing_per_year
from sim.experiments.memo import kept_or_run
from sim.experiments.replications import replication_seeds
from sim.experiments.statistics import paired
from sim.experiments.sweep import apply
from sim.scenario.levers import LEVERS
from sim.scenario.schema import Scenario, Setting

EFFECTS = ("handoffs", "retellings", "gave_up_rate", "lead_time_days", "cost_eur")
QUARTER = 0.25              # every effect is said per this share of a lever's range


@dataclass(frozen=True)
class Step:
    """One notch: ``name`` (a lever or staff.ROLE), from ``before`` to ``after``, covering ``share``
    of the lever's range (a desk: of its staffing)."""

    name: str
    before: object
    after: object
    share: float = QUARTER

    @property
    def label(self) -> str:
        return f"{self.name} {self.before}→{self.after}"

    @property
    def scale(self) -> float:
        """The factor that makes this notch's effect one per quarter of the range."""
        return QUARTER / self.share


def steps(scenario: Scenario, setting: Setting, staff: bool = True) -> list[Step]:
    """Every notch around ``setting`` that this scenario can turn."""
    out = []
    # the chances first, then the choices (each lever's notches: sim.scenario.levers)
    for kind in ("chance", "choice"):
        for key, lever in LEVERS.items():
            if lever.kind == kind and lever.applies(scenario):
                value = getattr(setting, key)
                out += [Step(key, value, after, lever.share(value, after, scenario))
                        for after in lever.notches(value, scenario)]
    if staff:
        for role in scenario.roles:
            by = max(1, round(QUARTER * role.staff))
            out += [Step(f"staff.{role.id}", role.staff, s, by / role.staff)
                    for s in (role.staff - by, role.staff + by) if s >= 1]
    return out


def run_steps(scenario: Scenario, setting: Setting, variants: list[Step], citizens: int, replications: int,
              seed: int, warmup_days: float | None = None, workers: int | None = None, done=None) -> dict:
    """The setting itself and every step, on the same replication seeds: per-replication summaries."""
    seeds = replication_seeds(seed, replications)
    runs = [(None, scenario, setting)] + [(s, *apply(scenario, setting, {s.name: s.after})) for s in variants]
    jobs = [(sc, st, citizens, rep_seed, r, warmup_days) for _, sc, st in runs for r, rep_seed in enumerate(seeds)]
    results = kept_or_run(jobs, workers, done)      # kept ones again at once (sim.experiments.memo)
    out = {}
    for k, (step, _, _) in enumerate(runs):
        out[step] = [summary for summary, _ in results[k * replications:(k + 1) * replications]]
    return out


def sensitivity(scenario: Scenario, setting: Setting, citizens: int = 200, replications: int = 10, seed: int = 1,
                staff: bool = True, warmup_days: float | None = None, workers: int | None = None,
                done=None) -> list[dict]:
    """Per step, the effect on each of EFFECTS per quarter of the lever's range (the paired
    difference × the step's scale; unscaled under ``measured``); largest effect on gave-up first."""
    runs = run_steps(scenario, setting, steps(scenario, setting, staff), citizens, replications, seed, warmup_days,
                     workers, done)
    base = runs.pop(None)
    rows = []
    for step, reps in runs.items():
        measured = {m: d for m, d in paired(base, reps).items() if m in EFFECTS}
        rows.append({"step": step, **{m: _scaled(d, step.scale) for m, d in measured.items()},
                     "measured": measured, "staffing_eur_per_year": _staffing_change(scenario, step)})
    return sorted(rows, key=lambda r: -abs(r["gave_up_rate"]["mean"] or 0.0))


def _scaled(d: dict, factor: float) -> dict:
    lo, hi = d["ci95"]
    return {**d, "mean": None if d["mean"] is None else d["mean"] * factor,
            "ci95": [None if lo is None else lo * factor, None if hi is None else hi * factor]}


def _staffing_change(scenario: Scenario, step: Step) -> float | None:
    """A staff step's yearly cost (+ one person, − one person); None for a lever."""
    if not step.name.startswith("staff."):
        return None
    return staffing_per_year(scenario, step.name.removeprefix("staff."), step.after - step.before)

