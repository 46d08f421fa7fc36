"""The kastje command: its JSON contract, and one clear message for every user mistake."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
import time

import pytest

from sim.cli.main import main
from sim.counting.metrics import METRICS

MINI = """\
name: {nl: mini, en: mini}
horizon_days: 60
arrivals: {per_day: 10}
roles:
  - {id: kcc, name: KCC, staff: 2, entry: true, resolves: [question], service_minutes: {dist: exponential, mean: 8}}
  - {id: inkomen, name: Inkomen, staff: 3, entry: true, case_manager: true, service_minutes: {dist: lognormal, mean: 45, sd: 15}}
  - {id: schuld, name: Schuldhulp, staff: 4, service_minutes: {dist: triangular, low: 30, mode: 60, high: 90}}
needs:
  - {id: question, name: Vraag, resolved_by: [kcc]}
  - {id: income, name: Inkomen, resolved_by: [inkomen], contacts: 2, legal_term_days: 40}
  - {id: debt, name: Schulden, resolved_by: [schuld], requires: [income], harm_per_week_eur: 50}
profiles:
  - {id: a, name: A, share: 0.5, persistence: 3, self_diagnosis: 0.5, consent: 0.8}
  - {id: b, name: B, share: 0.5, persistence: null, self_diagnosis: 0.2, consent: 0.5}
cases:
  - {id: q, title: Q, story: S, share: 0.3, presenting: question, needs: [question]}
  - {id: d, title: D, story: S, share: 0.7, presenting: debt, needs: [debt, income]}
