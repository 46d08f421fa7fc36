"""The assumptions of a scenario with their sources, read from the file's own comments.

A scenario file says where each number comes from in a comment on its line (a legal term, a
figure from the field, or "assumption"). A business case for a management team lists them:
here they are read back from the text as written (the parsed scenario has no comments).
"""

from __future__ import annotations

import re

SECTIONS = ("costs", "channels", "parameters", "arrivals", "clock")
_LINE = re.compile(r"^(?P<indent>\s*)(?P<key>[a-z_]+):\s*(?P<value>[^#\n]*?)\s*(?:#\s*(?P<note>.*))?$")


def assumptions(text: str, sections: tuple[str, ...] = SECTIONS) -> list[dict]:
    """Per key of the given top-level sections: section, key, value as written, and the comment
    on its line ("" when the file gives none)."""
    out, section = [], None
    for line in text.splitlines():
        match = _LINE.match(line)
        if not match:
            continue
        if not match["indent"]:
            section = match["key"] if match["key"] in sections else None
            if section and match["value"]:          # an inline mapping: {a: 1, b: 2}
                out.append({"section": section, "key": section, "value": match["value"], "note": match["note"] or ""})
            continue
        if section and match["value"]:
            out.append({"section": section, "key": match["key"], "value": match["value"],
                        "note": match["note"] or ""})
    return out
