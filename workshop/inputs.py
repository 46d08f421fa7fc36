"""Every input a workshop session stores, declared once: a player's, a facilitator's, the clock's.

The session store keeps each input with its kind (workshop.store); the state of a session is the
replay of its inputs (workshop.service), and the kinds a table applies at a tick of its own
(:data:`AT_TABLE`) go on to the table (workshop.table). Both dispatch on the kind through a table
of handlers, so a new facilitator action is a kind here, its handler in the service (and, if a
table applies it, in the table), its method and its page button.
"""

from __future__ import annotations

from enum import StrEnum


class Kind(StrEnum):
    JOIN = "join"              # a player joins with a display name
    SEAT = "seat"              # a player takes a desk (or the facilitator moves them there)
    OPEN = "open"              # the facilitator sets the seats of a table players may take themselves
    CITIZEN = "citizen"        # a player takes a citizen of the deck, before that citizen arrives
    ANSWER = "answer"          # a player's decision at a desk, or a citizen's choice
    START = "start"            # the facilitator starts the next round
    PAUSE = "pause"            # ... pauses every table (model time stands still)
    RESUME = "resume"
    TO_BOT = "to_bot"          # ... has the computer play a desk
    TO_PERSON = "to_person"    # ... gives it back to its players
    END = "end"                # ... ends a table's round
    EXTEND = "extend"          # ... adds working days to a table's round
    ERASE = "erase"            # ... erases the players' names
    CLOCK = "clock"            # how far each table got, now and then: a restart resumes there
    PASS = "pass"              # turn-based: a player lets the coming tick go without (more) answers
    TURN = "turn"              # turn-based: the tables that moved on a tick, and why (workshop.turns)


AT_TABLE = frozenset({Kind.ANSWER, Kind.CITIZEN, Kind.TO_BOT, Kind.TO_PERSON, Kind.END, Kind.EXTEND})