"""


@pytest.fixture()
def mini(tmp_path):
    path = tmp_path / "mini.yaml"
    path.write_text(MINI)
    return str(path)


def run_cli(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_run_json_contract(capsys, mini):
    code, out, err = run_cli(capsys, "run", mini, "--setting", "chaos", "--citizens", "50",
                             "--replications", "3", "--seed", "9", "--json")
    assert code == 0 and err == ""
    data = json.loads(out)
    assert {"scenario", "setting", "citizens", "replications", "seed", "metrics", "warmup_days", "utilisation",
            "overloaded", "offered_load", "abandoned_share", "first_contact_resolution_by_desk"} <= set(data)
    assert (data["citizens"], data["replications"], data["seed"]) == (50, 3, 9)
    assert data["warmup_days"] == 60                      # by default, the follow-up horizon
    assert set(data["metrics"]) == set(METRICS)
    for name, m in data["metrics"].items():
        if name == "self_service_success":              # no self-service in this scenario: nothing to measure
            assert m == {"mean": None, "ci95": [None, None]}
            continue
        lo, hi = m["ci95"]
        assert 0 <= lo <= m["mean"] <= hi
    assert set(data["utilisation"]) == {"kcc", "inkomen", "schuld"} and data["overloaded"] == []
    assert set(data["offered_load"]) == set(data["abandoned_share"]) == set(data["utilisation"])
    assert all(0 <= a < 0.05 for a in data["abandoned_share"].values())    # nobody overloaded: few leave a queue
    assert all(0 < u < 1 for u in data["utilisation"].values())
    by_desk = data["first_contact_resolution_by_desk"]
    assert set(by_desk) == {"kcc", "inkomen"}             # the entry desks
    assert by_desk["kcc"]["mean"] > 0 and by_desk["inkomen"]["mean"] == 0   # only questions end at once


def test_set_overrides_a_lever(capsys, mini):
    _, out, _ = run_cli(capsys, "run", mini, "--set", "shared_file=full", "--set", "routing_knowledge=1",
                        "--citizens", "40", "--replications", "2", "--json")
    metrics = json.loads(out)["metrics"]
    # only a wrong file (file_error, 0.05 of the files read) is told again
    assert metrics["retellings"]["mean"] < 0.25 and metrics["wrong_referrals"]["mean"] == 0


def test_compare_json_and_table(capsys, mini):
    code, out, _ = run_cli(capsys, "compare", mini, "--settings", "chaos,integral", "--citizens", "40",
                           "--replications", "2", "--json")
    data = json.loads(out)
    assert code == 0 and set(data["results"]) == {"chaos", "integral"}
    assert set(data["results"]["chaos"]["metrics"]) == set(METRICS)
    code, out, _ = run_cli(capsys, "compare", mini, "--citizens", "40", "--replications", "2")
    assert code == 0 and "chaos" in out.splitlines()[2] and "retellings" in out


def test_events_are_streamed_to_csv(capsys, mini, tmp_path):
    path = tmp_path / "events.csv"
    code, out, _ = run_cli(capsys, "run", mini, "--citizens", "30", "--replications", "2",
                           "--events", str(path))
    rows = list(csv.DictReader(path.open()))
    assert code == 0 and f"{len(rows)} events" in out
    assert {r["replication"] for r in rows} == {"0", "1"}
    assert [r["setting"] for r in rows if r["activity"] == "run"] == ["chaos", "chaos"]
    assert sum(r["activity"] == "arrived" for r in rows) == 60
    assert sum(r["activity"] == "left" for r in rows) == 60


def test_validate_exit_codes(capsys, mini, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(MINI.replace("staff: 2, entry", "staf: 2, entry", 1))
    assert run_cli(capsys, "validate", mini)[0] == 0
    code, _, err = run_cli(capsys, "validate", mini, str(bad))
    assert code == 1 and f"{bad}:5: roles[0].staf" in err and "did you mean 'staff'" in err


def test_show_lists_everything(capsys, mini):
    code, out, _ = run_cli(capsys, "show", mini)
    assert code == 0
    for word in ("kcc", "schuld", "income", "requires income", "chaos", "integral", "persistence ∞"):
        assert word in out


@pytest.mark.parametrize("argv, words", [
    (["run", "{mini}", "--setting", "chaoss"], ["unknown setting 'chaoss'", "valid: chaos"]),
    (["run", "{mini}", "--set", "handoff=lukewarm"], ["--set handoff", "cold", "warm"]),
    (["run", "{mini}", "--set", "routing=1"], ["LEVER=VALUE", "routing_knowledge"]),
    (["run", "{mini}", "--set", "routing_knowledge=2"], ["routing_knowledge", "less than or equal to 1"]),
    (["run", "/no/such/file.yaml"], ["cannot read file"]),
    (["run", "{mini}", "--events", "/no/such/dir/e.csv", "--citizens", "5"], ["cannot write event log"]),
])
def test_user_mistakes_are_one_clear_line(capsys, mini, argv, words):
    code, out, err = run_cli(capsys, *[a.replace("{mini}", mini) for a in argv])
    assert code != 0 and out == ""
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    for w in words:
        assert w in err


def test_bad_option_value_is_a_usage_error_not_a_traceback(mini):
    proc = subprocess.run([sys.executable, "-m", "sim.cli.main", "run", mini, "--citizens", "many"],
                          capture_output=True, text=True)
    assert proc.returncode == 2 and "not a whole number" in proc.stderr and "Traceback" not in proc.stderr


def test_validate_speaks_dutch_on_request(capsys, mini, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(MINI.replace("staff: 2, entry", "staf: 2, entry", 1))
    code, _, err = run_cli(capsys, "validate", "--lang", "nl", str(bad))
    assert code == 1 and "bedoelt u 'staff'?" in err and "did you mean" not in err


def test_event_log_is_the_typed_stream(capsys, mini, tmp_path):
    path = tmp_path / "events.csv"
    run_cli(capsys, "run", mini, "--citizens", "20", "--replications", "1", "--events", str(path))
    rows = list(csv.DictReader(path.open()))
    assert list(rows[0])[:7] == ["replication", "citizen", "time", "day", "activity", "role", "need"]
    arrived = [r for r in rows if r["activity"] == "arrived"]
    assert sorted(int(r["citizen"]) for r in arrived) == list(range(1, 21))   # in the order they left
    assert all(r["case"] in ("q", "d") and r["profile"] in ("a", "b") for r in arrived)
    referred = [r for r in rows if r["activity"] == "referred"]
    assert referred and all(r["wrong"] in ("0", "1") and r["target"] for r in referred)
    assert not any("detail" in r for r in rows)           # no free-form strings to parse back


def test_metrics_folds_a_stored_log_to_exactly_the_run(capsys, mini, tmp_path):
    path = tmp_path / "events.csv"
    _, ran, _ = run_cli(capsys, "run", mini, "--setting", "integral", "--set", "discretion=0.3", "--citizens", "40",
                        "--replications", "3", "--seed", "4", "--events", str(path), "--json")
    code, folded, err = run_cli(capsys, "metrics", str(path), "--json")
    assert code == 0 and err == ""
    assert json.loads(folded) == json.loads(ran)
    assert json.loads(folded)["overrides"] == ["discretion=0.3"]
    code, table, _ = run_cli(capsys, "metrics", str(path))
    assert code == 0 and "setting 'integral' with discretion=0.3" in table and "handoffs" in table


def test_metrics_finds_the_scenario_next_to_the_log_and_checks_it(capsys, mini, tmp_path, monkeypatch):
    path = tmp_path / "events.csv"
    monkeypatch.chdir(tmp_path)
    run_cli(capsys, "run", "mini.yaml", "--citizens", "10", "--replications", "1", "--events", str(path), "--json")
    elsewhere = tmp_path / "sub"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)                          # the log says mini.yaml: found beside the log
    assert run_cli(capsys, "metrics", str(path), "--json")[0] == 0
    changed = tmp_path / "changed.yaml"
    changed.write_text(MINI.replace("horizon_days: 60", "horizon_days: 61"))
    code, out, err = run_cli(capsys, "metrics", str(path), "--scenario", str(changed))
    assert code == 2 and out == "" and "is not the scenario this log was written with" in err
    (tmp_path / "mini.yaml").unlink()
    code, _, err = run_cli(capsys, "metrics", str(path))
    assert code == 2 and "which is not there; pass it with --scenario PATH" in err


@pytest.mark.parametrize("content, words", [
    ("a,b\n1,2\n", "not a kastje event log"),
    ("citizen", "ends inside citizen"),
    ("load", "ends before its desks' load records for every role (cut short?)"),
    (None, "'banana' is not a number"),
])
def test_metrics_explains_a_bad_log(capsys, mini, tmp_path, content, words):
    path = tmp_path / "events.csv"
    run_cli(capsys, "run", mini, "--citizens", "5", "--replications", "1", "--events", str(path), "--json")
    lines = path.read_text().splitlines()
    if content == "citizen":                  # cut just before a citizen's last event
        left = max(i for i, line in enumerate(lines) if ",left," in line)
        path.write_text("\n".join(lines[:left]) + "\n")
    elif content == "load":                   # cut after the first role's load record
        path.write_text("\n".join(lines[:-2]) + "\n")
    elif content is not None:
        path.write_text(content)
    else:
        bad = lines[2].split(",")
        bad[2] = "banana"
        path.write_text("\n".join(lines[:2] + [",".join(bad)] + lines[3:]) + "\n")
    code, out, err = run_cli(capsys, "metrics", str(path))
    assert code == 2 and out == "" and words in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_compare_reports_the_paired_difference(capsys, mini):
    code, out, _ = run_cli(capsys, "compare", mini, "--settings", "chaos,shared_file,integral", "--citizens", "40",
                           "--replications", "4", "--json")
    assert code == 0
    data = json.loads(out)["results"]
    assert "difference" not in data["chaos"]
    for name in ("shared_file", "integral"):
        diff = data[name]["difference"]
        assert diff["to"] == "chaos" and set(diff["metrics"]) == set(METRICS)
    _lo, hi = data["shared_file"]["difference"]["metrics"]["retellings"]["ci95"]
    assert hi < 0
    _code, out, _ = run_cli(capsys, "compare", mini, "--citizens", "40", "--replications", "4")
    assert "paired difference to chaos" in out and "integral - chaos" in out
    retell = next(line for line in out.splitlines()[out.splitlines().index(next(
        line for line in out.splitlines() if "paired difference" in line)):] if line.startswith("retellings"))
    assert retell.rstrip().endswith("*")


def overloaded_mini(tmp_path) -> str:
    """Debt help with one person and two-hour contacts: 7 debt citizens a day need more than
    the 480 minutes of a working day."""
    path = tmp_path / "busy.yaml"
    path.write_text(MINI.replace("id: schuld, name: Schuldhulp, staff: 4, service_minutes: {dist: triangular, low: 30, "
                                 "mode: 60, high: 90}", "id: schuld, name: Schuldhulp, staff: 1, service_minutes: "
                                 "{dist: fixed, value: 120}"))
    return str(path)


def test_an_overloaded_desk_is_said_before_any_average(capsys, tmp_path):
    busy = overloaded_mini(tmp_path)
    code, out, _ = run_cli(capsys, "run", busy, "--citizens", "40", "--replications", "2", "--json")
    data = json.loads(out)
    assert code == 0 and data["overloaded"] == ["schuld"] and data["utilisation"]["schuld"] > 0.95
    code, out, _ = run_cli(capsys, "compare", busy, "--citizens", "40", "--replications", "2")
    lines = out.splitlines()
    warning = [i for i, line in enumerate(lines) if line.startswith("OVERLOADED under")]
    assert [lines[i].split("'")[1] for i in warning] == ["chaos", "integral"]
    assert "schuld gets more work than its staff can do" in lines[warning[0]]
    assert max(warning) < min(i for i, line in enumerate(lines) if line.startswith("handoffs"))
    assert any(line.startswith("schuld") and "*" in line for line in lines)      # marked in the load table
    code, out, _ = run_cli(capsys, "compare", busy, "--citizens", "40", "--replications", "2", "--json")
    assert all(r["overloaded"] == ["schuld"] for r in json.loads(out)["results"].values())


def test_warmup_days_is_what_the_run_reports(capsys, mini):
    code, out, _ = run_cli(capsys, "compare", mini, "--citizens", "30", "--replications", "2", "--warmup-days",
                           "5", "--workers", "1", "--json")
    assert code == 0 and json.loads(out)["warmup_days"] == 5
    code, out, _ = run_cli(capsys, "run", mini, "--citizens", "30", "--replications", "2", "--warmup-days", "0")
    assert "from the first arrival (no warm-up)" in out
    code, out, _ = run_cli(capsys, "run", mini, "--citizens", "30", "--replications", "2")
    assert "who arrive after a warm-up of 60 working days" in out


def test_a_run_too_big_for_the_machine_says_so_up_front(capsys, mini):
    started = time.perf_counter()
    code, out, err = run_cli(capsys, "run", mini, "--citizens", "10000000", "--replications", "20")
    assert code == 2 and out == "" and len(err.strip().splitlines()) == 1
    assert "about 200.0 million simulated citizens" in err        # 20 x (10 million + 10/day x 120 days)
    assert "at least 2.8 hours" in err and "--max-memory" in err   # 10 million ledger rows: memory first
    assert time.perf_counter() - started < 20                     # arithmetic, not the run


LOOP = """\
name: loop
horizon_days: 300
arrivals: {per_day: 5, pattern: batch}
roles:
  - {id: a, name: A, staff: 1, resolves: [q], service_minutes: {dist: fixed, value: 0.5}}
  - {id: b, name: B, staff: 1, entry: true, service_minutes: {dist: fixed, value: 0.5}}
  - {id: c, name: C, staff: 1, entry: true, service_minutes: {dist: fixed, value: 0.5}}
