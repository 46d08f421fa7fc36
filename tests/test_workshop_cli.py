"""`kastje workshop rehearse` and `kastje workshop log`, as a facilitator runs them (issue 8)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

from sim.cli.main import main
from tests.conftest import ROOT, SCENARIOS

BIJSTAND = str(SCENARIOS / "bijstand.yaml")


def test_a_rehearsal_of_twenty_players_on_two_tables_puts_each_table_beside_the_model(tmp_path, capsys):
    code = main(["workshop", "rehearse", BIJSTAND, "--players", "20", "--tables", "2", "--db",
                 str(tmp_path / "w.sqlite"), "--replications", "20", "--json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 0 and out["tables"] == {"A": "chaos", "B": "integral"} and out["players"] == 20
    assert out["actions"] > 0 and set(out["latency_ms"]) == {"p50", "p95", "p99"}
    for table in ("A", "B"):
        report = out["debrief"][table]
        assert report["answered_by"].get("person", 0) > 0
        lo, hi = report["band"]["handoffs"]["range95"]
        assert 0 <= lo <= hi and report["metrics"]["handoffs"] >= 0
    assert out["debrief"]["B"]["metrics"]["retellings"] == 0          # integral: the file follows
    code = main(["workshop", "log", "--db", str(tmp_path / "w.sqlite"), "--json"])
    log = json.loads(capsys.readouterr().out)
    (session,) = log.values()
    answers = [i for i in session["inputs"] if i["kind"] == "answer"]
    assert code == 0 and session["ended"] and len(answers) == out["actions"] <= out["acknowledgements"]
    assert len({i["key"] for i in session["inputs"]}) == len(session["inputs"])


def test_a_rehearsal_killed_mid_round_resumes_with_every_acknowledged_action(tmp_path):
    db, acks = tmp_path / "w.sqlite", tmp_path / "acks.txt"
    cmd = [sys.executable, "-m", "sim.cli.main", "workshop", "rehearse", BIJSTAND, "--players", "20", "--tables", "2",
           "--db", str(db), "--ack-log", str(acks), "--round-days", "6", "--pace", "300", "--replications", "5",
           "--json"]
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while (not acks.exists() or len(acks.read_text().splitlines()) < 30) and time.monotonic() < deadline:
        time.sleep(0.1)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    before = acks.read_text().splitlines()
    assert len(before) >= 30
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["resumed"] is True
    logged = subprocess.run([sys.executable, "-m", "sim.cli.main", "workshop", "log", "--db", str(db), "--json"],
                            cwd=ROOT, capture_output=True, text=True, timeout=120)
    (session,) = json.loads(logged.stdout).values()
    stored = {i["key"] for i in session["inputs"]}
    assert set(acks.read_text().splitlines()) <= stored             # nothing acknowledged was lost
    assert session["ended"] and all(t["tick"] > 0 for t in session["tables"].values())


def test_workshop_mistakes_get_one_clear_line(tmp_path, capsys):
    db = str(tmp_path / "w.sqlite")
    assert main(["workshop", "rehearse", BIJSTAND, "--players", "0", "--db", db]) == 2
    assert "--players must be at least 1" in capsys.readouterr().err
    assert main(["workshop", "rehearse", BIJSTAND, "--players", "2", "--setting", "anarchy", "--db", db]) == 2
    err = capsys.readouterr().err
    assert "anarchy" in err and "chaos" in err and "Traceback" not in err
    assert main(["workshop", "log", "--db", db, "--session", "ZZZ999", "--json"]) == 2
    assert "no session ZZZ999" in capsys.readouterr().err
