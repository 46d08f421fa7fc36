"""Crash safety (issue 21, point 4), three kills in CI (bench/workshop_kills.py does twenty): a
rehearsal killed with SIGKILL while sessions are created, players seated and answers written
restarts on the same file, which opens intact; nothing acknowledged is lost and no session hangs."""

from __future__ import annotations

import importlib.util

import pytest

from tests.conftest import ROOT

spec = importlib.util.spec_from_file_location("workshop_kills", ROOT / "bench" / "workshop_kills.py")
kills = importlib.util.module_from_spec(spec)
spec.loader.exec_module(kills)


@pytest.mark.parametrize("delay", [1.2, 1.8, 3.5])     # creating and seating, the first answers, mid-round
def test_a_kill_loses_no_acknowledged_action_and_the_rehearsal_resumes(tmp_path, delay):
    r = kills.one_kill(tmp_path, delay, limit=150)
    assert not r.get("hung"), r
    assert r.get("integrity", "ok") == "ok" and r["exit"] == 0, r
    assert r.get("lost_at_kill", 0) == 0 and r["lost"] == 0, r