needs: [{id: q, name: Q}]
profiles: [{id: p, name: P, share: 1, persistence: null, self_diagnosis: 0, consent: 1}]
cases: [{id: k, title: K, story: S, share: 1, presenting: q, needs: [q]}]
settings:
  lost: {shared_file: full, routing_knowledge: 0, handoff: warm, intake: narrow, discretion: 0, coordination: none}
"""


def test_a_run_that_loops_stops_with_a_clear_message(capsys, tmp_path):
    """Desks b and c never know the way to a and hand the citizen back and forth, warm, to a
    citizen who never gives up: no time passes between contacts but the half-minute service."""
    path = tmp_path / "loop.yaml"
    path.write_text(LOOP)
    started = time.perf_counter()
    code, out, err = run_cli(capsys, "run", str(path), "--setting", "lost", "--citizens", "5", "--replications", "1")
    assert code == 1 and out == "" and "Traceback" not in err
    assert "the run stopped: a citizen with case 'k' made more than 5000 contacts" in err and "the scenario loops" in err
    assert time.perf_counter() - started < 30


def test_results_per_profile_add_a_by_field_and_a_table(capsys, mini):
    code, out, _ = run_cli(capsys, "compare", str(mini), "--settings", "chaos,integral", "--citizens", "40",
                           "--replications", "3", "--by", "profile", "--json")
    data = json.loads(out)
    for result in data["results"].values():
        groups = result["by"]["profile"]
        assert set(groups) == {"a", "b"} and all(set(g) == set(METRICS) for g in groups.values())
        assert min(g["handoffs"]["mean"] for g in groups.values()) <= result["metrics"]["handoffs"]["mean"] \
            <= max(g["handoffs"]["mean"] for g in groups.values())
    code, out, _ = run_cli(capsys, "run", str(mini), "--citizens", "40", "--replications", "3", "--by", "case")
    assert code == 0 and "per case: mean [95% CI]" in out and "\n  q (" in out and "\n  d (" in out
    with pytest.raises(SystemExit):
        main(["run", str(mini), "--by", "postcode"])
    assert "invalid choice: 'postcode'" in capsys.readouterr().err
