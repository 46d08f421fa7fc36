"""Sweeps, sensitivity and the business case (issue 11)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pandas as pd
import pytest

from sim.counting.metrics import METRICS
from sim.errors import UserError
from sim.experiments.replications import run_replications
from sim.experiments.sweep import Sweep, apply, parse_axis
from sim.scenario.presets import resolve_setting
from tests.conftest import ROOT, build, same, scenario_dict


@pytest.fixture
def small():
    return build(scenario_dict(horizon_days=30))


@pytest.mark.parametrize("spec, message", [
    ("routing", "needs NAME=VALUES"),
    ("routing=0.5", "is not a lever"),
    ("routing_knowledge=1:0:0.1", "STOP ≥ START"),
    ("routing_knowledge=0:1:x", "not a range"),
    ("staff.mayor=1,2", "no role 'mayor'"),
    ("staff.a=1.5", "whole numbers"),
    ("handoff=tepid", "handoff=tepid"),
    ("routing_knowledge=0,1.5", "routing_knowledge=1.5"),
    ("per_day=0", "above 0"),
])
def test_a_bad_axis_is_explained(small, spec, message):
    with pytest.raises(UserError, match=message):
        parse_axis(spec, small, resolve_setting(small, "chaos"))


def test_a_range_includes_both_ends_and_staff_are_whole(small):
    chaos = resolve_setting(small, "chaos")
    assert parse_axis("routing_knowledge=0:1:0.25", small, chaos).values == (0.0, 0.25, 0.5, 0.75, 1.0)
    assert parse_axis("discretion=0:0.3:0.1", small, chaos).values == (0.0, 0.1, 0.2, 0.3)
    assert parse_axis("staff.a=1,2,3", small, chaos).values == (1, 2, 3)


def test_a_point_is_the_run_of_its_own_setting_whatever_the_schedule(small, tmp_path):
    """Every point uses the replication seeds of the master seed: point k of a sweep equals a
    plain run of that point's scenario and setting, in any pool."""
    chaos = resolve_setting(small, "chaos")
    axes = [parse_axis("routing_knowledge=0.2,0.8", small, chaos), parse_axis("staff.b=1,3", small, chaos)]
    sweep = Sweep(small, chaos, axes, citizens=40, replications=3, seed=5, out=tmp_path)
    results = sweep.run(workers=2)
    for i, point in enumerate(sweep.points()):
        sc, st = apply(small, chaos, point)
        plain = run_replications(sc, st, 40, 3, seed=5, workers=1).per_replication
        assert same(results[i], json.loads(json.dumps(plain)))


def test_a_sweep_started_again_redoes_only_what_was_not_stored(small, tmp_path, monkeypatch):
    chaos = resolve_setting(small, "chaos")
    axes = [parse_axis("routing_knowledge=0:1:0.5", small, chaos)]
    first = Sweep(small, chaos, axes, citizens=30, replications=2, seed=2, out=tmp_path).run(workers=1)
    stored = sorted((tmp_path / "points").glob("*.json"))
    assert len(stored) == 3
    stored[1].unlink()                                   # as if the sweep was killed before this point
    import sim.experiments.sweep as sweep_module
    ran = []
    real = sweep_module.run_all

    def counting(task, jobs, workers=None, done=None, each=None):
        ran.extend(jobs)
        return real(task, jobs, workers, done, each)
    monkeypatch.setattr(sweep_module, "run_all", counting)
    again = Sweep(small, chaos, axes, citizens=30, replications=2, seed=2, out=tmp_path).run(workers=1)
    assert len(ran) == 2                                 # one point x two replications
    assert again.keys() == first.keys()
    assert all(same(again[i], json.loads(json.dumps(first[i]))) for i in first)


