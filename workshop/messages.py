"""What the workshop service says when it refuses something, in Dutch and English.

A refusal is stored as a key and its values and written out in the reader's language only
when shown: the pages use the player's language, the command line English.
"""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "deck_unknown": {"en": "the deck needs cases of this scenario; unknown: {unknown}; valid: {valid}",
                     "nl": "het spel heeft casussen van dit scenario nodig; onbekend: {unknown}; geldig: {valid}"},
    "same_tables": {"en": "every round needs the same tables: {tables}",
                    "nl": "elke ronde heeft dezelfde tafels nodig: {tables}"},
    "no_tables": {"en": "a session needs at least one table", "nl": "een sessie heeft minstens één tafel nodig"},
    "deck_size": {"en": "the deck needs 1 to {most} citizens per table (got {got})",
                  "nl": "het spel heeft 1 tot {most} burgers per tafel nodig (gekregen: {got})"},
    "no_session": {"en": "no open session with code {code}; check the code on the screen",
                   "nl": "geen open sessie met code {code}; kijk nog eens naar de code op het scherm"},
    "session_closed": {"en": "session {code} has been closed by the facilitator; thank you for playing",
                       "nl": "sessie {code} is afgesloten door de begeleider; bedankt voor het meespelen"},
    "rate_limited": {"en": "too many join attempts; wait a minute",
                     "nl": "te veel pogingen om mee te doen; wacht een minuut"},
    "name_needed": {"en": "a display name is needed", "nl": "vul een naam in"},
    "join_first": {"en": "join first", "nl": "doe eerst mee met een naam"},
    "no_table": {"en": "no table '{table}'; tables: {tables}", "nl": "geen tafel '{table}'; tafels: {tables}"},
    "no_seat": {"en": "no seat '{seat}'; seats: {seats}", "nl": "geen plek '{seat}'; plekken: {seats}"},
    "seat_first": {"en": "take a seat first", "nl": "kies eerst een plek"},
    "round_ended": {"en": "the round has ended", "nl": "de ronde is voorbij"},
    "deck_range": {"en": "the deck has citizens 1 to {n}", "nl": "het spel heeft burgers 1 tot en met {n}"},
    "arrived": {"en": "citizen {n} has already arrived; pick one who has not",
                "nl": "burger {n} is al binnengekomen; kies een burger die nog niet binnen is"},
    "not_open": {"en": "this decision is no longer open (the timer or a colleague answered it)",
                 "nl": "dit besluit staat niet meer open (de timer of een collega heeft het al genomen)"},
    "not_your_seat": {"en": "decision {decision} is not open at your seat", "nl": "besluit {decision} ligt niet bij jouw plek"},
    "key_reused": {"en": "this answer's key was used before for another answer; send it again",
                   "nl": "de sleutel van dit antwoord is al eens gebruikt voor een ander antwoord; stuur het opnieuw"},
    "changed": {"en": "the situation changed before your answer arrived; look again ({detail})",
                "nl": "de situatie veranderde voordat je antwoord aankwam; kijk opnieuw ({detail})"},
    "facilitator_only": {"en": "this needs the facilitator key", "nl": "hiervoor is de sleutel van de begeleider nodig"},
    "round_running": {"en": "round {n} is still being played; end it first",
                      "nl": "ronde {n} wordt nog gespeeld; beëindig die eerst"},
    "no_more_rounds": {"en": "this session has {n} round(s)", "nl": "deze sessie heeft {n} ronde(s)"},
    "not_started": {"en": "the session has not started yet", "nl": "de sessie is nog niet begonnen"},
}


def render(key: str, params: dict, lang: str = "en") -> str:
    """The message ``key`` with its values, in ``lang`` (English when unknown)."""
    text = MESSAGES.get(key, {}).get(lang if lang in ("nl", "en") else "en")
    if text is None:        # never a traceback for a message we did not foresee
        return f"{key}: {params}"
    return text.format(**params)
