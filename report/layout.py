"""Pages that flow: headings, wrapped text, tables that grow with their text and go on on a next
page, and pictures — measured in points with the font's own widths, so no word leaves its cell
or the page and no block is drawn over another (tests/test_pdfs.py reads the PDFs back to check).

Every PDF of kastje is drawn through a ``Flow``: the management report, the business case and
the workshop handout's pages of text. Coordinates are points from the top-left of the page.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import lru_cache

import matplotlib.pyplot as plt
from matplotlib.font_manager import FontProperties
from matplotlib.patches import Rectangle
from matplotlib.textpath import text_to_path

A4 = (8.27, 11.69)                 # inches, portrait
A4_LANDSCAPE = (11.69, 8.27)
ASCENT, LEADING = 0.93, 1.3        # DejaVu Sans: ascent of a line, and the line height, per point of font size
PAD = 3.0                          # points between a cell's edge and its text
PDF_FONTS = {"pdf.fonttype": 42}   # TrueType in the PDF: text that can be searched, copied and read back


@lru_cache(maxsize=65536)
def width(text: str, size: float, bold: bool = False) -> float:
    """The width of ``text`` in points at ``size``, by the font's metrics."""
    if not text:
        return 0.0
    prop = FontProperties(size=size, weight="bold" if bold else "normal")
    return text_to_path.get_text_width_height_descent(text.replace("$", "S"), prop, ismath=False)[0]


def wrap(text: str, room: float, size: float, bold: bool = False) -> list[str]:
    """``text`` broken into lines no wider than ``room`` points (a word wider than that is cut).
    A line is measured as its words plus spaces, each measured once, with 2% to spare for kerning."""
    room *= 0.98
    space = width("a a", size, bold) - 2 * width("a", size, bold)
    lines: list[str] = []
    for paragraph in str(text).split("\n"):
        line, used = "", 0.0
        for word in _words(paragraph):
            w = width(word, size, bold)
            if line and used + space + w <= room:
                line, used = f"{line} {word}", used + space + w
                continue
            if line:
                lines.append(line)
            while w > room and len(word) > 1:                      # a very long word: cut it
                cut = len(word)
                while cut > 1 and width(word[:cut], size, bold) > room:
                    cut -= 1
                lines.append(word[:cut])
                word = word[cut:]
                w = width(word, size, bold)
            line, used = word, w
        lines.append(line)
    return lines


def _words(paragraph: str) -> list[str]:
    """The words of a paragraph, a lone sign kept with the amount after it ('€ 80', '+€ 5')."""
    words: list[str] = []
    for word in paragraph.split(" "):
        if words and words[-1] in BOUND:
            words[-1] += " " + word
        else:
            words.append(word)
    return words


BOUND = {"€", "+€", "-€", "−€", "[€", "[+€", "[-€", "[−€"}


@dataclass
class Cell:
    text: str
    bold: bool = False
    color: str = "black"


