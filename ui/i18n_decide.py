"""Texts of the business case, sweeps and sensitivity (issue 11), part of the one translation
table (ui.i18n merges them). Every key has a Dutch and an English text."""

from __future__ import annotations

DECIDE_TEXTS: dict[str, dict[str, str]] = {
}
