"""Where theory gives an answer, the model must give it too."""

from __future__ import annotations

import math

import pytest

from sim.counting.fold import OUTCOMES
from sim.experiments.replications import run_once, run_replications
from sim.experiments.statistics import confidence_interval
from sim.scenario.schema import Setting
from tests.conftest import build, scenario_dict

WARMUP = 20        # working days: a single queue at these loads settles within a few days
SETTING = Setting(shared_file="none", routing_knowledge=0.5, handoff="warm", intake="narrow",
                  discretion=0.0, coordination="none")


def erlang_c_wait(lam: float, mean_service: float, c: int) -> float:
    """Mean wait in queue of an M/M/c queue (Erlang C)."""
    a = lam * mean_service
    top = a ** c / math.factorial(c) / (1 - a / c)
    p_wait = top / (sum(a ** k / math.factorial(k) for k in range(c)) + top)
    return p_wait * mean_service / (c - a)


def mmc_scenario(per_day: float, mean: float, staff: int, patience_days: float | None = None):
    """One desk, exponential service, Poisson arrivals; exponential patience of ``patience_days``
    on its waiting list (None: M/M/c, nobody abandons; else M/M/c+M)."""
    data = scenario_dict()
    data["roles"] = [{"id": "desk", "name": "Desk", "staff": staff, "entry": True, "resolves": ["q"],
                      "service_minutes": {"dist": "exponential", "mean": mean}}]
    data["needs"] = [{"id": "q", "name": "Q"}]
    data["horizon_days"] = 3650
    data["arrivals"] = {"per_day": per_day}
    data["parameters"] = {"telling_minutes": 0}   # pure exponential service
    data["channels"] = {"waiting_list_patience_days": patience_days}
    return build(data)


def test_utilisation_is_offered_load_per_server():
    staff, mean, per_day = 3, 10.0, 120.0
    model = run_once(mmc_scenario(per_day, mean, staff), SETTING, 20_000, seed=4, warmup_days=WARMUP)
    rho = per_day / 480.0 * mean / staff                  # 0.833
    assert abs(model.utilisation()["desk"] - rho) < 0.02


def test_erlang_c_mean_wait():
    staff, mean, per_day = 3, 10.0, 120.0            # rho = 120/480*10/3 = 0.833
    theory = erlang_c_wait(per_day / 480.0, mean, staff)
    result = run_replications(mmc_scenario(per_day, mean, staff), SETTING, citizens=20_000,
                              replications=12, seed=11, warmup_days=WARMUP)
    # Erlang C is the steady state: the warm-up leaves out the citizens who met an empty office
    mean_wait, (lo, hi) = confidence_interval([rep["wait_minutes"] for rep in result.per_replication])
    # 12 replications: standard error ~0.28 min (2% of theory), so 6% is ~3 standard errors
    assert abs(mean_wait - theory) / theory < 0.06, (mean_wait, lo, hi, theory)
    assert lo - 0.03 * theory <= theory <= hi + 0.03 * theory, (mean_wait, lo, hi, theory)
    # and the server is busy the share of time Little's law says it is
    assert abs(result.metrics["staff_minutes"]["mean"] - mean) / mean < 0.02


def erlang_a(lam: float, mean_service: float, c: int, mean_patience: float) -> tuple[float, float]:
    """M/M/c+M (Erlang A, Palm 1943): the share of arrivals who abandon the queue, and the mean
    time in queue over all arrivals, from the birth-death chain of the number present (arrivals
    at ``lam``; service at min(n, c)/mean_service; abandonment at max(n - c, 0)/mean_patience),
    truncated where its probabilities vanish. By PASTA and Little's law."""
    weights, w = [1.0], 1.0
    for n in range(1, c + 5000):
        w *= lam / (min(n, c) / mean_service + max(n - c, 0) / mean_patience)
        weights.append(w)
        if w < 1e-300:
            break
    total = sum(weights)
    queue = sum(max(n - c, 0) * w for n, w in enumerate(weights)) / total
    return queue / mean_patience / lam, queue / lam


