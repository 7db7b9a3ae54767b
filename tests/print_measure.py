"""Typographic measures read off a real PDF with pdfplumber: lines of text with their size,
position and page; full lines of body text; headings; footnote calls and notes; how
full a page is. What a designer checks with a ruler, as numbers a test can assert on."""

from __future__ import annotations

import collections
import itertools
import re
import statistics
from dataclasses import dataclass
from pathlib import Path

import pdfplumber

HYPHEN = "\u2010"  # the character WeasyPrint adds when it hyphenates a word


@dataclass(frozen=True)
class Line:
    page: int
    top: float
    bottom: float
    x0: float
    x1: float
    size: float
    bold: bool
    text: str
    widest_gap: float  # between two words: wide in a table row, a word space in text

    @property
    def words(self) -> list[str]:
        return self.text.split()


@dataclass(frozen=True)
class PageText:
    lines: tuple[Line, ...]
    width: float
    height: float


def read_lines(path: Path) -> list[PageText]:
    """Every page's lines, top to bottom: words grouped by baseline and size."""
    pages = []
    with pdfplumber.open(path) as pdf:
        for number, page in enumerate(pdf.pages):
            words = page.extract_words(extra_attrs=["size", "fontname"], use_text_flow=True)
            rows: dict[tuple, list] = collections.defaultdict(list)
            for word in words:
                rows[(round(word["bottom"]), round(word["size"], 1))].append(word)
            lines = []
            for (_, size), row in sorted(rows.items()):
                row.sort(key=lambda w: w["x0"])
                lines.append(
                    Line(
                        page=number,
                        top=min(w["top"] for w in row),
                        bottom=max(w["bottom"] for w in row),
                        x0=row[0]["x0"],
                        x1=row[-1]["x1"],
                        size=size,
                        bold=all("Bold" in w["fontname"] for w in row),
                        text=" ".join(w["text"] for w in row),
                        widest_gap=max(
                            (b["x0"] - a["x1"] for a, b in itertools.pairwise(row)), default=0.0
                        ),
                    )
                )
            pages.append(PageText(tuple(lines), float(page.width), float(page.height)))
    return pages


def all_lines(pages: list[PageText]) -> list[Line]:
    return [line for page in pages for line in page.lines]


def body_size(pages: list[PageText]) -> float:
    """The size most lines are set in: the body text's."""
    return collections.Counter(line.size for line in all_lines(pages)).most_common(1)[0][0]


def leading(lines: list[Line]) -> float:
    """The usual distance between the baselines of two lines of one paragraph."""
    gaps = collections.Counter(
        round(b.bottom - a.bottom, 1) for a, b in itertools.pairwise(lines) if a.page == b.page
    )
    return gaps.most_common(1)[0][0]


def paragraph_pairs(pages: list[PageText]) -> list[tuple[Line, Line]]:
    """(line, next line) of body text where both belong to one paragraph: same page, same
    size, the usual leading, and the same left edge."""
    size = body_size(pages)
    body = [
        line
        for line in all_lines(pages)
        if line.size == size and not line.bold and line.widest_gap < size  # not a table row
    ]
    lead = leading(body)
    return [
        (a, b)
        for a, b in itertools.pairwise(body)
        if a.page == b.page and abs(b.bottom - a.bottom - lead) < 0.6 and abs(a.x0 - b.x0) < 1
    ]


def full_lines(pages: list[PageText]) -> list[Line]:
    """Lines of running text that are not a paragraph's last, starting at the text
    block's left edge (not in a list, a box or a table): where the measure shows."""
    pairs = paragraph_pairs(pages)
    edges = collections.defaultdict(collections.Counter)  # left and right-hand pages
    for line, _ in pairs:
        edges[line.page % 2][round(line.x0)] += 1
    # The text block's left edge: the leftmost place where several lines start (lists,
    # boxes and tables start further in).
    left = {
        side: min((x for x, n in counts.items() if n >= 3), default=min(counts))
        for side, counts in edges.items()
    }
    return [
        line
        for line, _ in pairs
        if abs(line.x0 - left[line.page % 2]) < 1.5 and not line.text.endswith(("-", HYPHEN))
    ]


def characters_per_line(pages: list[PageText]) -> list[int]:
    return [len(line.text) for line in full_lines(pages)]


def summary(counts: list[int]) -> str:
    return (
        f"{len(counts)} full lines, {min(counts)}-{max(counts)} characters, median "
        f"{statistics.median(counts)}"
    )


def runts(pages: list[PageText], longest: int = 4) -> list[Line]:
    """Lines of a paragraph (after its first) that hold one word of `longest` letters or
    fewer: a runt at its end, or a word stranded in its middle."""
    return [
        b
        for _, b in paragraph_pairs(pages)
        if len(b.words) == 1 and len(re.sub(r"\W", "", b.words[0])) <= longest
    ]


def fill(page: PageText, top: float, bottom: float) -> float:
    """How much of the text area (from `top` to `bottom`) the page's text fills, leaving out
    the folio line at the foot."""
    text = [line for line in page.lines if top - 2 <= line.top and line.bottom <= bottom + 2]
    if not text:
        return 0.0
    return (max(line.bottom for line in text) - top) / (bottom - top)
