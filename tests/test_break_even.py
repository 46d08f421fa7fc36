"""The break-even answer: an overloaded staffing level never pays, and the verdict does not
depend on the run size it was started at (the run grows until the intervals are precise)."""

from __future__ import annotations

import json

import pytest

from sim.cli.main import main
from sim.experiments.break_even import PRECISION, VERDICT, break_even
from sim.scenario.loader import parse_scenario
from sim.scenario.presets import resolve_setting
from tests.conftest import SCENARIOS
from tests.test_cli import MINI, run_cli

# MINI with a quicker income desk and a 20-day follow-up: one person on the case-manager role
# (inkomen) gets more work than it can do (offered load ~1.2), two keep up (~0.8).
ONE_MANAGER_OVERLOADED = MINI.replace("service_minutes: {dist: lognormal, mean: 45, sd: 15}",
                                      "service_minutes: {dist: lognormal, mean: 22, sd: 8}").replace(
    "horizon_days: 60", "horizon_days: 20")


def _verdicts(sc, starts, replications, warmup_days, staffing=(1, 2, 3), precision=None):
    options = {n: resolve_setting(sc, n) for n in ("integral", "chain_knowledge")}
    return [break_even(sc, options["integral"], options["chain_knowledge"], list(staffing), start, replications,
                       seed=1, warmup_days=warmup_days, precision=precision) for start in starts]


def _rests_on_precise_intervals(r: dict) -> None:
    """Every interval the verdict rests on is within the precision (levels up to pays_from)."""
    for k in sorted(r["differences"]):
        if not r["overloaded"][k]:
            for m in VERDICT:
                lo, hi = r["differences"][k][m]["ci95"]
                assert (hi - lo) / 2 <= r["precision"][m], (k, m, lo, hi)
        if k == r["pays_from"]:
            break


def test_an_overloaded_case_manager_never_pays_and_the_verdict_does_not_depend_on_the_start():
    """Started at 200 and at 2,000 measured citizens: the same verdict, pays from 2 — one case
    manager is overloaded (and loses citizens from its queue), whatever its intervals say; each
    run's intervals are as narrow as the precision asks."""
    sc = parse_scenario(ONE_MANAGER_OVERLOADED, "one-manager.yaml")
    small, large = _verdicts(sc, (200, 2000), 5, 5, staffing=(1, 2))
    assert (small["verdict"], small["pays_from"]) == (large["verdict"], large["pays_from"]) == ("pays", 2)
    for r in (small, large):
        assert r["overloaded"][1] == ["inkomen"] and r["offered"][1]["inkomen"] >= 1
        assert r["overloaded"][2] == [] and not r["pays_at"][1] and r["pays_at"][2]
        assert r["abandoned"][1]["inkomen"] > r["abandoned"][2]["inkomen"]       # the overloaded queue loses people
        _rests_on_precise_intervals(r)
    for r, start in ((small, 200), (large, 2000)):
        assert r["citizens_tried"] == [start * 2 ** i for i in range(len(r["citizens_tried"]))]
        assert r["citizens"] == r["citizens_tried"][-1]


def test_a_run_too_small_for_the_precision_doubles_on_the_same_citizens_until_it_is_precise():
    """Started at 25 citizens (far too few for ± 1 day and ± 1 point), the run doubles until the
    intervals the verdict rests on are within the precision, and the last round is exactly the
    run one would get by starting there: the same replication seeds, so the same citizens."""
    sc = parse_scenario(ONE_MANAGER_OVERLOADED, "one-manager.yaml")
    (grown,) = _verdicts(sc, (25,), 5, 5, staffing=(2,))
    tried = grown["citizens_tried"]
    assert len(tried) >= 3 and tried == [25 * 2 ** i for i in range(len(tried))]
    assert grown["verdict"] in ("pays", "never") and not grown["reasons"]
    _rests_on_precise_intervals(grown)
    (direct,) = _verdicts(sc, (tried[-1],), 5, 5, staffing=(2,))
    assert direct["citizens_tried"] == [tried[-1]] and direct["differences"] == grown["differences"]


