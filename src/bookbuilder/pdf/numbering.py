"""Page numbers of a book laid out in parts: where each part's pages fall, and the
number each anchor prints, from the parts' page counts.

The body's pages are numbered from 1 on the first chapter's first page, blank pages
included (as the single layout's page counter does); the front matter has roman
folios of its own, so the body's numbers do not depend on it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

CHARACTERS_PER_PAGE = 2400  # of a chapter's HTML text, for a first guess at digit counts


@dataclass(frozen=True)
class Numbering:
    """The number each anchor prints, and where the numbered pages end."""

    numbers: dict[str, str]  # anchor -> the page number printed for it
    next_page: int  # the number of the page after the last part's

    def digits(self) -> dict[str, int]:
        return {anchor: len(number) for anchor, number in self.numbers.items()}


def number_pages(
    chapters: Sequence[tuple[str, Sequence[Sequence[str]]]], start: int = 1
) -> Numbering:
    """`chapters`: (name, each page's anchors), in order, numbered from `start`. Every
    page counts."""
    numbers: dict[str, str] = {}
    number = start
    for _name, pages in chapters:
        for anchors in pages:
            for anchor in anchors:
                numbers.setdefault(anchor, str(number))
            number += 1
    return Numbering(numbers, number)


class Guesses:
    """How many digits each anchor's number will have, guessed before the chapters are
    laid out and refined as each comes back: chapters laid out give exact numbers, and
    their pages per character of text the size of those still out."""

    def __init__(
        self,
        chapters: Sequence[tuple[str, int, Sequence[tuple[str, float]]]],
        last: Mapping[str, str],
        last_pages: Mapping[str, int] | None = None,
    ):
        """`chapters`: (name, length of its text, its anchors in order, each with the
        share of the text before it: an anchor is guessed that far into the chapter's
        pages), in book order;
        `last`: the last build's numbers, and `last_pages` its page count of each
        chapter: the best guesses where there are some (after an edit, every chapter but
        one usually keeps its pages; a guess from its length alone may be a page out,
        and move every number after it)."""
        self.chapters = list(chapters)
        self.last = last
        self.last_pages = last_pages or {}
        self.pages: dict[str, Sequence[Sequence[str]]] = {}  # name -> each page's anchors
        self.held: dict[str, set[str]] = {}  # name -> every anchor on its pages
        self.lengths = {name: length for name, length, _ in self.chapters}
        self.pages_known = self.characters_known = 0  # of the chapters laid out, in all

    def learn(self, name: str, pages: Sequence[Sequence[str]]) -> None:
        if name in self.lengths:
            before = self.pages.get(name)
            self.pages_known += len(pages) - (len(before) if before is not None else 0)
            self.characters_known += self.lengths[name] if before is None else 0
        self.pages[name] = pages
        self.held[name] = {anchor for page in pages for anchor in page}

    def settled(self, anchors: Sequence[str]) -> bool:
        """Whether the guessed widths of `anchors` stay the same if every chapter still
        out is a third shorter, or a third and two pages longer, than guessed: a part
        that prints them can then be laid out before those chapters come back, with
        little risk of laying it out again."""
        guess = self.digits(anchors)
        return self.digits(anchors, 0.7) == guess == self.digits(anchors, 1.3, 2)

    def digits(self, anchors: Sequence[str], scale: float = 1, extra: int = 0) -> dict[str, int]:
        """`scale` and `extra`: applied to the size guessed for each chapter still out."""
        wanted = set(anchors)
        found: dict[str, int] = {}
        characters = self.characters_known
        per_character = self.pages_known / characters if characters else 0
        per_character = per_character or 1 / CHARACTERS_PER_PAGE
        number = 1
        for name, length, own in self.chapters:
            if len(found) == len(wanted):  # the chapters after the last wanted: no matter
                break
            if name in self.pages:
                pages = self.pages[name]
                if not wanted.isdisjoint(self.held[name]):  # the first page it is on
                    for offset, page in enumerate(pages):
                        for anchor in wanted.intersection(page).difference(found):
                            found[anchor] = len(str(number + offset))
                number += len(pages)
                continue
            size = self.last_pages.get(name) or _estimate(length * per_character * scale) + extra
            for anchor, place in own:
                if anchor in wanted:
                    guess = self.last.get(anchor) or str(number + int(place * size))
                    found[anchor] = len(guess)
            number += size
        return found


def _estimate(pages: float) -> int:
    size = max(1, round(pages))
    return size + size % 2  # a chapter ends on a verso: a blank page rounds it up


def placeholders(anchors: Sequence[str], digits: Mapping[str, int]) -> dict[str, str]:
    """Numbers of the right width for a chapter laid out before its numbers are known:
    zeros, so that the layout (and its cache key) depends on the widths alone."""
    return {anchor: "0" * digits.get(anchor, 1) for anchor in anchors}


def label_pages(front_pages: int, title_page: int, body_pages: int) -> tuple[str, ...]:
    """Each page's label: "Cover 1", "Cover 2" before the title page, roman numerals from
    it, arabic from the first chapter (as pdf/layout.page_labels names them)."""
    front = [
        f"Cover {i + 1}" if i < title_page else roman(i - title_page + 1)
        for i in range(front_pages)
    ]
    return (*front, *(str(n) for n in range(1, body_pages + 1)))


def roman(number: int) -> str:
    numerals = [
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ]
    result = ""
    for value, numeral in numerals:
        while number >= value:
            result += numeral
            number -= value
    return result


def label_ranges(
    labels: tuple[str, ...], cover: str
) -> list[tuple[int, str, str | None, int | None]]:
    """The page label ranges of `labels` (as `label_pages` makes them):
    (first page, style, prefix, first number) for the covers ("Cover 1", in the
    book's language: `cover`), the roman front matter and the arabic body."""
    title_page = next((i for i, label in enumerate(labels) if not label.startswith("Cover")), 0)
    first_body = next((i for i, label in enumerate(labels) if label.isdigit()), 0)
    ranges: list[tuple[int, str, str | None, int | None]] = []
    if title_page:
        ranges.append((0, "/D", cover + " ", 1))
    if first_body > title_page:
        ranges.append((title_page, "/r", None, None))
    ranges.append((first_body, "/D", None, 1))
    return ranges
