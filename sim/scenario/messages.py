"""What a scenario check says, in the reader's language.

A problem is stored as a key and its values and written out only when shown, from the texts
``check.KEY`` of the locale files (sim.language): `kastje validate --lang nl` and the app's
Scenario page use the reader's language, the rest English.
"""

from __future__ import annotations

from sim import language

PREFIX = "check."


def render(key: str, params: dict, lang: str = language.SOURCE) -> str:
    """The message ``key`` with its values, in ``lang`` (the source language when it is not installed)."""
    lang = language.normal(lang)
    if not language.has(PREFIX + key, lang):   # never a traceback for a message we did not foresee
        key, params = "other", {"text": f"{key} {params}"}
    values = dict(params)
    values["hint"] = language.t(PREFIX + "_hint", lang, close=values["close"]) if values.get("close") else ""
    values["got"] = language.t(PREFIX + "_got", lang, value=values["value"]) if "value" in values else ""
    for name, value in values.items():      # allowed values: 'none', 'consent' or 'full', "or" in the reader's words
        if isinstance(value, (tuple, list)) and value and all(isinstance(v, str) for v in value):
            quoted = [f"'{v}'" for v in value]
            values[name] = quoted[0] if len(quoted) == 1 else language.t(
                PREFIX + "_or", lang, first=", ".join(quoted[:-1]), last=quoted[-1])
    return language.t(PREFIX + key, lang, **values)
