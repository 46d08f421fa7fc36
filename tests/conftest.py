"""Shared builders: small scenarios written as dicts, validated like any trainer file."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

from sim.scenario.loader import load_scenario, parse_scenario

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = ROOT / "scenarios"

BASE = {
    "name": {"nl": "test", "en": "test"},
    "horizon_days": 200,
    "arrivals": {"per_day": 10},
    "roles": [
        {"id": "a", "name": "A", "staff": 2, "entry": True, "resolves": ["q"],
         "service_minutes": {"dist": "exponential", "mean": 10}},
        {"id": "b", "name": "B", "staff": 2, "entry": True,
         "service_minutes": {"dist": "fixed", "value": 10}},
        {"id": "c", "name": "C", "staff": 2, "case_manager": True,
         "service_minutes": {"dist": "fixed", "value": 10}},
    ],
    "needs": [
        {"id": "q", "name": "Q"},
        {"id": "income", "name": "Income", "resolved_by": ["c"], "legal_term_days": 40},
    ],
    "profiles": [{"id": "p", "name": "P", "share": 1.0, "persistence": None,
                  "self_diagnosis": 0.5, "consent": 0.5}],
    "cases": [{"id": "k", "title": "K", "story": "S", "share": 1.0, "presenting": "q", "needs": ["q"]}],
}


def scenario_dict(**changes) -> dict:
    data = copy.deepcopy(BASE)
    data.update(copy.deepcopy(changes))
    return data


def build(data: dict):
    return parse_scenario(yaml.safe_dump(data, sort_keys=False), "test.yaml")


@pytest.fixture(scope="session")
def bijstand():
    return load_scenario(SCENARIOS / "bijstand.yaml")


def same(a, b) -> bool:
    """Equal, with NaN equal to NaN (a metric with nothing to measure is NaN in every run)."""
    import math
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    return a == b


SMALL_APP = {"citizens": 60, "replications": 5, "seed": 3}    # a run size the app's tests can afford


def open_app(page: str | None = None, lang: str | None = None, params: dict | None = None, timeout: int = 300):
    """A new app session (a first visit, or a refresh) at the small run size, with ``lang`` and
    the address's ``params``, switched to ``page``; it must not raise."""
    from streamlit.testing.v1 import AppTest
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=timeout)
    for key, value in SMALL_APP.items():
        at.session_state[key] = value
    if lang:
        at.session_state["lang"] = lang
    for key, value in (params or {}).items():
        at.query_params[key] = value
    at.run()
    if page:
        at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at
