"""What a scenario check says, in the reader's language.

A problem is stored as a key and its values and written out only when shown, from the texts
``check.KEY`` of the locale files (sim.language): `kastje validate --lang nl` and the app's
Scenario page use the reader's language, the rest English.
"""

from __future__ import annotations

import datetime
import math

from sim import language

PREFIX = "check."
SHOWN = 60          # a value in a message is cut after this many characters


class HugeNumber(float):
    """A number written with more digits than any field allows (the loader builds it instead of
    an int Python would refuse to read): infinite to the schema, its digits kept for the message."""

    def __new__(cls, text: str):
        number = super().__new__(cls, -math.inf if text.strip().startswith("-") else math.inf)
        number.digits = sum(c.isdigit() for c in text)
        number.shown = text if len(text) <= 24 else f"{text[:12]}…{text[-6:]}"
        return number


def shown(value, lang: str) -> str:
    """A value as the file writes it (true, null, .nan, a date), never Python's spelling."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, HugeNumber):
        return value.shown
    if isinstance(value, float) and not math.isfinite(value):
        return ".nan" if math.isnan(value) else (".inf" if value > 0 else "-.inf")
    if isinstance(value, (int, float)):
        return _number(value)
    if isinstance(value, (datetime.date, datetime.datetime)):
        return language.t(PREFIX + "_date", lang, value=value.isoformat())
    if isinstance(value, str):
        return repr(value if len(value) <= SHOWN else value[:SHOWN] + "…")
    text = repr(value)
    return text if len(text) <= SHOWN else text[:SHOWN] + "…"


def _number(x) -> str:
    """3650.0 as 3650, 0.5 as 0.5: a limit as a trainer would write it."""
    return str(int(x)) if isinstance(x, float) and x.is_integer() and abs(x) < 1e15 else str(x)


_BOUND = {"gt": "_more_than", "ge": "_at_least", "lt": "_less_than", "le": "_at_most"}


def allowed(bounds: tuple, lang: str) -> str:
    """'; valid: 0 to 1' for the limits (("ge", 0), ("le", 1)) of a field, in ``lang``; "" without limits."""
    limits = dict(bounds)
    if not limits:
        return ""
    if set(limits) == {"ge", "le"}:
        said = language.t(PREFIX + "_from_to", lang, low=_number(limits["ge"]), high=_number(limits["le"]))
    else:
        parts = [language.t(PREFIX + _BOUND[op], lang, x=_number(x)) for op, x in bounds]
        said = parts[0] if len(parts) == 1 else language.t(PREFIX + "_and", lang, first=", ".join(parts[:-1]),
                                                            last=parts[-1])
    return language.t(PREFIX + "_valid", lang, range=said)


def render(key: str, params: dict, lang: str = language.SOURCE) -> str:
    """The message ``key`` with its values, in ``lang`` (the source language when it is not installed)."""
    lang = language.normal(lang)
    if not language.has(PREFIX + key, lang):   # never a traceback for a message we did not foresee
        key, params = "other", {"text": f"{key} {params}"}
    values = dict(params)
    values["hint"] = language.t(PREFIX + "_hint", lang, close=values["close"]) if values.get("close") else ""
    values["got"] = language.t(PREFIX + "_got", lang, value=shown(values["value"], lang)) if "value" in values else ""
    values["allowed"] = allowed(values.pop("bounds", ()), lang)
    if "limit" in values:
        values["limit"] = _number(values["limit"])
    for name, value in values.items():      # allowed values: 'none', 'consent' or 'full', "or" in the reader's words
        if isinstance(value, (tuple, list)) and value and all(isinstance(v, str) for v in value):
            quoted = [f"'{v}'" for v in value]
            values[name] = quoted[0] if len(quoted) == 1 else language.t(
                PREFIX + "_or", lang, first=", ".join(quoted[:-1]), last=quoted[-1])
    return language.t(PREFIX + key, lang, **values)
