"""A scenario's texts: each one maps a language to the text in it.

Trainers write ``name: {nl: …, en: …}``, or a plain string when a name is the same in every
language (``UWV``; kept as the source language's text, which every language falls back to). A language the text does not give is read along that language's fallback
(sim.language: Dutch → English), then in any language the text has, so a scenario written in
Dutch and English works under a third language too. A language that is not installed is
refused: ``em:`` for ``en:`` is a typo, not a language.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BeforeValidator, ConfigDict, RootModel, field_validator
from pydantic_core import PydanticCustomError

from sim import language


class Text(RootModel[dict[str, str]]):
    """A text per language."""

    model_config = ConfigDict(frozen=True)

    @field_validator("root")
    @classmethod
    def _languages(cls, value: dict[str, str]) -> dict[str, str]:
        installed = language.languages()
        if not value:
            raise PydanticCustomError("no_language", "a text needs at least one language: {valid}",
                                      {"valid": ", ".join(installed)})
        unknown = [code for code in value if code not in installed]
        if unknown:
            raise PydanticCustomError("unknown_language", "unknown language '{code}'; installed: {valid}",
                                      {"code": unknown[0], "valid": ", ".join(installed)})
        return value

    def get(self, lang: str) -> str:
        """The text in ``lang``, else along its fallbacks, else in the first language given."""
        for code in language.chain(lang):
            if code in self.root:
                return self.root[code]
        return next(iter(self.root.values()))

    def __str__(self) -> str:
        return self.get(language.SOURCE)

    def __hash__(self) -> int:
        return hash(tuple(sorted(self.root.items())))

    @classmethod
    def of(cls, key: str, **values) -> Text:
        """A text of the locale files, in every installed language (a built-in preset's description)."""
        return cls({code: language.t(key, code, **values) for code in language.languages()})


def _plain_string_for_every_language(value: Any) -> Any:
    if isinstance(value, str):
        return {language.SOURCE: value}
    return value


LocalText = Annotated[Text, BeforeValidator(_plain_string_for_every_language)]
