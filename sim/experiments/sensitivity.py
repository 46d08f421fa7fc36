"""Which lever matters: each lever (and each desk's staff) moved one step around a setting.

A step is one notch a manager could turn: a chance ± its step (0.1, within 0..1), a choice to
each other value it can take here (each lever's declaration says: sim.scenario.levers), a desk ±1
member of staff (at least 1). Every variant runs on the
replication seeds of the setting itself, so each effect is a paired difference (the same
citizens) with its own interval — the bars of a tornado chart, largest first.

The break-even view asks from what case-manager staffing integral work pays against an
alternative way of working: integral with 1, 2, … case managers beside the alternative, on the
same citizens, for lead time, gave-up share and cost. Staffing is priced as staffed (a person
on a desk costs a year of hours, busy or waiting: sim.experiments.business.staffing_per_year), so the view
also shows where another case manager stops paying: the lead time no longer falls, the cost
still rises by a salary.
"""

from __future__ import annotations

from dataclasses import dataclass

from sim.experiments.business import staffing_per_year
from sim.experiments.pool import run_all
from sim.experiments.replications import _replication, replication_seeds
from sim.experiments.statistics import confidence_interval, paired
from sim.experiments.sweep import apply
from sim.scenario.chain import Chain
from sim.scenario.levers import LEVERS
from sim.scenario.schema import Scenario, Setting

EFFECTS = ("handoffs", "retellings", "gave_up_rate", "lead_time_days", "cost_eur")


@dataclass(frozen=True)
class Step:
    """One notch: ``name`` (a lever or staff.ROLE), from ``before`` to ``after``."""

    name: str
    before: object
    after: object

    @property
    def label(self) -> str:
        return f"{self.name} {self.before}→{self.after}"


def steps(scenario: Scenario, setting: Setting, staff: bool = True) -> list[Step]:
    """Every notch around ``setting`` that this scenario can turn."""
    out = []
    # the chances first, then the choices (each lever's notches: sim.scenario.levers)
    for kind in ("chance", "choice"):
        for key, lever in LEVERS.items():
            if lever.kind == kind and lever.applies(scenario):
                value = getattr(setting, key)
                out += [Step(key, value, after) for after in lever.notches(value, scenario)]
    if staff:
        for role in scenario.roles:
            out += [Step(f"staff.{role.id}", role.staff, s) for s in (role.staff - 1, role.staff + 1) if s >= 1]
    return out


def run_steps(scenario: Scenario, setting: Setting, variants: list[Step], citizens: int, replications: int,
              seed: int, warmup_days: float | None = None, workers: int | None = None, done=None) -> dict:
    """The setting itself and every step, on the same replication seeds: per-replication summaries."""
    seeds = replication_seeds(seed, replications)
    runs = [(None, scenario, setting)] + [(s, *apply(scenario, setting, {s.name: s.after})) for s in variants]
    jobs = [(sc, st, citizens, rep_seed, r, warmup_days) for _, sc, st in runs for r, rep_seed in enumerate(seeds)]
    results = run_all(_replication, jobs, workers, done)
    out = {}
    for k, (step, _, _) in enumerate(runs):
        out[step] = [summary for summary, _ in results[k * replications:(k + 1) * replications]]
    return out


def sensitivity(scenario: Scenario, setting: Setting, citizens: int = 200, replications: int = 10, seed: int = 1,
                staff: bool = True, warmup_days: float | None = None, workers: int | None = None,
                done=None) -> list[dict]:
    """Per step, the paired difference on each of EFFECTS; largest effect on gave-up first."""
    runs = run_steps(scenario, setting, steps(scenario, setting, staff), citizens, replications, seed, warmup_days,
                     workers, done)
    base = runs.pop(None)
    rows = [{"step": step, **{m: d for m, d in paired(base, reps).items() if m in EFFECTS},
             "staffing_eur_per_year": _staffing_change(scenario, step)}
            for step, reps in runs.items()]
    return sorted(rows, key=lambda r: -abs(r["gave_up_rate"]["mean"] or 0.0))


def _staffing_change(scenario: Scenario, step: Step) -> float | None:
    """A staff step's yearly cost (+ one person, − one person); None for a lever."""
    if not step.name.startswith("staff."):
        return None
    return staffing_per_year(scenario, step.name.removeprefix("staff."), step.after - step.before)


def break_even(scenario: Scenario, integral: Setting, alternative: Setting, staffing: list[int],
               citizens: int = 200, replications: int = 10, seed: int = 1, warmup_days: float | None = None,
               workers: int | None = None, done=None) -> dict:
    """Integral work with each case-manager staffing beside ``alternative`` (at the scenario's own
    staffing), on the same citizens: {staff: {metric: paired difference integral − alternative}},
    and the first staffing from which integral is better on both lead time and the gave-up share
    (the paired interval below 0): where integral work starts to pay for the people it serves;
    its cost at each staffing is in the same table."""
    manager = Chain.of(scenario).case_manager
    seeds = replication_seeds(seed, replications)
    runs = [(scenario, alternative)] + [apply(scenario, integral, {f"staff.{manager}": k}) for k in staffing]
    jobs = [(sc, st, citizens, rep_seed, r, warmup_days) for sc, st in runs for r, rep_seed in enumerate(seeds)]
    results = run_all(_replication, jobs, workers, done)
    reps = [[s for s, _ in results[k * replications:(k + 1) * replications]] for k in range(len(runs))]
    diffs = {k: {m: d for m, d in paired(reps[0], reps[i + 1]).items() if m in EFFECTS}
             for i, k in enumerate(staffing)}
    base_staff = next(r.staff for r in scenario.roles if r.id == manager)
    for i, k in enumerate(staffing):
        diffs[k]["year_cost_eur"] = _year_cost(scenario, reps[0], reps[i + 1], manager, k - base_staff)
    pays = next((k for k in staffing if _clearly_below(diffs[k]["lead_time_days"])
                 and _clearly_below(diffs[k]["gave_up_rate"])), None)
    # one more case manager no longer shortens the lead time clearly (paired: k+1 against k)
    enough = next((k for i, k in enumerate(staffing[:-1])
                   if not _clearly_below(paired(reps[i + 1], reps[i + 2])["lead_time_days"])), None)
    loads = [[load for _, load in results[k * replications:(k + 1) * replications]] for k in range(len(runs))]
    busy = {k: sum(load[manager][0] for load in loads[i + 1]) / replications for i, k in enumerate(staffing)}
    return {"manager": manager, "differences": diffs, "pays_from": pays, "enough_at": enough,
            "utilisation": busy, "per_person_eur": staffing_per_year(scenario, manager, 1)}


def _clearly_below(d: dict) -> bool:
    return d["ci95"][1] is not None and d["ci95"][1] < 0


def _year_cost(scenario: Scenario, base: list[dict], other: list[dict], manager: str, extra_staff: int) -> dict:
    """Integral − alternative per year, the case-manager role priced as staffed and the other
    desks by the work they do: the paired difference of the other desks' work cost per citizen
    × the yearly inflow, plus the yearly cost of the extra (or fewer) people on the role."""
    inflow, staffed = scenario.yearly_inflow, staffing_per_year(scenario, manager, extra_staff)
    diffs = [(o["cost_eur"] - o["case_manager_cost_eur"]) - (b["cost_eur"] - b["case_manager_cost_eur"])
             for b, o in zip(base, other)]
    mean, (lo, hi) = confidence_interval(diffs)
    return {"mean": mean * inflow + staffed,
            "ci95": [None if lo is None else lo * inflow + staffed, None if hi is None else hi * inflow + staffed]}
