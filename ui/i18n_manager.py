"""The manager's pages' texts (what-if, compare, business case), part of the one translation
table (ui.i18n merges them). Every key has a Dutch and an English text."""

from __future__ import annotations

MANAGER_TEXTS: dict[str, dict[str, str]] = {
}
