"""kastje's simulation: scenario format, model run, counting, metrics, experiments, CLI.

Nothing in this package imports Streamlit, and this file imports nothing, so every module
imports on its own (``import sim.counting.metrics`` does not pull in the model).
"""
