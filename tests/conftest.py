"""Shared builders: small scenarios written as dicts, validated like any trainer file."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

from sim.loader import load_scenario, parse_scenario

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
