"""From how many case managers does integral work pay? An answer that does not depend on the run size.

Integral work with 1, 2, … people on a role (by default the case manager's) runs beside an
alternative way of working, on the same citizens (common random numbers: every setting and every
staffing level uses the same replication seeds), and is compared by the paired difference
integral − alternative in lead time, in the gave-up share and in the cost of a year.

**Pays from n**: the smallest staffing at which lead time and the gave-up share are both clearly
lower (the paired 95% interval lies below 0) and no desk is overloaded — neither under integral
at that staffing nor under the alternative. A desk is overloaded when its offered load (the work
that arrives, from arrivals and service times, over its staff time; sim.experiments.figures) is at
or above 1: citizens queue there until they run out of patience, so every average through it is
set by their patience, not by the way of working. An overloaded staffing level never pays, whatever its intervals say.

**Grown until it is precise**: the citizens asked for are the *starting* size. The verdict rests
on the lead-time and gave-up intervals of every staffing level that is not overloaded, up to the
one that pays (all levels, when none pays). While one of them is wider than :data:`PRECISION`
(the half-width of the 95% interval: 1 working day of lead time, 1 percentage point of gave-up),
the run is done again with twice the citizens per replication — the same replication seeds, so
the same citizens and then more — up to :data:`MAX_CITIZENS`. If an interval is still too wide
there, the answer is "no conclusion", with which interval at which staffing. So a run started
small grows until its answer is as sharp as one started large.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from itertools import pairwise

from sim.errors import UserError
from sim.experiments.business import staffing_per_year
from sim.experiments.figures import OVERLOAD, mean_load
from sim.experiments.memo import kept_or_run
from sim.experiments.replications import replication_seeds
from sim.experiments.statistics import confidence_interval, paired
from sim.experiments.sweep import apply
from sim.scenario.chain import Chain
from sim.scenario.schema import Scenario, Setting

EFFECTS = ("lead_time_days", "gave_up_rate", "handoffs", "retellings", "cost_eur")
VERDICT = ("lead_time_days", "gave_up_rate")                 # the figures "pays" rests on
PRECISION = {"lead_time_days": 1.0, "gave_up_rate": 0.01}   # largest half-width of a paired 95% interval
MAX_CITIZENS = 16_000                                       # citizens per replication the growth stops at


def case_manager_role(scenario: Scenario, role: str | None = None) -> str:
    """The role whose staffing is varied: as asked, else the scenario's case-manager role."""
    roles = [r.id for r in scenario.roles]
    if role is None:
        role = Chain.of(scenario).case_manager
        if role is None:
            raise UserError("this scenario has no case-manager role (case_manager: true); name one with --role "
                            f"({', '.join(roles)})")
    if role not in roles:
        raise UserError(f"no role '{role}'; roles: {', '.join(roles)}")
    return role


def sizes(citizens: int, max_citizens: int = MAX_CITIZENS) -> list[int]:
    """The run sizes tried, in order: the start, doubled while it stays within the cap."""
    out = [citizens]
    while out[-1] * 2 <= max_citizens:
        out.append(out[-1] * 2)
    return out


def break_even(scenario: Scenario, integral: Setting, alternative: Setting, staffing: list[int],
               citizens: int = 200, replications: int = 10, seed: int = 1, warmup_days: float | None = None,
               workers: int | None = None, done: Callable[[int, int], None] | None = None, role: str | None = None,
               precision: dict[str, float] | None = None, max_citizens: int = MAX_CITIZENS,
               sized: Callable[[int], None] | None = None) -> dict:
    """Integral with each staffing of ``role`` beside ``alternative`` (at the scenario's own
    staffing), grown from ``citizens`` per replication until the verdict is precise or the cap is
    reached; ``done(k, n)`` hears each replication of a round finish and ``sized(citizens)`` each
    round start. The result (see :func:`verdict` for its keys) also says which sizes were run."""
    role = case_manager_role(scenario, role)
    staffing = sorted(set(staffing))
    if not staffing or staffing[0] < 1:
        raise UserError("staffing levels are whole numbers of at least 1")
    if replications < 2:
        raise UserError("the break-even view needs at least 2 replications for its intervals")
    precision = dict(PRECISION if precision is None else precision)
    max_citizens = max(max_citizens, citizens)
    tried = []
    for size in sizes(citizens, max_citizens):
        if sized:
            sized(size)
        base, runs = _measure(scenario, integral, alternative, staffing, role, size, replications, seed,
                              warmup_days, workers, done)
        tried.append(size)
        result = verdict(scenario, role, staffing, base, runs, precision)
        if not result["reasons"] or result["alternative_overloaded"]:
            break          # precise, or a reason more citizens cannot take away
    result.update(citizens=tried[-1], citizens_tried=tried, replications=replications, seed=seed,
                  max_citizens=max_citizens)
    return result


def _measure(scenario, integral, alternative, staffing, role, citizens, replications, seed, warmup_days,
             workers, done):
    """One round: the alternative and integral at each staffing, on the same replication seeds;
    per run, the per-replication (summary, load) pairs."""
    seeds = replication_seeds(seed, replications)
    runs = [(scenario, alternative)] + [apply(scenario, integral, {f"staff.{role}": k}) for k in staffing]
    jobs = [(sc, st, citizens, rep_seed, r, warmup_days) for sc, st in runs for r, rep_seed in enumerate(seeds)]
    results = kept_or_run(jobs, workers, done)      # kept ones again at once (sim.experiments.memo)
    per_run = [results[k * replications:(k + 1) * replications] for k in range(len(runs))]
    return per_run[0], dict(zip(staffing, per_run[1:]))


