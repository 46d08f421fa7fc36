"""kastje simulation engine: scenario format, model run, metrics, experiments, CLI.

Nothing in this package imports Streamlit: the model is usable from scripts, tests
and the workshop server alike.
"""

from sim.loader import ScenarioError, load_scenario, parse_scenario
from sim.experiment import compare, run_replications

__all__ = ["ScenarioError", "load_scenario", "parse_scenario", "compare", "run_replications"]
