"""The round over time (issue 20, point 5): per table the citizens waiting, the hand-offs and the
retellings at every tick, beside the band of simulated rounds of the same deck."""

from __future__ import annotations

import numpy as np
import pytest

from sim.scenario.presets import resolve_setting
from workshop import timeline
from workshop.debrief import debrief
from workshop.table import Round, Table


@pytest.fixture(scope="module")
def round_(bijstand):
    return Round(bijstand, resolve_setting(bijstand, "chaos"), 30, 3, round_days=4)


def test_a_table_of_bots_has_the_timeline_of_the_simulated_round_with_its_seed(round_):
    table = Table(round_).run_to_end()
    _, simulated = timeline.simulated(round_, round_.seed, None)
    assert timeline.of_table(table) == simulated
    assert len(simulated["days"]) == table.tick + 1 == round(4 * table.day_ticks) + 1


def test_the_last_point_is_the_folds_total_and_the_curves_never_fall(round_):
    table = Table(round_).run_to_end()
    line = timeline.of_table(table)
    rows = table.model.ledger.rows()
    assert line["handoffs"][-1] == sum(int(r["handoffs"]) for r in rows) > 0
    assert line["retellings"][-1] == sum(int(r["retellings"]) for r in rows) > 0
    assert all(np.diff(line["handoffs"]) >= 0) and all(np.diff(line["retellings"]) >= 0)
    assert line["waiting"][0] == 0 and max(line["waiting"]) > 0          # an empty office, then a queue
    assert line["days"][1] == pytest.approx(round_.tick_minutes / table.model.day)


def test_the_band_holds_a_finished_rounds_last_figures_and_brackets_its_mean():
    short = {"days": [0, 1], "waiting": [0, 2], "handoffs": [0, 3], "retellings": [0, 1]}
    long = {"days": [0, 1, 2], "waiting": [0, 4, 1], "handoffs": [0, 1, 5], "retellings": [0, 1, 2]}
    b = timeline.band([short, long], 60, 60)
    assert b["days"] == [0, 1, 2] and b["rounds"] == 2
    assert b["waiting"]["mean"] == [0, 3, 0.5]           # the short round's citizens have left: nobody waits
    assert b["handoffs"]["mean"] == [0, 2, 4]            # ... and its hand-offs stay as they were
    for name in timeline.SERIES:
        assert all(lo <= m <= hi for lo, m, hi in zip(b[name]["lo"], b[name]["mean"], b[name]["hi"]))


def test_the_debrief_freezes_the_tables_timeline_beside_the_simulated_band(round_):
    table = Table(round_).run_to_end()
    report = debrief({"A": table}, replications=6, workers=1)["A"]
    assert report["timeline"] == timeline.of_table(table)
    band = report["timeline_band"]
    assert band["rounds"] == 6 and len(band["days"]) == len(report["timeline"]["days"])   # ended at the same tick
    mean_total = band["handoffs"]["mean"][-1]
    assert mean_total == pytest.approx(report["band"]["handoffs"]["mean"] * table.round.citizens, rel=1e-9)
