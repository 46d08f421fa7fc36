"""Figures as people read them, in their language: a metric's value, a setting's name, a signed
difference (no Streamlit here; the pages, the PDFs and the command line's journey share it)."""

from __future__ import annotations

from sim.counting.metrics import METRICS
from sim.language import num, pct


def is_share(metric: str) -> bool:
    """A metric that is a share (shown in %; a difference of two in percentage points)."""
    return metric in METRICS and METRICS[metric].share


def metric_value(metric: str, value: float | None, lang: str) -> str:
    """A metric as its declaration says to write it: a share in %, minutes and euros whole, the rest
    with decimals (sim.counting.metrics)."""
    declared = METRICS.get(metric)
    if declared is not None and declared.share:
        return pct(value, lang)
    return num(value, lang, declared.digits if declared is not None else 2)


def unsigned_zero(text: str) -> str:
    """'-0', '-0,0' or '-0%' (a tiny negative rounded away) as '0…': a minus on nothing misleads."""
    return text[1:] if text.startswith(("-", "−")) and not any(c in "123456789" for c in text) else text


def signed(x: float, lang: str, digits: int = 1) -> str:
    """A difference with its sign ('+0,5', '-1,2'); one that rounds to zero has none."""
    text = unsigned_zero(num(x, lang, digits))
    return "+" + text if x > 0 and any(c in "123456789" for c in text) else text


def shown(metric: str, value, lang: str) -> str:
    """A metric's value as the pages show it, never '-0'."""
    return unsigned_zero(metric_value(metric, value, lang))