def verdict(scenario: Scenario, role: str, staffing: list[int], base: list[tuple], runs: dict[int, list[tuple]],
            precision: dict[str, float]) -> dict:
    """The verdict of one round, from the per-replication (summary, load) pairs of the alternative
    (``base``) and of integral at each staffing (``runs``):

    - ``differences``: per staffing, {metric: {"mean", "ci95"}} of integral − alternative (and
      ``year_cost_eur``, the role priced as staffed);
    - ``overloaded`` / ``offered`` / ``abandoned``: per staffing, the overloaded desks, each desk's
      offered load and its abandoned share (``alternative_…`` the same for the alternative);
    - ``verdict``: "pays" (``pays_from`` the staffing), "never" (no level pays, every interval
      precise) or "no_conclusion" with its ``reasons``; ``pays_at``, per staffing, whether that
      level alone meets the rule.
    """
    summaries = [s for s, _ in base]
    diffs, overloaded, offered, abandoned, busy = {}, {}, {}, {}, {}
    base_staff = next(r.staff for r in scenario.roles if r.id == role)
    for k in staffing:
        other = [s for s, _ in runs[k]]
        diffs[k] = {m: d for m, d in paired(summaries, other).items() if m in EFFECTS}
        diffs[k]["year_cost_eur"] = _year_cost(scenario, summaries, other, role, k - base_staff)
        offered[k] = mean_load([load for _, load in runs[k]], 1)
        overloaded[k] = [desk for desk, load in offered[k].items() if load >= OVERLOAD]
        abandoned[k] = abandoned_share([load for _, load in runs[k]])
        busy[k] = mean_load([load for _, load in runs[k]], 0).get(role, math.nan)
    alt_offered = mean_load([load for _, load in base], 1)
    alt_overloaded = [desk for desk, load in alt_offered.items() if load >= OVERLOAD]
    reasons, pays = [], None
    if alt_overloaded:
        reasons.append({"kind": "alternative_overloaded", "desks": alt_overloaded})
    else:
        for k in staffing:
            if overloaded[k]:
                continue                              # never "pays", whatever its intervals say
            for m in VERDICT:
                half = _half_width(diffs[k][m])
                if half is None or half > precision[m]:
                    reasons.append({"kind": "too_wide", "staff": k, "metric": m, "half_width": half,
                                    "precision": precision[m]})
            if all(_clearly_below(diffs[k][m]) for m in VERDICT):
                pays = k
                break
    pays_at = {k: not alt_overloaded and not overloaded[k] and all(_clearly_below(diffs[k][m]) for m in VERDICT)
               for k in staffing}
    if reasons:
        said, pays = "no_conclusion", None
    else:
        said = "never" if pays is None else "pays"
    # one more person no longer shortens the lead time clearly (paired: k+1 against k)
    enough = next((k for k, nxt in pairwise(staffing)
                   if not overloaded[k] and not _clearly_below(
                       paired([s for s, _ in runs[k]], [s for s, _ in runs[nxt]])["lead_time_days"])), None)
    return {"manager": role, "verdict": said, "pays_from": pays, "pays_at": pays_at, "reasons": reasons,
            "precision": precision,
            "differences": diffs, "overloaded": overloaded, "offered": offered, "abandoned": abandoned,
            "alternative_overloaded": alt_overloaded, "alternative_offered": alt_offered,
            "alternative_abandoned": abandoned_share([load for _, load in base]), "enough_at": enough, "utilisation": busy,
            "per_person_eur": staffing_per_year(scenario, role, 1)}


def abandoned_share(loads: list[dict]) -> dict[str, float]:
    """Per desk, the share of the citizens who queued there and left the queue before being
    served (the third figure of each replication's load, sim.engine.model; mean over
    replications; empty for loads without it)."""
    if not loads or any(len(cell) < 3 for cell in loads[0].values()):
        return {}
    return mean_load(loads, 2)


def _half_width(d: dict) -> float | None:
    lo, hi = d["ci95"]
    return None if lo is None or hi is None else (hi - lo) / 2


def _clearly_below(d: dict) -> bool:
    return d["ci95"][1] is not None and d["ci95"][1] < 0


def _year_cost(scenario: Scenario, base: list[dict], other: list[dict], role: str, extra_staff: int) -> dict:
    """Integral − alternative per year, ``role`` priced as staffed and the other desks by the work
    they do: the paired difference of the other desks' work cost per citizen (the cost per
    citizen less the role's minutes at its hourly cost) × the yearly inflow, plus the yearly cost
    of the extra (or fewer) people on the role."""
    inflow, staffed = scenario.yearly_inflow, staffing_per_year(scenario, role, extra_staff)
    rate = scenario.hourly_cost(role) / 60

    def others(s: dict) -> float:
        return s["cost_eur"] - s["_role_minutes"][role] * rate

    mean, (lo, hi) = confidence_interval([others(o) - others(b) for b, o in zip(base, other)])
    return {"mean": mean * inflow + staffed,
            "ci95": [None if lo is None else lo * inflow + staffed, None if hi is None else hi * inflow + staffed]}