def test_an_overloaded_desk_loses_citizens_as_erlang_a_says():
    """Issue 19: with patience, an overloaded desk (offered load 1.2) keeps a finite queue by
    losing citizens: the share who leave its waiting list (and give up) and the mean wait are
    those of M/M/2+M, and the desk is still named overloaded, from the work that came to it."""
    staff, mean, patience = 2, 10.0, 20.0
    per_day = 1.2 * staff / mean * 480
    result = run_replications(mmc_scenario(per_day, mean, staff, patience / 480), SETTING, citizens=10_000,
                              replications=6, seed=5, warmup_days=5)
    p_abandon, wait = erlang_a(per_day / 480, mean, staff, patience)
    gave_up, (lo, hi) = confidence_interval([rep["gave_up_rate"] for rep in result.per_replication])
    assert lo - 0.01 <= p_abandon <= hi + 0.01 and abs(gave_up - p_abandon) < 0.02, (gave_up, lo, hi, p_abandon)
    assert abs(result.metrics["abandoned_contacts"]["mean"] - p_abandon) < 0.02
    assert abs(result.abandoned["desk"] - p_abandon) < 0.02           # the desk's abandoned share
    w, (lo, hi) = confidence_interval([rep["wait_minutes"] for rep in result.per_replication])
    assert lo - 0.05 * wait <= wait <= hi + 0.05 * wait, (w, lo, hi, wait)
    assert result.overloaded == ["desk"] and result.offered["desk"] > 1.1     # the load before abandonment
    assert result.utilisation["desk"] < 1.0


def test_erlang_a_helper_without_patience_limits_is_erlang_c():
    # patience far beyond every wait: nobody abandons, and the wait is Erlang C's
    p, wait = erlang_a(0.25, 10.0, 3, 1e12)
    assert p < 1e-9 and wait == pytest.approx(erlang_c_wait(0.25, 10.0, 3), rel=1e-6)


def test_erlang_c_helper_matches_a_textbook_value():
    # M/M/2 with a = 1 (rho = 0.5): P(wait) = 1/3, Wq = (1/3) * 1 / (2 - 1)
    assert abs(erlang_c_wait(1.0, 1.0, 2) - 1 / 3) < 1e-12


def referral_scenario():
    data = scenario_dict()
    service = {"dist": "fixed", "value": 1}
    data["roles"] = ([{"id": "right", "name": "R", "staff": 50, "resolves": ["need"], "service_minutes": service}]
                     + [{"id": f"w{i}", "name": f"W{i}", "staff": 50, "entry": True, "service_minutes": service}
                        for i in range(4)])
    data["needs"] = [{"id": "need", "name": "N"}]
    data["cases"] = [{"id": "k", "title": "K", "story": "S", "share": 1.0, "presenting": "need",
                      "needs": ["need"], "entry_role": "w0"}]
    data["horizon_days"] = 3650
    return build(data)


def test_hand_offs_from_a_wrong_desk_average_one_over_k():
    sc = referral_scenario()
    for k in (0.25, 0.5, 0.8):
        setting = SETTING.model_copy(update={"routing_knowledge": k, "handoff": "cold"})
        result = run_replications(sc, setting, citizens=2000, replications=5, seed=5, warmup_days=0)
        m = result.metrics["handoffs"]
        assert abs(m["mean"] - 1 / k) / (1 / k) < 0.05, (k, m)
        assert result.metrics["wrong_referrals"]["mean"] == pytest.approx(m["mean"] - 1)  # all but the last
        assert result.metrics["resolved_rate"]["mean"] == 1.0               # unlimited persistence


def test_first_desk_follows_self_diagnosis():
    data = scenario_dict()
    data["profiles"][0]["self_diagnosis"] = 0.3
    result = run_replications(build(data), SETTING, citizens=4000, replications=3, seed=2, warmup_days=0)
    # need q is resolved only at entry desk a; b is the other entry desk
    fcr = result.metrics["first_contact_resolution"]["mean"]
    assert abs(fcr - 0.3) < 0.03