def test_bijstand_pays_from_the_same_staffing_started_at_200_or_2000():
    """bijstand, integral against chain knowledge, 1, 2, 3 on the wijkteam (the case-manager
    role). Kept affordable: 5 replications, a 5-day warm-up, a follow-up of 40 days and half the
    precision (± 2 days, ± 2 points; the faithful check — 10 replications, the scenario as it is,
    the default precision — is bench/break_even.py)."""
    text = (SCENARIOS / "bijstand.yaml").read_text(encoding="utf-8")
    assert "\nhorizon_days: 120 " in text
    sc = parse_scenario(text.replace("\nhorizon_days: 120 ", "\nhorizon_days: 40 "), "bijstand.yaml")
    small, large = _verdicts(sc, (200, 2000), 5, 5, precision={"lead_time_days": 2.0, "gave_up_rate": 0.02})
    assert (small["verdict"], small["pays_from"]) == (large["verdict"], large["pays_from"])
    assert small["verdict"] == "pays" and small["pays_from"] == 2
    for r in (small, large):
        assert r["overloaded"][1] == ["wijkteam"] and not r["pays_at"][1]
        _rests_on_precise_intervals(r)


def test_at_the_cap_a_too_wide_interval_is_no_conclusion_with_its_reason():
    """A run not allowed to grow (the cap is the start) and too small for the precision: no
    conclusion, naming which interval at which staffing is too wide — even where it would pay."""
    sc = parse_scenario(ONE_MANAGER_OVERLOADED, "one-manager.yaml")
    options = {n: resolve_setting(sc, n) for n in ("integral", "chain_knowledge")}
    precise = {"lead_time_days": 0.01, "gave_up_rate": 0.0001}         # far finer than 40 citizens can give
    r = break_even(sc, options["integral"], options["chain_knowledge"], [1, 2], 40, 3, seed=1, warmup_days=5,
                   max_citizens=40, precision=precise)
    assert r["verdict"] == "no_conclusion" and r["pays_from"] is None and r["citizens_tried"] == [40]
    wide = {(x["staff"], x["metric"]) for x in r["reasons"]}
    assert (2, "lead_time_days") in wide and all(k == 2 for k, _ in wide)   # 1 is overloaded: it rests on no interval
    for x in r["reasons"]:
        assert x["half_width"] > precise[x["metric"]] == x["precision"]
    assert r["pays_at"][2] == all(r["differences"][2][m]["ci95"][1] < 0 for m in VERDICT)
    # the default precision is what the verdict uses when none is asked
    assert break_even(sc, options["integral"], options["chain_knowledge"], [2], 40, 3, seed=1, warmup_days=5,
                      max_citizens=40)["precision"] == PRECISION


@pytest.fixture()
def one_manager(tmp_path) -> str:
    path = tmp_path / "one-manager.yaml"
    path.write_text(ONE_MANAGER_OVERLOADED)
    return str(path)


_cli = run_cli          # the CLI, its exit code and what it printed (tests.test_cli)


