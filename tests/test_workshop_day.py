"""A working day no workshop tick cuts (issue 21, point 2): fine for the simulation — validate
says so as a note — but refused by the workshop (the service, rehearse, the facilitator's page)
with what would work, never a traceback."""

from __future__ import annotations

from pathlib import Path

import yaml

from sim.cli.main import main
from tests.conftest import SCENARIOS
from workshop.service import Refused, Service
from workshop.store import Store
from workshop.table import tick_lengths


def odd_day(tmp_path, hours: float = 7.33) -> str:
    data = yaml.safe_load((SCENARIOS / "bijstand.yaml").read_text(encoding="utf-8"))
    data["clock"]["hours_per_day"] = hours
    path = tmp_path / "odd.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return str(path)


def test_tick_lengths_cut_the_day_in_whole_minutes():
    assert tick_lengths(480)[:6] == [1, 2, 3, 4, 5, 6] and 60 in tick_lengths(480) and 7 not in tick_lengths(480)
    assert tick_lengths(439.8) == [] and tick_lengths(450)[-1] == 50


def test_validate_notes_it_and_the_simulation_runs(tmp_path, capsys):
    path = odd_day(tmp_path)
    assert main(["validate", path]) == 0
    out = capsys.readouterr().out
    assert "valid" in out and "note: the workshop moves in ticks of whole minutes" in out
    assert "use hours_per_day 7.25 or 7.5" in out
    assert main(["validate", path, "--lang", "nl"]) == 0
    assert "let op: de workshop loopt in stappen van hele minuten" in capsys.readouterr().out
    assert main(["run", path, "--citizens", "20", "--replications", "2", "--warmup-days", "0", "--json"]) == 0


def test_the_workshop_refuses_it_in_one_line_with_what_would_work(tmp_path, capsys):
    path = odd_day(tmp_path)
    code = main(["workshop", "rehearse", path, "--players", "2", "--db", str(tmp_path / "w.sqlite")])
    err = capsys.readouterr().err
    assert code == 2 and len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert "a working day of 439.8 minutes (clock.hours_per_day 7.33) has none; use hours_per_day 7.25 or 7.5" in err
    service = Service(Store(tmp_path / "w.sqlite"))
    text = (SCENARIOS / "bijstand.yaml").read_text(encoding="utf-8")
    try:
        service.create(text, "bijstand.yaml", {"A": "chaos"}, citizens=4, tick_minutes=7)
    except Refused as err:
        assert "ticks that would: 1, 2, 3, 4, 5, 6, 8, 10" in str(err)
    else:
        raise AssertionError("a 7-minute tick was accepted for a 480-minute day")


def test_the_facilitators_page_says_it_instead_of_creating_the_session(tmp_path, monkeypatch):
    from streamlit.testing.v1 import AppTest

    from tests.conftest import ROOT
    from ui.room import live
    monkeypatch.setenv("KASTJE_DB", str(tmp_path / "w.sqlite"))
    live._workshop.clear()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.session_state["lang"] = "en"
    at.session_state["scenario_text"] = Path(odd_day(tmp_path)).read_text(encoding="utf-8")
    at.session_state["scenario_file"] = "odd.yaml"
    at.switch_page("ui/room/facilitate.py").run()          # straight there: no comparison is simulated first
    next(b for b in at.button if b.label == "Create session").click().run()
    live._workshop.clear()
    assert not at.exception, [e.value for e in at.exception]
    assert any("use hours_per_day 7.25 or 7.5" in e.value for e in at.error) and "code" not in at.query_params
