"""docs/ stays true: the trainers' example validates and runs."""

from __future__ import annotations

import re

from sim.experiments.replications import run_replications
from sim.scenario.loader import parse_scenario
from sim.scenario.presets import resolve_setting
from tests.conftest import ROOT


def test_scenario_format_example_is_valid_and_runs():
    text = (ROOT / "docs" / "scenario-format.md").read_text()
    example = re.search(r"```yaml\n(.*?)```", text, re.DOTALL).group(1)
    sc = parse_scenario(example, "docs/scenario-format.md")
    assert {"kcc", "wijkteam"} <= {r.id for r in sc.roles}
    assert sc.settings["mine"].handoff == "warm"
    result = run_replications(sc, resolve_setting(sc, "integral"), 50, 2, seed=1)
    assert result.metrics["retellings"]["mean"] < 0.1    # only a wrong file (file_error 0.05) is told again
