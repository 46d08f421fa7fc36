"""The business case in words and cells: a year of each way of working, and what the
difference costs and pays for (no Streamlit here; the compare page and the PDF read it)."""

from __future__ import annotations

from sim.experiments.business import YEAR
from sim.language import num, t
from sim.scenario.presets import setting_name

ROWS = tuple(YEAR)                                   # the figures of a year, as declared (sim.experiments.business)
MONEY = {key for key, figure in YEAR.items() if figure.unit == "eur"}
LOWER_IS_BETTER = {key for key, figure in YEAR.items() if figure.better == "lower"} | {"fte"}


def amount(key: str, value: float | None, L: str) -> str:
    if value is None:
        return "–"
    return ("€ " if key in MONEY else "") + num(value, L, 0 if abs(value) >= 10 or key != "fte" else 1)


def cell(key: str, m: dict, L: str) -> str:
    lo, hi = m["ci95"]
    text = amount(key, m["mean"], L)
    return text if lo is None else f"{text} [{amount(key, lo, L)} – {amount(key, hi, L)}]"


def clear(m: dict) -> bool:
    lo, hi = m["ci95"]
    return lo is not None and hi is not None and (lo > 0 or hi < 0)


def verdict(a: str, b: str, d: dict, L: str) -> str:
    """What the difference costs and what it pays for, each figure only where it is clear."""
    def say(key: str, factor: float = 1.0) -> str:
        m = d[key]
        if not clear(m):
            return t("no_clear_difference", L)
        return ("+" if m["mean"] > 0 else "−") + amount(key, abs(factor * m["mean"]), L)
    return t("bc_verdict", L, a=setting_name(a, L), b=setting_name(b, L), cost=say("cost_eur"),
             fte=("+" if (d["fte_total"]["mean"] or 0) > 0 else "−") + num(abs(d["fte_total"]["mean"] or 0), L, 1)
             if clear(d["fte_total"]) else t("no_clear_difference", L),
             helped=say("resolved"), gave_up=say("gave_up"), harm=say("harm_eur"), failure=say("failure_cost_eur"))