def test_an_open_network_matches_jackson_theory():
    """bench/peers.py's network: four entry desks (c=2, exponential 10 min), desk 0 resolves,
    the others refer warm, right with probability 0.7. A Jackson network: every desk is an
    M/M/2 queue, visits per citizen 1 + (3/4)/0.7 and Erlang C waits."""
    rate = 0.6 * 2 / 10.0                                    # per minute: desk 0 at utilisation 0.6
    data = scenario_dict()
    data["roles"] = [{"id": f"d{i}", "name": f"D{i}", "staff": 2, "entry": True,
                      **({"resolves": ["q"]} if i == 0 else {}),
                      "service_minutes": {"dist": "exponential", "mean": 10}} for i in range(4)]
    data["needs"] = [{"id": "q", "name": "Q"}]
    data["profiles"][0].update(self_diagnosis=0.25, persistence=None)
    data["arrivals"] = {"per_day": rate * 480}
    data["horizon_days"] = 3650
    data["parameters"] = {"telling_minutes": 0, "warm_handoff_minutes": 0}   # pure exponential service
    data["channels"] = {"waiting_list_patience_days": None}      # nobody abandons a queue
    setting = SETTING.model_copy(update={"routing_knowledge": 0.7, "handoff": "warm"})
    result = run_replications(build(data), setting, citizens=20_000, replications=4, seed=3, warmup_days=WARMUP)
    wrong_visits = 0.75 / 0.7
    visits = 1 + wrong_visits
    wait = (erlang_c_wait(rate, 10, 2) + wrong_visits * erlang_c_wait(rate * wrong_visits / 3, 10, 2)) / visits
    assert abs(result.metrics["contacts"]["mean"] - visits) / visits < 0.02, (result.metrics["contacts"], visits)
    per_visit = result.metrics["wait_minutes"]["mean"] / result.metrics["contacts"]["mean"]
    assert abs(per_visit - wait) / wait < 0.06, (per_visit, wait)


def _handoffs(k: float, persistence, citizens: int, seed: int):
    data = referral_scenario().model_dump(mode="json")
    data["profiles"][0]["persistence"] = persistence
    setting = SETTING.model_copy(update={"routing_knowledge": k, "handoff": "cold"})
    return run_once(build(data), setting, citizens, seed=seed, warmup_days=0).ledger


def test_hand_offs_follow_the_geometric_distribution():
    """Each referral from a wrong desk is right with probability k, so the number of hand-offs
    H is geometric: P(H = h) = k (1-k)^(h-1) — the whole distribution, not only its mean."""
    k, n = 0.4, 6000
    handoffs = _handoffs(k, None, n, seed=8).column("handoffs")
    assert len(handoffs) == n
    for h in range(1, 7):
        theory = k * (1 - k) ** (h - 1)
        share = float((handoffs == h).mean())
        se = math.sqrt(theory * (1 - theory) / n)
        assert abs(share - theory) < 4 * se, (h, share, theory)
    assert float((handoffs == 0).mean()) == 0.0          # everyone starts at a wrong desk


@pytest.mark.parametrize("k, persistence", [(0.5, 2), (0.3, 3), (0.7, 1)])
def test_under_cold_hand_offs_a_citizen_gives_up_with_probability_one_minus_k_to_the_persistence(k, persistence):
    """A citizen goes on while their fruitless steps do not exceed their persistence p. Each
    wrong desk is one fruitless step, and the wrong desks visited are geometric, so the citizen
    gives up exactly when the first p referrals are all wrong: probability (1-k)^p."""
    n = 6000
    ledger = _handoffs(k, persistence, n, seed=9)
    gave_up = float((ledger.outcomes() == OUTCOMES.index("gave_up")).mean())
    theory = (1 - k) ** persistence
    assert abs(gave_up - theory) < 4 * math.sqrt(theory * (1 - theory) / n), (gave_up, theory)
