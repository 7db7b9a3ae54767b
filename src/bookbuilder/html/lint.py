"""Checks on a chapter's rendered XHTML that change nothing: what a reader would stumble
over (an image with no description, a table too wide to read, a link to nowhere)."""

from __future__ import annotations

import re

from lxml import html as lxml_html

from bookbuilder.diagnostics import Report
from bookbuilder.html.references import Place
from bookbuilder.model import HEADINGS

MAX_READABLE_COLUMNS = 12
_DELIMITER_ROW = re.compile(r"^[ ]{0,3}\|?[ \t]*:?-+:?[ \t]*(\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")


def lint_chapter(fragment: lxml_html.HtmlElement, place: Place, report: Report) -> None:
    check_image_alt(fragment, place, report)
    check_tables(fragment, place, report)
    check_local_links(fragment, place, report)
    check_heading_levels(fragment, place, report)


def check_heading_levels(fragment: lxml_html.HtmlElement, place: Place, report: Report) -> None:
    """A heading more than one level below the one before it ("##" then "####"): the
    contents, the PDF's tags and screen readers' heading lists lose the level between.
    The chapter title is the level above the first heading."""
    previous = 1
    for heading in fragment.iter(*HEADINGS):
        level = int(heading.tag[1])
        if level > previous + 1:
            text = " ".join(heading.text_content().split())
            words = re.escape(text.split()[0]) if text else ""
            line, col = place.locator.locate_pattern(rf"^[ ]{{0,3}}#{{1,6}}[ \t]+{words}")
            report.warning(
                "heading-skip",
                place.path,
                line,
                f"heading '{text}' is {level - previous} levels below the heading before "
                "it; make it one level below that one",
                col,
            )
        previous = level


def check_image_alt(fragment: lxml_html.HtmlElement, place: Place, report: Report) -> None:
    for image in fragment.iter("img"):
        if not image.get("alt", "").strip():
            src = image.get("src", "")
            line, col = place.of(image, src or "<img")
            report.error(
                "image-alt",
                place.path,
                line,
                f"image '{src}' has no alt text: describe it for readers who cannot see it",
                col,
            )


def check_tables(fragment: lxml_html.HtmlElement, place: Place, report: Report) -> None:
    header_rows = iter(_markdown_table_positions(place))
    for table in fragment.iter("table"):
        # A Markdown table (it always has a header row) is the next one written; any
        # other table is raw HTML, found by its tag.
        position = next(header_rows, None) if table.find(".//th") is not None else None
        line, col = position or place.locate("<table")
        columns = max(
            (len(row.findall("th")) + len(row.findall("td")) for row in table.iter("tr")),
            default=0,
        )
        if table.find(".//th") is None:
            report.warning(
                "table-no-header",
                place.path,
                line,
                "a table has no header cells, so screen readers cannot say what its "
                'cells mean: give it a header row, or <th scope="row"> labels',
                col,
            )
        if columns > MAX_READABLE_COLUMNS:
            report.warning(
                "table-wide",
                place.path,
                line,
                f"a table with {columns} columns cannot be read on a page "
                f"or a phone; split it (at most {MAX_READABLE_COLUMNS})",
                col,
            )


def _markdown_table_positions(place: Place) -> list[tuple[int, int]]:
    """The header row of each Markdown table: the line above each delimiter row."""
    lines = place.body.split("\n")
    return [
        (place.body_line + index - 1, 1)
        for index, text in enumerate(lines)
        if index > 0 and "-" in text and "|" in lines[index - 1] and _DELIMITER_ROW.match(text)
    ]


def check_local_links(fragment: lxml_html.HtmlElement, place: Place, report: Report) -> None:
    ids = {element.get("id") for element in fragment.iter() if element.get("id")}
    prefix = f"{place.slug}--"
    for link in fragment.iter("a"):
        href = link.get("href", "")
        if (
            href.startswith(f"#{prefix}")
            and href[1:] not in ids
            and "xref" not in (link.get("class") or "").split()
        ):
            written = href[1 + len(prefix) :]
            line, col = place.of(link, f"(#{written}")
            report.error(
                "link-anchor",
                place.path,
                line,
                f"link '#{written}' names no heading or anchor in this chapter",
                col,
            )
