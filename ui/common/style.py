"""How the pages look beyond Streamlit's theme (issue 20): captions dark enough to read on every
page, a compact phone page for players, and the projector as a bare board that fits its screen.

Each function injects one <style> block (st.html with only styles takes no room on the page);
the selectors are Streamlit's own data-testid attributes of version 1.67.
"""

from __future__ import annotations

import streamlit as st

# Streamlit draws captions (st.caption, an image's caption) in its text colour at opacity 0.6,
# #828180 on white: 3.9:1, below the 4.5:1 of WCAG 2.1 AA (axe: color-contrast). #5e5d5a is 6.5:1.
_READABLE = """
[data-testid=stCaptionContainer], [data-testid=stCaptionContainer] *,
[data-testid=stImageCaption], [data-testid=stImageCaption] *,
[data-testid=stWidgetLabel] [data-testid=stCaptionContainer] {color:#5e5d5a !important; opacity:1 !important}
"""

# A live page redraws itself every two seconds; Streamlit fades what a rerun has not redrawn yet
# ([data-stale=true], opacity 0.33 after a moment): on a live page that is a blinking board
# whose text fails contrast half the time. It stays as it is until the new draw arrives.
_STEADY = """
[data-stale=true] {opacity:1 !important; transition:none !important}
"""

# A phone shows the story and the buttons at once: less air above and between the blocks.
_COMPACT = _STEADY + """
[data-testid=stMainBlockContainer] {padding-top:3.6rem; padding-bottom:3rem}
@media (max-width: 640px) {
  [data-testid=stMainBlockContainer] {padding-left:0.75rem; padding-right:0.75rem}
  [data-testid=stMain] [data-testid=stVerticalBlock] {gap:0.55rem}
  [data-testid=stMain] h3 {padding:0.25rem 0; font-size:1.25rem; line-height:1.3}
  [data-testid=stMain] [class*=st-key-question_] [data-testid=stHorizontalBlock] {row-gap:0.4rem}
}
"""

# The projector: no menu, header, sidebar, page links or footer, and everything in the viewport.
_BARE = _STEADY + """
[data-testid=stSidebar], [data-testid=stSidebarCollapsedControl], [data-testid=stSidebarNav],
[data-testid=stHeader], [data-testid=stToolbar], [data-testid=stMainMenu], [data-testid=stDecoration],
[data-testid=stStatusWidget], [data-testid=stBottom], footer {display:none !important}
[data-testid=stMainBlockContainer] {padding:2vh 2.5vw 0 2.5vw; max-width:100%}
[data-testid=stMain] [data-testid=stVerticalBlock] {gap:1.2vh}
[data-testid=stMain] h2 {font-size:max(1.3rem, 3.4vh); padding:0.5vh 0; line-height:1.15}
[data-testid=stMain] h3 {font-size:max(1.1rem, 2.8vh); padding:0; line-height:1.2}
[data-testid=stCaptionContainer] p {font-size:max(0.9rem, 1.8vh) !important; line-height:1.3}
.kastje-big {font-size:min(6.5vw, 10vh) !important}
[data-testid=stMain] [data-testid=stMetricValue], [data-testid=stMain] [data-testid=stMetricValue] p {
  font-size:max(2rem, 5.4vh) !important; line-height:1.1 !important}
[data-testid=stMain] [data-testid=stMetricLabel], [data-testid=stMain] [data-testid=stMetricLabel] p {
  font-size:max(1rem, 2.1vh) !important; line-height:1.2 !important; height:auto !important; min-height:0 !important}
[data-testid=stMain] [data-testid=stImage] img {max-height:37vh; width:auto !important; object-fit:contain;
  margin:0 auto}
[data-testid=stMain] [data-testid=stElementToolbar], [data-testid=StyledFullScreenButton] {display:none}
body, [data-testid=stMain] {color:#111; background:#fff}
"""


def _style(css: str) -> None:
    st.html(f"<style>{css}</style>")


def readable() -> None:
    """Every page: captions with enough contrast."""
    _style(_READABLE)


def compact() -> None:
    """A player's page: the seat line, the story and the actions within a phone's screen."""
    _style(_COMPACT)


def bare() -> None:
    """The projector: Streamlit's chrome hidden, type sized to the screen (vh), nothing scrolls."""
    _style(_BARE)
