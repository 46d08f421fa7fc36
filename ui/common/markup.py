"""What a page says: in the reader's language, and scenario text shown as typed, never as markup."""

from __future__ import annotations

import re

import streamlit as st

from sim.language import languages
from sim.scenario.presets import setting_name
from sim.scenario.schema import Setting


def lang() -> str:
    return st.session_state.get("lang") or languages()[0]


_MARKUP = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$])")


def plain(text: str) -> str:
    """Text from a scenario file for a place that renders markdown: shown as typed, never as
    markup. Backslashes stop links, images, emphasis and formulas; a zero-width space after
    each ':' stops Streamlit's :color[...] and :emoji: directives, which run after escapes."""
    return _MARKUP.sub(r"\\\1", text).replace(":", ":\u200b")


def name_of(text_obj, language: str | None = None) -> str:
    """A scenario text in the UI language (pass ``language`` inside format_func callbacks,
    which may run outside the script, where session state is not available)."""
    return text_obj.get(language or lang()) if text_obj is not None else ""


def setting_label(name: str, setting: Setting, language: str) -> str:
    """'siloed — Siloed work: …' for pickers: the setting as people say it, then what it is."""
    said = setting_name(name, language)
    return f"{said} — {name_of(setting.description, language)}" if setting.description else said


