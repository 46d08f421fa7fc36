"""A house a newcomer can find their way in: every module imports on its own, and the model
does not need the UI."""

from __future__ import annotations

import re
import subprocess
import sys

from tests.conftest import ROOT

PAGES = set(re.findall(r'st\.Page\("(ui/[\w/]+)\.py"', (ROOT / "app.py").read_text()))   # scripts, not modules
MODULES = sorted(
    str(p.relative_to(ROOT).with_suffix("")).replace("/", ".").removesuffix(".__init__")
    for package in ("sim", "agents", "ui", "workshop", "report") for p in (ROOT / package).rglob("*.py")
    if str(p.relative_to(ROOT).with_suffix("")) not in PAGES)


# Imports each module with none of the project's modules loaded before it, in one interpreter:
# third-party libraries stay loaded (they are not what is checked, and loading them a hundred
# times took 90 s), every project module starts from nothing, so an import circle shows up.
ALONE = """
import importlib, sys
OURS = ("sim", "agents", "ui", "workshop", "report")
for module in sys.argv[1:]:
    for name in [n for n in sys.modules if n.split(".")[0] in OURS]:
        del sys.modules[name]
    try:
        importlib.import_module(module)
    except Exception as err:
        print(f"{module}\t{type(err).__name__}: {err}")
"""


def test_every_module_imports_on_its_own():
    assert {"sim.engine.model", "agents.decision", "agents.desk", "sim.counting.fold", "report.charts"} <= set(MODULES)
    assert "ui.manager.compare" not in MODULES          # a page is a script Streamlit runs
    proc = subprocess.run([sys.executable, "-c", ALONE, *MODULES], cwd=ROOT, capture_output=True, text=True)
    failures = dict(line.split("\t", 1) for line in proc.stdout.splitlines() if "\t" in line)
    assert proc.returncode == 0 and not failures, failures or proc.stderr[-2000:]


def test_the_model_runs_without_streamlit():
    code = ("import sys, sim.cli.main, sim.experiments.stored, sim.experiments.app_runs, agents.policy; "
            "from sim.cli.main import main; main(['run', 'scenarios/bijstand.yaml', '--citizens', '20', "
            "'--replications', '2', '--json']); assert 'streamlit' not in sys.modules, 'streamlit imported'")
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert '"metrics"' in proc.stdout


def test_the_command_line_answers_before_the_model_loads():
    """`kastje --help` and `kastje validate` must answer in well under a second: they load no
    numpy, scipy, Mesa or SimPy (timings vary on a shared machine; what is imported does not)."""
    code = ("import sys, sim.cli.main; from sim.cli import scenario as cli_scenario; "
            "heavy = [m for m in ('numpy', 'scipy', 'mesa', 'simpy', 'pandas', 'networkx', 'matplotlib') "
            "if m in sys.modules]; assert not heavy, heavy; "
            "from sim.counting.metrics import GROUPS; assert GROUPS == sim.cli.main.GROUPS")
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr[-2000:]
