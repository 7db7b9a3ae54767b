"""The laid-out print edition -> PDF bytes: tagged, PDF/UA-1, fonts embedded and subset,
then remediated (`pdf/remediate.py`) so that the tags hold across pages."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import pydyf

from bookbuilder import environ, theme
from bookbuilder.model import Book
from bookbuilder.pdf.document import link_describer
from bookbuilder.pdf.numbering import label_ranges
from bookbuilder.pdf.print_layout import PrintLayout
from bookbuilder.pdf.remediate import remediate
from bookbuilder.pdf.tagged_links import Describe, Words
from bookbuilder.pdf.xmp import identifiers_xmp

if TYPE_CHECKING:  # a merged layout is written without WeasyPrint (pdf/merge.py)
    import weasyprint


def render_pdf(layout: PrintLayout, book: Book) -> bytes:
    """The book's PDF, with page labels so that viewers show the printed folios:
    "Cover 1", iii in the front matter, 12 in the body (in the book's language). A
    layout in parts is merged (pdf/merge.py)."""
    if layout.document is None:
        from bookbuilder.pdf.merge import merge_parts

        return merge_parts(layout, book)
    cover = theme.translations(book.config).gettext("Cover")
    ranges = []
    for start, style, prefix, first in label_ranges(layout.page_labels, cover):
        entry = pydyf.Dictionary({"S": style})
        if prefix:
            entry["P"] = pydyf.String(prefix)
        if first is not None:
            entry["St"] = first
        ranges += [start, entry]
    xmp = identifiers_xmp(book.config)
    return write_pdf(layout.document, book, page_labels=ranges, xmp=xmp)


def write_pdf(
    document: weasyprint.Document, book: Book, *, page_labels: list | None = None, xmp: str = ""
) -> bytes:
    """The PDF of `document`, a layout of `book` (the whole book or a handout); `xmp`, the
    book's identifiers (pdf/xmp.py), which a handout does not carry."""
    words = theme.translations(book.config).gettext
    return write_tagged_pdf(
        document,
        book.modified,
        page_labels=page_labels,
        describe=link_describer(book),
        words=words,
        xmp=xmp,
    )


def write_tagged_pdf(
    document: weasyprint.Document,
    modified: datetime,
    *,
    page_labels: list | None = None,
    describe: Describe | None = None,
    words: Words | None = None,
    xmp: str = "",
) -> bytes:
    """PDF bytes. The /ID is a hash of the content and the font subsets carry `modified` as
    their time stamp, so the same sources give the same bytes. (pydyf serialises every
    object a second time to hash it, 4-5 % of the build; the /ID stays, as PDF 2.0 and
    PDF/X require it.) `describe` names link destinations for the links' /Contents, in
    the language of `words` (a gettext)."""

    from bookbuilder.pdf.tag_sources import recording_tag_sources  # WeasyPrint's, as `document`

    def finish(_document, pdf) -> None:
        if page_labels:
            pdf.catalog["PageLabels"] = pydyf.Dictionary({"Nums": pydyf.Array(page_labels)})

    with _source_date_epoch(modified), recording_tag_sources():
        data = document.write_pdf(pdf_variant="pdf/ua-1", pdf_identifier=True, finisher=finish)
    return remediate(data, describe, words, xmp)


def _source_date_epoch(when: datetime):
    """fontTools stamps each font subset with SOURCE_DATE_EPOCH, or else the current time."""
    return environ.variable("SOURCE_DATE_EPOCH", str(int(when.timestamp())))
