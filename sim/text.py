"""Bilingual text: every user-facing string in a scenario exists in Dutch and English.

Trainers may write a plain string when a name is the same in both languages (``UWV``);
it is stored as the same text for both so the rest of the code never has to ask.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict

LANGUAGES = ("nl", "en")


class Text(BaseModel):
    """A text in Dutch and English."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    nl: str
    en: str

    def __str__(self) -> str:
        return self.en

    def get(self, lang: str) -> str:
        return self.nl if lang == "nl" else self.en


def _plain_string_to_both(value: Any) -> Any:
    if isinstance(value, str):
        return {"nl": value, "en": value}
    return value


BiText = Annotated[Text, BeforeValidator(_plain_string_to_both)]