def test_the_cli_json_has_pays_from_the_citizens_and_each_staffing_level(capsys, one_manager):
    code, out, _ = _cli(capsys, "break-even", one_manager, "--against", "chain_knowledge", "--staff", "2,1",
                        "--citizens", "40", "--max-citizens", "80", "--replications", "3", "--seed", "2",
                        "--workers", "1", "--warmup-days", "5", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["setting"] == "integral" and data["against"] == "chain_knowledge" and data["role"] == "inkomen"
    assert "pays_from" in data and data["citizens"] == data["citizens_tried"][-1] and data["citizens_tried"][0] == 40
    assert data["citizens"] <= data["max_citizens"] == 80 and data["replications"] == 3 and data["seed"] == 2
    assert [s["staff"] for s in data["staffing"]] == [1, 2]
    one = data["staffing"][0]
    assert one["overloaded"] == ["inkomen"] and one["pays"] is False
    for level in data["staffing"]:
        for m in ("lead_time_days", "gave_up_rate", "year_cost_eur"):
            d = level["differences"][m]
            assert d["ci95"][0] <= d["mean"] <= d["ci95"][1]
    paying = [s["staff"] for s in data["staffing"] if s["pays"]]
    assert data["pays_from"] == (paying[0] if data["verdict"] == "pays" else None)


def test_the_cli_names_the_overloaded_desk_before_any_figure_in_dutch(capsys, one_manager):
    code, out, _ = _cli(capsys, "break-even", one_manager, "--against", "chain_knowledge", "--staff", "1,2",
                        "--citizens", "40", "--max-citizens", "40", "--replications", "3", "--workers", "1",
                        "--warmup-days", "5", "--lang", "nl")
    assert code == 0
    lines = out.splitlines()
    warning = next(i for i, line in enumerate(lines) if line.startswith("! Overbelast met 1 op Inkomen"))
    verdict = next(i for i, line in enumerate(lines)
                   if line.startswith(("Geen conclusie", "Integraal werken loont", "Met tot")))
    table = next(i for i, line in enumerate(lines) if line.startswith("1 "))
    assert warning < verdict < table
    assert "de rol zelf (aangeboden werk" in lines[warning] and "keer de capaciteit" in lines[warning]
    assert "ketenkennis" in lines[0]
    assert "chain_knowledge" not in out and "lead_time_days" not in out and "gave_up_rate" not in out


@pytest.mark.parametrize("argv, words", [
    (["--against", "nope", "--staff", "1,2"], "nope"),
    (["--against", "chain_knowledge", "--setting", "nope", "--staff", "1"], "nope"),
    (["--against", "chain_knowledge", "--role", "nobody", "--staff", "1"], "no role 'nobody'"),
])
def test_the_cli_says_a_bad_setting_or_role_in_one_line(capsys, one_manager, argv, words):
    code, out, err = _cli(capsys, "break-even", one_manager, *argv)
    assert code == 2 and out == "" and words in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("staff", ["1,x", "0,1", ","])
def test_the_cli_refuses_staff_that_are_not_whole_numbers_of_at_least_one(capsys, one_manager, staff):
    with pytest.raises(SystemExit) as stop:
        main(["break-even", one_manager, "--against", "chain_knowledge", "--staff", staff])
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert "--staff" in err and "Traceback" not in err



def test_compare_names_the_overloaded_desk_and_its_lost_queue_before_any_figure(capsys, tmp_path):
    """`kastje compare` keeps its fixed size, but an overloaded desk is named before the first
    figure, with the share of its queue that gave up waiting; a difference is starred as clear
    only where its interval excludes 0."""
    from tests.test_cli import overloaded_mini
    code, out, _ = _cli(capsys, "compare", overloaded_mini(tmp_path), "--citizens", "40", "--replications", "3",
                        "--workers", "1")
    assert code == 0
    lines = out.splitlines()
    warnings = [i for i, line in enumerate(lines) if line.startswith("OVERLOADED under")]
    assert warnings and max(warnings) < min(i for i, line in enumerate(lines) if line.startswith("handoffs"))
    assert all("left the queue before being served" in lines[i] for i in warnings)
    start = next(i for i, line in enumerate(lines) if line.startswith("paired difference to"))
    for line in lines[start + 2:]:
        if not line.strip() or not line.split()[0].isidentifier():
            break
        if "[" not in line:                     # nothing to measure: no interval, no star
            assert not line.rstrip().endswith("*")
            continue
        cell = line.split("[")[1].split("]")[0]
        lo, hi = (float(x) for x in cell.split(","))
        assert line.rstrip().endswith("*") == (lo > 0 or hi < 0), line


def test_the_app_warning_names_the_share_of_the_queue_that_gave_up(tmp_path):
    from sim.experiments.replications import run_replications
    from sim.scenario.loader import load_scenario
    from tests.test_cli import overloaded_mini
    from ui.common.widgets import overload_texts
    sc = load_scenario(overloaded_mini(tmp_path))
    run = run_replications(sc, resolve_setting(sc, "chaos"), 40, 3, seed=1, workers=1)
    assert run.overloaded == ["schuld"] and run.abandoned["schuld"] > 0
    en, nl = overload_texts({"chaos": run}, sc, "en"), overload_texts({"verkokerd": run}, sc, "nl")
    share = f"{100 * run.abandoned['schuld']:.0f}"
    assert f"{share}% of those who queued there left the queue" in en[0]
    assert f"{share}% van wie daar in de wachtrij stond" in nl[0] and "Schuldhulp" in nl[0]
