"""A run that cannot take the machine down (issue 21, point 1): its size is estimated before
anything is simulated — by arithmetic first, then by a pilot bounded in work — and a run over the
time or memory budget is refused up front, in one line, and under --json also as JSON."""

from __future__ import annotations

import json
import subprocess
import sys
import time

import pytest
import yaml

from sim.experiments import budget
from sim.scenario.presets import resolve_setting
from tests.conftest import ROOT, SCENARIOS


def scenario_file(tmp_path, per_day: float, horizon: int) -> str:
    data = yaml.safe_load((SCENARIOS / "bijstand.yaml").read_text(encoding="utf-8"))
    data["arrivals"]["per_day"], data["horizon_days"] = per_day, horizon
    path = tmp_path / f"big-{per_day}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return str(path)


def kastje(*args: str) -> tuple[subprocess.CompletedProcess, float, float]:
    """The CLI in its own process: the result, its wall time and its own peak memory (MB), which
    the process reports itself as it exits (ru_maxrss would include every earlier child, and on Linux
    even the parent it was forked from)."""
    report = ("import re, sys\nfrom sim.cli.main import main\ntry:\n    code = main(sys.argv[1:])\n"
              "except SystemExit as end:\n    code = end.code\n"
              "print(re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read())[1], file=sys.stderr)\n"
              "sys.exit(code)")      # VmHWM: this program's own peak (ru_maxrss keeps the forking parent's)
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", report, *args], cwd=ROOT, capture_output=True, text=True, timeout=120)
    seconds = time.perf_counter() - started
    *said, peak = done.stderr.strip().splitlines()
    done.stderr = "\n".join(said) + ("\n" if said else "")
    return done, seconds, int(peak) / 1024


def test_a_hundred_thousand_a_day_for_ten_years_is_refused_in_two_seconds_and_little_memory(tmp_path):
    big = scenario_file(tmp_path, 100_000, 3650)
    done, seconds, peak_mb = kastje("run", big, "--json")
    assert done.returncode == 2 and len(done.stderr.strip().splitlines()) == 1
    assert "Traceback" not in done.stderr and "over the memory budget" in done.stderr
    answer = json.loads(done.stdout)
    assert answer["error"] in done.stderr
    assert answer["estimate"]["alive"] == pytest.approx(100_000 * 3651)     # a horizon of arrivals at once
    assert answer["estimate"]["piloted"] is False                           # nothing was simulated
    assert answer["estimate"]["memory_gb"] > 1000
    assert seconds < 2.0 + 1.5 and peak_mb < 300           # (+1.5 s: starting Python and importing the CLI)


def test_yes_lifts_the_time_budget_but_never_the_memory_budget(tmp_path):
    path = str(SCENARIOS / "bijstand.yaml")
    done, _, _ = kastje("run", path, "--replications", "3", "--citizens", "50", "--max-memory", "0.01", "--yes")
    assert done.returncode == 2 and "over the memory budget of 10.0 MB (--max-memory GB)" in done.stderr
    done, _, _ = kastje("run", path, "--replications", "3", "--citizens", "50", "--max-minutes", "0.001", "--json")
    assert done.returncode == 2 and "over the time budget" in done.stderr and "--yes" in done.stderr
    assert json.loads(done.stdout)["estimate"]["minutes"] > 0.001
    done, _, _ = kastje("run", path, "--replications", "2", "--citizens", "20", "--warmup-days", "0",
                        "--max-minutes", "0.001", "--yes", "--json")
    assert done.returncode == 0 and "metrics" in json.loads(done.stdout)
    done, _, _ = kastje("run", path, "--max-minutes", "0")
    assert done.returncode == 2 and "must be a number above 0" in done.stderr


def test_the_pilot_is_bounded_in_work_never_the_whole_warm_up(bijstand):
    busy = bijstand.model_copy(update={"arrivals": bijstand.arrivals.model_copy(update={"per_day": 2000})})
    setting = resolve_setting(busy, "integral")
    started = time.perf_counter()
    guess = budget.estimate(busy, [setting], 200, 20, None, 2)     # 480,200 citizens a replication
    assert guess.piloted and time.perf_counter() - started < 10     # the pilot: <= 3,000 citizens, not 480,200
    assert guess.citizens == pytest.approx(20 * (200 + 2000 * 240))
    assert guess.seconds > guess.citizens / (budget.FASTEST * 2)    # never faster than the fastest rate


def test_the_arithmetic_bounds_the_citizens_alive_at_once_by_the_horizon(bijstand):
    assert budget.alive_at_once(bijstand, 200, None) == bijstand.arrivals.per_day * (bijstand.horizon_days + 1)
    small = budget.estimate(bijstand, [resolve_setting(bijstand, "chaos")], 200, 20, None, 2)
    assert not small.piloted and small.memory < 1e9 and not small.too_big()


def test_the_app_refuses_a_run_that_would_not_fit_before_simulating_it(tmp_path):
    from streamlit.testing.v1 import AppTest

    from tests.test_app import SMALL
    data = yaml.safe_load((SCENARIOS / "bijstand.yaml").read_text(encoding="utf-8"))
    data["arrivals"]["per_day"], data["horizon_days"] = 100_000, 3650
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    for key, value in {**SMALL, "lang": "nl", "scenario_text": yaml.safe_dump(data, allow_unicode=True),
                       "scenario_file": "big.yaml"}.items():
        at.session_state[key] = value
    started = time.perf_counter()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("GB geheugen nodig" in e.value and "er is niets gestart" in e.value for e in at.error)
    assert time.perf_counter() - started < 60 and not at.get("progress")
    from ui.common import runs
    assert not runs._pending                       # not even prefetched in the background
