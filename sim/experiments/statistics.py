"""Over replications: the mean of every metric with its 95% interval, and the paired difference
between two settings run on the same citizens.

:func:`aggregate` gives the mean and a 95% confidence interval — Student t over the replications
(they are independent), cut at 0 because no metric can be negative, and for a share (its
declaration says so: sim.counting.metrics) a Wilson interval, which stays within [0, 1] — and
:func:`paired` the difference between two settings run on the same citizens, with the interval
of the per-replication differences.
"""

from __future__ import annotations

import math

import numpy as np
from scipy.special import stdtrit  # the t quantile, without importing all of scipy.stats

from sim.counting.metrics import METRICS


def confidence_interval(values: list[float], level: float = 0.95) -> tuple[float, list[float | None]]:
    """Mean and Student-t interval; an interval needs two or more finite values."""
    arr = np.array([v for v in values if not math.isnan(v)], dtype=float)
    if arr.size == 0:
        return math.nan, [None, None]
    mean = float(arr.mean())
    if arr.size < 2:
        return mean, [None, None]
    half = float(stdtrit(arr.size - 1, (1 + level) / 2) * arr.std(ddof=1) / math.sqrt(arr.size))
    return mean, [mean - half, mean + half]


def share_interval(rates: list[float], counts: list[float], level: float = 0.95) -> tuple[float, list[float | None]]:
    """A share over replications with a Wilson score interval, which stays within [0, 1].

    The share is pooled over all replications; the interval's sample size is the effective
    one — the binomial variance over the variance the replications actually show — because
    citizens in one replication share queues and are not independent. When every replication
    shows the same share, all citizens count.
    """
    pairs = [(r, n) for r, n in zip(rates, counts) if n > 0 and not math.isnan(r)]
    if not pairs:
        return math.nan, [None, None]
    total = sum(n for _, n in pairs)
    p = sum(r * n for r, n in pairs) / total
    if len(pairs) < 2:
        return p, [None, None]
    between = float(np.var([r for r, _ in pairs], ddof=1)) / len(pairs)
    n_eff = min(total, p * (1 - p) / between) if between > 0 else total
    z = float(stdtrit(len(pairs) - 1, (1 + level) / 2))
    centre = (p + z * z / (2 * n_eff)) / (1 + z * z / n_eff)
    half = z / (1 + z * z / n_eff) * math.sqrt(p * (1 - p) / n_eff + z * z / (4 * n_eff * n_eff))
    return p, [min(p, max(0.0, centre - half)), max(p, min(1.0, centre + half))]   # p inside, despite rounding


def aggregate(per_replication: list[dict[str, float]]) -> dict[str, dict]:
    """{metric: {"mean": x, "ci95": [lo, hi]}} over replications."""
    out = {}
    for name, metric in METRICS.items():
        values = [rep[name] for rep in per_replication]
        if metric.share:
            base = "_" + metric.of
            mean, ci = share_interval(values, [rep.get(base, 1.0) for rep in per_replication])
        else:
            mean, ci = confidence_interval(values)
            if ci[0] is not None:       # every metric counts or measures something: never below 0
                ci = [max(0.0, ci[0]), ci[1]]
        out[name] = {"mean": None if math.isnan(mean) else mean, "ci95": ci}
    return out


def aggregate_by(per_replication: list[dict], group: str) -> dict[str, dict[str, dict]]:
    """{group value: {metric: {"mean", "ci95"}}} over replications, per profile or per case;
    a group nobody belonged to in some replication counts only where it had citizens."""
    if not per_replication or "_by" not in per_replication[0]:
        return {}
    names = list(per_replication[0]["_by"][group])
    return {name: aggregate([rep["_by"][group][name] for rep in per_replication]) for name in names}


def paired_by(base: list[dict], other: list[dict], group: str) -> dict[str, dict[str, dict]]:
    """The paired difference ``other`` − ``base`` per profile or case (same citizens)."""
    if not base or "_by" not in base[0]:
        return {}
    return {name: paired([b["_by"][group][name] for b in base], [o["_by"][group][name] for o in other])
            for name in base[0]["_by"][group]}


def first_contact_by_desk(per_replication: list[dict]) -> dict[str, dict]:
    """First-contact resolution per entry desk: {desk: {"mean", "ci95", "first_contacts"}}."""
    desks = per_replication[0].get("_fcr_by_desk", {}) if per_replication else {}
    out = {}
    for desk in desks:
        cells = [rep["_fcr_by_desk"][desk] for rep in per_replication]
        rates = [s / n if n else math.nan for s, n in cells]
        mean, ci = share_interval(rates, [n for _, n in cells])
        out[desk] = {"mean": None if math.isnan(mean) else mean, "ci95": ci,
                     "first_contacts": sum(n for _, n in cells) / len(cells)}
    return out


def paired(base: list[dict[str, float]], other: list[dict[str, float]]) -> dict[str, dict]:
    """{metric: {"mean", "ci95"}} of ``other`` − ``base``, replication by replication.

    Both must come from the same replication seeds, so replication i of each saw the same
    citizens; the interval is then that of the per-replication differences, which is much
    narrower than the two separate intervals suggest.
    """
    out = {}
    for name in METRICS:
        diffs = [b[name] - a[name] for a, b in zip(base, other)]
        mean, ci = confidence_interval(diffs)
        out[name] = {"mean": None if math.isnan(mean) else mean, "ci95": ci}
    return out
