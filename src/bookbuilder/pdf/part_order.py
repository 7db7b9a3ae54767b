"""Which part to lay out next: in reading order, so that each part's numbers are guessed
from the parts before it, but not at the price of a core left idle at the end."""

from __future__ import annotations

from bookbuilder.pdf.numbering import Guesses
from bookbuilder.pdf.parts import Part

ELEMENT_COST = 50  # characters of text that take as long to lay out as one element


def layout_cost(part: Part) -> int:
    """How long `part` takes to lay out, in the characters and elements of its HTML."""
    return len(part.body) + ELEMENT_COST * part.body.count("<")


def next_part(
    waiting: list[Part], costs: dict[str, int], guesses: Guesses, workers: int, busy: bool
) -> int | None:
    """The index of the part to lay out next, or None to wait for a part being laid out.

    The first waiting goes, unless a later one is so long that, waiting its turn, it
    would be the last to finish, with the other cores idle meanwhile (the back, with a
    page list for every use of every glossary term). It goes first if the widths of the
    numbers it prints are sure already (`settled`). At the end, a part whose widths are
    not sure waits for the parts being laid out (`busy`) to make them sure: a core idle
    for a moment costs less than a part laid out twice. `costs`: each part's layout
    time, in the characters and elements of its HTML."""
    left = sum(costs[part.name] for part in waiting)
    for index, part in enumerate(waiting):
        if costs[part.name] * workers >= left and guesses.settled(part.numbers_of):
            return index
    if busy and len(waiting) <= workers and not guesses.settled(waiting[0].numbers_of):
        return None
    return 0
