"""Every text kastje shows, read from one file per language, and numbers as a reader writes them.

A language is a file: ``locales/LANG.yaml`` holds every text of the app, the command line's
translated messages, the scenario checks and the workshop's refusals under one key each, and
says the language's name, its place in a language picker (``order``) and the language a text
missing here is taken from (``fallback``). The languages are the files found — the shipped
``locales/`` folder, then every folder named in ``$KASTJE_LOCALES`` (separated like PATH) — so
adding one is adding a file, and nothing in the code names a language but :data:`SOURCE`.

Numbers use the language's decimal and grouping signs as Babel knows them (1.234,5 in Dutch,
1,234.5 in English); a file may name the locale whose signs it takes (``numbers: de_CH``).

The lowest layer of kastje: it imports nothing of the project.
"""

from __future__ import annotations

import math
import os
import string
from dataclasses import dataclass
from functools import cache
from pathlib import Path

SHIPPED = Path(__file__).resolve().parents[1] / "locales"
ENV = "KASTJE_LOCALES"
# The language the code's own names are in, and the last fallback of every other language:
# a text is always found in it (the tests require the shipped languages complete).
SOURCE = "en"


@dataclass(frozen=True)
class Language:
    code: str
    name: str                     # in the language itself: "Nederlands"
    order: int                    # place in a language picker
    fallback: str | None          # where a text missing here comes from
    numbers: str                  # the locale whose number signs this language uses
    texts: dict[str, str]


def _folders() -> tuple[Path, ...]:
    extra = os.environ.get(ENV, "")
    return (SHIPPED, *(Path(p) for p in extra.split(os.pathsep) if p))


@cache
def _read(folders: tuple[Path, ...]) -> dict[str, Language]:
    import yaml  # here, not at import: `kastje --help` reads no language file
    found: dict[str, Language] = {}
    for folder in folders:
        for path in sorted(folder.glob("*.yaml")):
            data = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
            about = data.get("language") or {}
            code = path.stem
            texts = dict(found[code].texts) if code in found else {}     # a later folder adds or overrides
            texts.update({str(k): str(v) for k, v in (data.get("texts") or {}).items()})
            found[code] = Language(code, str(about.get("name", code)), int(about.get("order", 100)),
                                   about.get("fallback", None if code == SOURCE else SOURCE),
                                   str(about.get("numbers", code)), texts)
    return dict(sorted(found.items(), key=lambda item: (item[1].order, item[0])))


def _all() -> dict[str, Language]:
    return _read(_folders())


def languages() -> tuple[str, ...]:
    """The installed languages' codes, in picker order."""
    return tuple(_all())


def codes() -> tuple[str, ...]:
    """The installed languages' codes without reading the files (for the command line's choices)."""
    return tuple(sorted({p.stem for folder in _folders() for p in folder.glob("*.yaml")}))


def language(code: str) -> Language:
    return _all()[code]


def normal(code: str | None) -> str:
    """``code`` if it is installed, else the source language."""
    return code if code in _all() else SOURCE


def chain(code: str) -> list[str]:
    """Where a text is looked for: the language, its fallbacks, the source language."""
    found, every = [], _all()
    while code in every and code not in found:
        found.append(code)
        code = every[code].fallback
    if SOURCE not in found:
        found.append(SOURCE)
    return found


def lookup(key: str, lang: str) -> str:
    every = _all()
    for code in chain(lang):
        text = every[code].texts.get(key) if code in every else None
        if text is not None:
            return text
    raise KeyError(f"no text '{key}' in locales/{lang}.yaml or its fallbacks")


def has(key: str, lang: str = SOURCE) -> bool:
    try:
        lookup(key, lang)
    except KeyError:
        return False
    return True


def t(key: str, lang: str, /, **values) -> str:
    """The text ``key`` in ``lang``, its {placeholders} filled in from ``values`` (which may have
    any name, ``key`` and ``lang`` included)."""
    text = lookup(key, lang)
    return text.format(**values) if values else text


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@cache
def _signs(numbers: str) -> tuple[str, str, str]:
    from babel import Locale, UnknownLocaleError
    from babel.numbers import get_decimal_symbol, get_group_symbol, get_minus_sign_symbol
    try:
        locale = Locale.parse(numbers)
    except (UnknownLocaleError, ValueError):
        locale = Locale.parse(SOURCE)
    return get_decimal_symbol(locale), get_group_symbol(locale), get_minus_sign_symbol(locale)


def num(x: float | None, lang: str, digits: int = 1) -> str:
    """A number as a reader of ``lang`` writes it: 1.234,5 in Dutch, 1,234.5 in English; "–"
    for a number that is not there."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    decimal, group, minus = _signs(language(normal(lang)).numbers)
    text = f"{x:,.{digits}f}"
    return text.replace(",", "\x00").replace(".", decimal).replace("\x00", group).replace("-", minus)


def pct(x: float | None, lang: str, digits: int = 0) -> str:
    return "–" if x is None else num(100 * x, lang, digits) + "%"
