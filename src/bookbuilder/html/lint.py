"""Checks on a chapter's rendered XHTML that change nothing: what a reader would stumble
over (an image with no description, a table too wide to read, a link to nowhere)."""

from __future__ import annotations

from lxml import html as lxml_html

from bookbuilder.diagnostics import Report
from bookbuilder.html.references import Place

MAX_READABLE_COLUMNS = 12


def lint_chapter(fragment: lxml_html.HtmlElement, place: Place, report: Report) -> None:
    check_image_alt(fragment, place, report)
    check_tables(fragment, place, report)
    check_local_links(fragment, place, report)


def check_image_alt(fragment: lxml_html.HtmlElement, place: Place, report: Report) -> None:
    for image in fragment.iter("img"):
        if not image.get("alt", "").strip():
            src = image.get("src", "")
            report.error(
                "image-alt",
                place.path,
                place.line(src) if src else place.body_line,
                f"image '{src}' has no alt text: describe it for readers who cannot see it",
            )


def check_tables(fragment: lxml_html.HtmlElement, place: Place, report: Report) -> None:
    for table in fragment.iter("table"):
        columns = max(
            (len(row.findall("th")) + len(row.findall("td")) for row in table.iter("tr")),
            default=0,
        )
        if columns > MAX_READABLE_COLUMNS:
            report.warning(
                "table-wide",
                place.path,
                place.line("|"),
                f"a table with {columns} columns cannot be read on a page "
                f"or a phone; split it (at most {MAX_READABLE_COLUMNS})",
            )


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
            report.error(
                "link-anchor",
                place.path,
                place.line(f"(#{written}"),
                f"link '#{written}' names no heading or anchor in this chapter",
            )
