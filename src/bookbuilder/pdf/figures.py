"""Figures that fit the page they are on: an image too tall for the space left on its page
moves to the next page and leaves a hole. When the hole would be more than a third of
the page, the image is scaled down (to no less than 60 %) to fit it instead.

WeasyPrint cannot do this alone; the layout is read back (its box tree: WeasyPrint has no
public API for boxes), the images to shrink are given a height, and the book is laid out
again, at most twice, and only when a figure needs it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from itertools import pairwise

import weasyprint
from weasyprint.formatting_structure import boxes

HOLE = 1 / 3  # of the page's text area: a bigger hole is not left
SMALLEST = 0.6  # of the image's height: no figure is shrunk further
ROUNDS = 2


def fit_figures(render: Callable[[str], weasyprint.Document]) -> weasyprint.Document:
    """`render(extra_css)` laid out until no figure leaves a hole it could fill."""
    heights: dict[str, float] = {}
    document = render("")
    for _ in range(ROUNDS):
        shrink = dict(_figures_to_shrink(document))
        shrink = {mark: height for mark, height in shrink.items() if mark not in heights}
        if not shrink:
            break
        heights |= shrink
        document = render(figure_css(heights))
    return document


def figure_css(heights: dict[str, float]) -> str:
    """Rules giving each figure's image (by the figure's id or block mark) its height."""
    rules = []
    for mark, height in sorted(heights.items()):
        for selector in (f'[id="{mark}"] img', f'[data-block="{mark}"] img'):
            rules.append(f"{selector} {{ height: {height:.2f}px; width: auto; }}")
    return "\n".join(rules)


def _figures_to_shrink(document: weasyprint.Document) -> Iterator[tuple[str, float]]:
    """(mark, new image height in px) of each figure that opens a page and would fit,
    scaled to no less than SMALLEST, in the hole it left at the foot of the page before."""
    pages = document.pages
    for before, page in pairwise(pages):
        page_box, previous = page._page_box, before._page_box
        figure = _first_figure(page_box)
        if figure is None:
            continue
        image = next((b for b in figure.descendants() if isinstance(b, boxes.ReplacedBox)), None)
        mark = figure.element.get("id") or figure.element.get("data-block")
        if image is None or not mark:
            continue
        area = previous.height  # the page area's content height
        hole = previous.content_box_y() + area - _bottom_of_content(previous)
        if hole <= area * HOLE:
            continue
        needed = figure.margin_height() - hole
        height = image.height - needed - 2  # 2 px to spare against rounding
        if height >= image.height * SMALLEST:
            yield mark, height


def _flow(page_box) -> Iterator:
    """The page's in-flow boxes: not its margin boxes, not its footnote area."""
    for child in page_box.children:
        if not isinstance(child, boxes.MarginBox | boxes.FootnoteAreaBox):
            yield child


def _first_figure(page_box):
    """The figure (a <figure>, or a paragraph holding only an image) the page opens with:
    its first line or image is the figure's."""
    figure = None
    for root in _flow(page_box):
        for box in root.descendants():
            if isinstance(box, boxes.BlockBox) and _is_figure(getattr(box, "element", None)):
                figure = figure or box
            if isinstance(box, boxes.LineBox | boxes.ReplacedBox):
                return figure
    return None


def _is_figure(element) -> bool:
    if element is None or not isinstance(element.tag, str):
        return False
    if element.tag == "figure":
        return True
    return (
        element.tag == "p"
        and len(element) == 1
        and element[0].tag == "img"
        and not (element.text or "").strip()
        and not (element[0].tail or "").strip()
    )


def _bottom_of_content(page_box) -> float:
    """Where the page's text ends: the bottom of its last line or image."""
    bottom = page_box.content_box_y()
    for root in _flow(page_box):
        for box in root.descendants():
            if isinstance(box, boxes.LineBox | boxes.ReplacedBox):
                bottom = max(bottom, box.position_y + box.margin_height())
    return bottom
