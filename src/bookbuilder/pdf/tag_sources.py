"""Which HTML element each structure element of WeasyPrint's tag tree comes from.

WeasyPrint tags a PDF page by page: an element that runs over three pages becomes three
structure elements, and the running heads become elements that nothing points to. The
remediation stage (`pdf/remediate.py`) can only join the pieces again and mark the page
furniture as artifacts if it knows where each piece came from. So, while WeasyPrint
builds its tree, every element it makes is stamped with its source: the HTML element
(a number per element), the box's tag (`a::after` is not `a`), its class and role, and
whether it sits in a page-margin box. The remediation stage reads the stamps and then
removes them.

This wraps one private function of WeasyPrint (`weasyprint.pdf.tags._build_box_tree`),
which calls itself through the module, so the wrapper sees every box. It records and
changes nothing else; `tests/test_tagged_pdf.py` fails if WeasyPrint renames it.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

import pydyf
from weasyprint.formatting_structure import boxes
from weasyprint.layout.absolute import AbsolutePlaceholder
from weasyprint.pdf import tags as weasyprint_tags

from bookbuilder.pdf.structure import SOURCE_KEY

_lock = threading.Lock()


@contextmanager
def recording_tag_sources() -> Iterator[None]:
    """While active, WeasyPrint's structure elements carry a /BookbuilderSource stamp."""
    original = weasyprint_tags._build_box_tree
    numbers: dict[int, int] = {}
    alive: list[object] = []  # keeps elements alive, so that no id() is reused
    margin: list[str] = []

    def number_of(element: object) -> int:
        if id(element) not in numbers:
            numbers[id(element)] = len(numbers) + 1
            alive.append(element)
        return numbers[id(element)]

    def build(box, parent, pdf, page_number, nums, annotations, tags):
        source = box._box if isinstance(box, AbsolutePlaceholder) else box
        in_margin = isinstance(source, boxes.MarginBox)
        if in_margin:
            margin.append("Header" if source.at_keyword.startswith("@top") else "Footer")
        try:
            for element in original(box, parent, pdf, page_number, nums, annotations, tags):
                if SOURCE_KEY not in element:
                    element[SOURCE_KEY] = _stamp(source, number_of, margin)
                yield element
        finally:
            if in_margin:
                margin.pop()

    with _lock:
        weasyprint_tags._build_box_tree = build
        try:
            yield
        finally:
            weasyprint_tags._build_box_tree = original


def _stamp(box, number_of, margin: list[str]) -> pydyf.Dictionary:
    html = box.element
    stamp = pydyf.Dictionary({"Tag": pydyf.String(box.element_tag or "")})
    if html is not None:
        stamp["Element"] = number_of(html)
        for attribute in ("class", "role", "scope", "id"):
            if value := html.get(attribute):
                stamp[attribute.capitalize()] = pydyf.String(value)
        if (slot := html.get("data-slot")) is not None:  # a number a merge writes (merge.py)
            stamp["Slot"] = int(slot)
    if margin:
        stamp["Margin"] = "/" + margin[-1]
    return stamp
