"""Saddle-stitch imposition: the A5 book two pages to a side of an A4 landscape sheet (a
Letter book's half-Letter pages on Letter).

Printed double-sided (flip on the short edge), folded and stapled, the sheets read in
order. Blank pages pad the book to a multiple of four at the end, before the back cover
when there is one, so that the back cover is the booklet's last page.
"""

from __future__ import annotations

import io
from collections.abc import Callable

from pypdf import PageObject, PdfReader, PdfWriter, Transformation
from pypdf.generic import (
    BooleanObject,
    DictionaryObject,
    NameObject,
    StreamObject,
    TextStringObject,
)

from bookbuilder import theme
from bookbuilder.model import Book
from bookbuilder.output import output_path
from bookbuilder.pdf.geometry import booklet_page_size
from bookbuilder.pdf.print_layout import PrintLayout
from bookbuilder.pdf.write import render_pdf
from bookbuilder.text import xml_escape

A4_LANDSCAPE = (841.89, 595.28)  # points
LETTER_LANDSCAPE = (792.0, 612.0)


def render_booklet(
    book: Book, main_layout: Callable[[], PrintLayout], lay_out: Callable[..., PrintLayout]
) -> bytes:
    """The book's booklet: its half-sheet edition (A5, or half-Letter for a Letter book),
    with a back cover when the book has covers, imposed. An A5 book without covers is
    its own half-sheet edition: `main_layout` is reused rather than laid out again;
    `lay_out(book, **options)` lays out the half-sheet edition otherwise."""
    config = book.config
    half_size = booklet_page_size(config.page_size)
    if half_size == config.page_size and not config.print_cover:
        half = main_layout()
    else:
        half = lay_out(book, page_size=half_size, booklet=True)
    return impose(
        render_pdf(half, book),
        back_cover=config.print_cover,
        language=config.language,
        accessible_edition=output_path(config, "pdf").name,
        right_to_left=theme.text_direction(config) == "rtl",
    )


def sheet_sides(
    page_count: int, *, back_cover: bool = False
) -> list[tuple[int | None, int | None]]:
    """(left, right) page numbers (1-based; None for a blank) of each sheet side in print
    order: sheet 1 front, sheet 1 back, sheet 2 front, … With `back_cover`, the last page
    stays last and the blanks go before it."""
    total = -(-page_count // 4) * 4

    def page(number: int) -> int | None:
        if back_cover and number == total:
            return page_count
        limit = page_count - 1 if back_cover else page_count
        return number if number <= limit else None

    sides = []
    for sheet in range(total // 4):
        outer, inner = 2 * sheet + 1, 2 * sheet + 2
        sides.append((page(total - 2 * sheet), page(outer)))  # front
        sides.append((page(inner), page(total - 2 * sheet - 1)))  # back
    return sides


def impose(
    pdf: bytes,
    *,
    back_cover: bool = False,
    language: str | None = None,
    accessible_edition: str | None = None,
    right_to_left: bool = False,
) -> bytes:
    """The booklet's PDF from the A5 book's PDF (whose last page is the back cover when
    `back_cover`).

    A booklet is for printing: its sheets hold pages out of reading order, so it is not
    tagged, and it claims no PDF/UA. It keeps the book's title, authors and `language`,
    says in its metadata which file is the accessible edition, and carries no links (their
    destinations were pages of the book, not of the sheets). A `right_to_left` booklet
    folds the other way: each sheet side holds its two pages mirrored."""
    reader = PdfReader(io.BytesIO(pdf))
    writer = PdfWriter()
    first = reader.pages[0].mediabox
    # Half-Letter (396 pt wide) pages go on Letter; A5 on A4.
    width, height = LETTER_LANDSCAPE if round(float(first.width)) == 396 else A4_LANDSCAPE
    for left, right in sheet_sides(len(reader.pages), back_cover=back_cover):
        if right_to_left:
            left, right = right, left
        side = PageObject.create_blank_page(width=width, height=height)
        for number, x in ((left, 0.0), (right, width / 2)):
            if number is None:
                continue
            source = reader.pages[number - 1]
            box = source.mediabox
            scale = min((width / 2) / float(box.width), height / float(box.height))
            # Both pages meet at the fold (A5 is half a millimetre narrower than half of
            # A4): a cover's colour runs across it without a white hairline.
            spare = (width / 2) - float(box.width) * scale
            offset_x = x + (spare if x == 0 else 0.0)
            offset_y = (height - float(box.height) * scale) / 2
            side.merge_transformed_page(
                source, Transformation().scale(scale).translate(offset_x, offset_y)
            )
        if "/Annots" in side:
            del side["/Annots"]
        writer.add_page(side).compress_content_streams()
    _describe(writer, reader, language, accessible_edition)
    writer.compress_identical_objects(remove_duplicates=True, remove_unreferenced=True)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _describe(
    writer: PdfWriter, reader: PdfReader, language: str | None, accessible_edition: str | None
) -> None:
    """The booklet's document information, XMP metadata, language and title display."""
    info = {key: value for key, value in (reader.metadata or {}).items()}
    note = "A print imposition for a folded booklet: its pages are out of reading order."
    if accessible_edition:
        note += f" The accessible edition, tagged for screen readers, is {accessible_edition}."
    info["/Subject"] = note
    writer.add_metadata(info)
    writer.pdf_header = b"%PDF-1.7"
    if language:
        writer._root_object[NameObject("/Lang")] = TextStringObject(language)
    writer._root_object[NameObject("/ViewerPreferences")] = DictionaryObject(
        {NameObject("/DisplayDocTitle"): BooleanObject(True)}
    )
    metadata = StreamObject()
    metadata[NameObject("/Type")] = NameObject("/Metadata")
    metadata[NameObject("/Subtype")] = NameObject("/XML")
    metadata.set_data(_xmp(info, language, note).encode("utf-8"))
    writer._root_object[NameObject("/Metadata")] = writer._add_object(metadata)


def _xmp(info: dict, language: str | None, note: str) -> str:
    """An XMP packet with the title, authors, language, description and dates."""

    def text(value) -> str:
        return xml_escape(str(value or ""))

    when = _xmp_date(info.get("/ModDate"))
    return (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
        'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">'
        f'<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{text(info.get("/Title"))}</rdf:li>'
        "</rdf:Alt></dc:title>"
        f"<dc:creator><rdf:Seq><rdf:li>{text(info.get('/Author'))}</rdf:li></rdf:Seq></dc:creator>"
        f'<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{text(note)}</rdf:li>'
        "</rdf:Alt></dc:description>"
        + (
            f"<dc:language><rdf:Bag><rdf:li>{text(language)}</rdf:li></rdf:Bag></dc:language>"
            if language
            else ""
        )
        + (
            f"<xmp:CreateDate>{when}</xmp:CreateDate><xmp:ModifyDate>{when}</xmp:ModifyDate>"
            if when
            else ""
        )
        + f"<xmp:CreatorTool>{text(info.get('/Creator'))}</xmp:CreatorTool>"
        f"<pdf:Producer>{text(info.get('/Producer'))}</pdf:Producer>"
        '</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="r"?>'
    )


def _xmp_date(pdf_date) -> str | None:
    """A PDF date (D:20261124000000Z) as XMP writes it (2026-11-24T00:00:00Z)."""
    digits = "".join(ch for ch in str(pdf_date or "") if ch.isdigit())
    if len(digits) < 14:
        return None
    d = digits
    return f"{d[0:4]}-{d[4:6]}-{d[6:8]}T{d[8:10]}:{d[10:12]}:{d[12:14]}Z"