def test_the_command_writes_a_tidy_table_and_resumes_after_kill_9(tmp_path):
    """A sweep killed mid-way and started again finishes without redoing the points it had, and
    its table equals that of a sweep never interrupted."""
    scenario = tmp_path / "s.yaml"
    import yaml
    scenario.write_text(yaml.safe_dump(scenario_dict(horizon_days=30)))
    cmd = [sys.executable, "-m", "sim.cli.main", "sweep", str(scenario), "--vary", "routing_knowledge=0:1:0.1",
           "--replications", "3", "--citizens", "60", "--workers", "1", "--quiet"]
    env = dict(os.environ, KASTJE_WORKERS="1")
    out = tmp_path / "killed"
    proc = subprocess.Popen(cmd + ["--out", str(out)], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while len(list((out / "points").glob("*.json"))) < 3 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    had = len(list((out / "points").glob("*.json")))
    assert 3 <= had < 11
    resumed = subprocess.run(cmd + ["--out", str(out)], cwd=ROOT, env=env, capture_output=True, text=True)
    assert resumed.returncode == 0, resumed.stderr
    fresh = subprocess.run(cmd + ["--out", str(tmp_path / "fresh")], cwd=ROOT, env=env, capture_output=True, text=True)
    assert fresh.returncode == 0, fresh.stderr
    a = pd.read_csv(out / "sweep.csv")
    b = pd.read_csv(tmp_path / "fresh" / "sweep.csv")
    pd.testing.assert_frame_equal(a, b)
    assert len(a) == 11 * len(METRICS) and set(a.columns) >= {"routing_knowledge", "metric", "mean", "ci95_low",
                                                              "ci95_high"}
    pd.testing.assert_frame_equal(pd.read_parquet(out / "sweep.parquet"), a, check_dtype=False)
    assert (out / "sweep-handoffs.png").stat().st_size > 1000


def test_sensitivity_moves_each_lever_a_quarter_of_its_range_and_ranks_the_effects(small):
    """Issue 19: the tornado compared ±0.1 on a probability with a switch flipped all the way.
    Now every effect is one per quarter of the lever's range: a chance ±0.25, a choice to its
    neighbouring value scaled to a quarter of its range, a desk's staff by a quarter (≥ 1 person)."""
    from sim.experiments.sensitivity import sensitivity, steps
    chaos = resolve_setting(small, "chaos")
    found = {s.label: s for s in steps(small, chaos)}
    assert "routing_knowledge 0.3→0.55" in found and "routing_knowledge 0.3→0.05" in found
    assert "routing_knowledge 0.3→0.4" not in found
    assert "handoff cold→warm" in found and "coordination none→case_manager" in found
    assert "shared_file none→consent" in found and "shared_file none→full" not in found   # the neighbour only
    assert found["handoff cold→warm"].scale == pytest.approx(0.25)          # a switch: a quarter of its effect
    assert found["shared_file none→consent"].scale == pytest.approx(0.5)    # half of the way none … full
    assert found["routing_knowledge 0.3→0.55"].scale == pytest.approx(1.0)
    assert found["staff.a 2→3"].scale == pytest.approx(0.5) and "staff.a 2→1" in found
    assert not any(label.startswith("proactive") for label in found)      # no predictable needs here
    rows = sensitivity(small, chaos, citizens=150, replications=6, seed=3, workers=1)
    gave_up = [abs(r["gave_up_rate"]["mean"] or 0) for r in rows]
    assert gave_up == sorted(gave_up, reverse=True)
    better_routing = next(r for r in rows if r["step"].label == "routing_knowledge 0.3→0.55")
    assert better_routing["handoffs"]["ci95"][1] < 0          # knowing the chain better: fewer hand-offs
    warm = next(r for r in rows if r["step"].label == "handoff cold→warm")
    for m in ("handoffs", "lead_time_days"):              # the measured flip, said per quarter of the range
        assert warm[m]["mean"] == pytest.approx(0.25 * warm["measured"][m]["mean"])
        assert warm[m]["ci95"][0] == pytest.approx(0.25 * warm["measured"][m]["ci95"][0])
    # a person more on a desk costs a year of hours (8 h × 220 days × 80 EUR), busy or not
    staffing = {r["step"].label: r["staffing_eur_per_year"] for r in rows}
    assert staffing["staff.a 2→3"] == pytest.approx(140_800) and staffing["staff.a 2→1"] == pytest.approx(-140_800)
    assert staffing["handoff cold→warm"] is None


def test_break_even_shows_where_another_case_manager_stops_paying(bijstand):
    """bijstand, integral against chain knowledge with 1 … 4 people on the case-manager role:
    one person makes the role the bottleneck (overloaded, so it never counts as paying); beyond
    some staffing the lead time stops falling while each person still costs a year of hours.
    (At one fixed size: the cap is the start, so the run does not grow.)"""
    from sim.experiments.break_even import break_even
    options = {n: resolve_setting(bijstand, n) for n in ("integral", "chain_knowledge")}
    r = break_even(bijstand, options["integral"], options["chain_knowledge"], [1, 2, 3, 4], 100, 5, seed=1,
                   max_citizens=100)
    assert r["citizens_tried"] == [100]
    assert r["per_person_eur"] == pytest.approx(8 * 220 * 80)
    busy = [r["utilisation"][k] for k in (1, 2, 3, 4)]
    assert busy == sorted(busy, reverse=True) and busy[0] > 0.9 and busy[3] < 0.5
    assert r["overloaded"][1] == ["wijkteam"] and not r["pays_at"][1] and r["pays_from"] != 1
    assert r["enough_at"] in (2, 3)
    cost = [r["differences"][k]["year_cost_eur"]["mean"] for k in (1, 2, 3, 4)]
    k = r["enough_at"]
    # past the point where lead time stops falling, another person adds about their yearly cost
    assert cost[k] - cost[k - 1] == pytest.approx(r["per_person_eur"], rel=0.25)


def test_the_business_case_is_the_per_citizen_figure_times_the_year():
    """One desk, a fixed 10-minute contact plus the 5-minute telling, 80 EUR an hour: 20 EUR a
    citizen; 10 a day for 220 days: 2,200 citizens, 44,000 EUR, 2,200 × 15 / 60 / 1,300 FTE."""
    from sim.experiments.business import per_year
    data = scenario_dict(arrivals={"per_day": 10})
    data["roles"][0]["service_minutes"] = {"dist": "fixed", "value": 10}
    data["profiles"][0].update(self_diagnosis=1.0)
    sc = build(data)
    r = run_replications(sc, resolve_setting(sc, "chaos"), 100, 3, seed=1, workers=1)
    assert r.metrics["cost_eur"]["mean"] == pytest.approx(20.0)
    year = per_year(r, sc)
    assert year["inflow"] == 2200 and year["cost_eur"]["mean"] == pytest.approx(44_000)
    assert year["fte"]["a"]["mean"] == pytest.approx(2200 * 15 / 60 / 1300)
    assert year["fte"]["total"]["mean"] == pytest.approx(year["fte"]["a"]["mean"])
    assert year["staff_hours"]["mean"] == pytest.approx(2200 * 15 / 60)
    priced = build({**data, "costs": {"hourly_cost_eur": 60, "channel_cost_eur": {"desk": 2}},
                    "roles": [dict(data["roles"][0], hourly_cost_eur=120), *data["roles"][1:]]})
    r2 = run_replications(priced, resolve_setting(priced, "chaos"), 100, 3, seed=1, workers=1)
    assert r2.metrics["cost_eur"]["mean"] == pytest.approx(15 / 60 * 120 + 2)     # the role's own rate, the desk fee


def test_failure_demand_and_the_case_manager_are_priced_from_their_own_events(bijstand):
    """Recounted from the event log, independently of the fold: failure demand is the staff cost
    of the contacts that carry a failure reason; the case-manager role costs its contacts and its
    weekly coordination; both at the role's hourly rate."""
    from sim.events.log import MemoryEventLog
    from sim.experiments.replications import run_once
    from sim.scenario.chain import Chain
    log = MemoryEventLog()
    model = run_once(bijstand, resolve_setting(bijstand, "integral"), 60, seed=3, event_log=log)
    manager = Chain.of(bijstand).case_manager
    rate = {r.id: bijstand.hourly_cost(r.id) / 60 for r in bijstand.roles}
    failure, managing = {}, {}
    for _, e in log.events:
        if e.activity == "contact" and e.failure:
            failure[e.citizen] = failure.get(e.citizen, 0.0) + e.minutes * rate[e.role]
        if e.activity in ("contact", "coordinated") and e.role == manager:
            managing[e.citizen] = managing.get(e.citizen, 0.0) + e.minutes * rate[e.role]
    rows = model.ledger.rows()
    assert sum(r["failure_cost_eur"] > 0 for r in rows) > 5 and sum(r["case_manager_cost_eur"] > 0 for r in rows) > 5
    for r in rows:
        assert r["failure_cost_eur"] == pytest.approx(failure.get(r["citizen"], 0.0))
        assert r["case_manager_cost_eur"] == pytest.approx(managing.get(r["citizen"], 0.0))
        assert r["failure_cost_eur"] <= r["cost_eur"] + 1e-9