class Flow:
    """A document of pages of one size, filled from the top down."""

    def __init__(self, pdf, size: tuple[float, float] = A4, margin: float = 36.0):
        self.pdf, self.size, self.margin = pdf, size, margin
        self.w, self.h = size[0] * 72, size[1] * 72
        self.fig = None
        self.y = 0.0
        self.pages = 0
        self.new_page()

    # -- pages ---------------------------------------------------------------------------------
    def new_page(self) -> None:
        self._finish()
        self.fig = plt.figure(figsize=self.size)
        self.y = self.margin
        self.pages += 1

    def _finish(self) -> None:
        if self.fig is not None:
            self.pdf.savefig(self.fig)
            plt.close(self.fig)
            self.fig = None

    def close(self) -> None:
        self._finish()

    @property
    def room(self) -> float:
        """Points left on this page."""
        return self.h - self.margin - self.y

    @property
    def inner(self) -> float:
        return self.w - 2 * self.margin

    def need(self, points: float) -> None:
        """Go on on a new page unless ``points`` still fit on this one."""
        if points > self.room and self.y > self.margin:
            self.new_page()

    def space(self, points: float) -> None:
        self.y += points

    # -- drawing -------------------------------------------------------------------------------
    def _line(self, x: float, top: float, text: str, size: float, bold: bool = False, color: str = "black") -> None:
        """One line whose box starts ``top`` points from the top of the page, at ``x``."""
        base = top + ASCENT * size
        self.fig.text(x / self.w, 1 - base / self.h, text, fontsize=size, va="baseline", ha="left",
                      weight="bold" if bold else "normal", color=color, usetex=False, parse_math=False)

    def text(self, text: str, size: float = 8.5, bold: bool = False, color: str = "black",
             x: float | None = None, room: float | None = None, after: float = 4.0) -> None:
        """A paragraph, wrapped to the page (or to ``room`` points from ``x``); a paragraph that
        does not fit on what is left of a page goes on on the next."""
        x = self.margin if x is None else x
        lines = wrap(text, room or self.inner, size, bold)
        for line in lines:
            self.need(LEADING * size)
            self._line(x, self.y, line, size, bold, color)
            self.y += LEADING * size
        self.y += after

    def heading(self, text: str, size: float = 13.0) -> None:
        self.need(LEADING * size * 3)        # a heading stays with what follows it
        self.text(text, size, bold=True, after=4.0)

    def table(self, header: list, rows: list[list], widths: list[float], size: float = 7.5,
              x: float | None = None, room: float | None = None, after: float = 8.0) -> float:
        """A table with a header row, columns ``widths`` (shares of the room), each cell wrapped to
        its column; rows that do not fit go on on the next page under the header again. Returns
        the height drawn on the last page."""
        x = self.margin if x is None else x
        room = room or self.inner
        cols = [room * share / sum(widths) for share in widths]
        as_cell = lambda c: c if isinstance(c, Cell) else Cell(str(c))
        head = [Cell(as_cell(c).text, True) for c in header]
        body = [[as_cell(c) for c in row] for row in rows]
        laid = lambda row: [wrap(c.text, col - 2 * PAD, size, c.bold) for c, col in zip(row, cols)]
        height = lambda lines: max(len(cell) for cell in lines) * LEADING * size + 2 * PAD
        head_lines = laid(head)
        start = self.y
        self.need(height(head_lines) + (height(laid(body[0])) if body else 0))
        start = self.y
        self._row(x, cols, head, head_lines, size, height(head_lines), fill="#eeeeee")
        for row in body:
            lines = laid(row)
            if height(lines) > self.room:
                self.new_page()
                start = self.y
                self._row(x, cols, head, head_lines, size, height(head_lines), fill="#eeeeee")
            self._row(x, cols, row, lines, size, height(lines))
        drawn = self.y - start
        self.y += after
        return drawn

    def _row(self, x: float, cols: list[float], cells: list[Cell], lines: list[list[str]], size: float,
             tall: float, fill: str | None = None) -> None:
        left = x
        for cell, col, cell_lines in zip(cells, cols, lines):
            self.fig.add_artist(Rectangle((left / self.w, 1 - (self.y + tall) / self.h), col / self.w, tall / self.h,
                                          transform=self.fig.transFigure, fill=fill is not None,
                                          facecolor=fill or "none", edgecolor="#888888", linewidth=0.5))
            for i, line in enumerate(cell_lines):
                self._line(left + PAD, self.y + PAD + i * LEADING * size, line, size, cell.bold, cell.color)
            left += col
        self.y += tall

    def picture(self, fig_or_png, height: float, x: float | None = None, room: float | None = None,
                after: float = 6.0) -> None:
        """A chart (a matplotlib figure, closed here, or PNG bytes) in a box ``height`` points tall."""
        from report import charts
        x = self.margin if x is None else x
        room = room or self.inner
        png = fig_or_png if isinstance(fig_or_png, bytes) else charts.png(fig_or_png)
        if not isinstance(fig_or_png, bytes):
            plt.close(fig_or_png)
        image = plt.imread(io.BytesIO(png), format="png")
        ratio = image.shape[1] / image.shape[0]
        w, h = min(room, height * ratio), min(height, room / ratio)
        self.need(h)
        ax = self.fig.add_axes([(x + (room - w) / 2) / self.w, 1 - (self.y + h) / self.h, w / self.w, h / self.h])
        ax.imshow(image)
        ax.axis("off")
        self.y += h + after
