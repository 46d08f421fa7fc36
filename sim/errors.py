"""The mistakes a user can cause, at the bottom of the house so that every layer can raise them
and the command line and the app can say them: in one line, never as a traceback."""

from __future__ import annotations

from sim import language


class UserError(Exception):
    """A mistake in what the user asked for (a file, an option, a value); printed as one line."""


class RunawayCitizen(RuntimeError):
    """A citizen made more contacts than any real journey could — a scenario whose journeys loop:
    the run stops, and says why (the text ``check.runaway``)."""

    def __init__(self, params: dict):
        super().__init__(params)      # SimPy rebuilds the exception from its args when it re-raises it
        self.params = params

    def __str__(self) -> str:
        return self.render(language.SOURCE)

    def render(self, lang: str = language.SOURCE) -> str:
        return language.t("check.runaway", language.normal(lang), **self.params)
