"""One part of the print edition laid out and written, in a worker process: what the
merge and the numbering need to know of it comes back with its PDF.

A worker keeps its fonts and parsed styles from one part to the next (parsing the styles
and setting up the fonts cost more than laying out a short chapter).
"""

from __future__ import annotations

import logging

import weasyprint
from weasyprint.formatting_structure import boxes
from weasyprint.text.ffi import ffi
from weasyprint.text.fonts import FontConfiguration
from weasyprint.text.line_break import create_layout

from bookbuilder import fonts
from bookbuilder.diagnostics import WarningCollector
from bookbuilder.pdf.figures import fit_figures
from bookbuilder.pdf.font_programs import deferred_font_programs
from bookbuilder.pdf.layout import BOOK_URL, BookFetcher, marks
from bookbuilder.pdf.part_job import Edition, FontSource, PartJob, PartResult
from bookbuilder.pdf.part_remediation import remediated_part
from bookbuilder.pdf.parts import FRONT, SENTINEL_ID
from bookbuilder.pdf.tag_sources import recording_tag_sources
from bookbuilder.pdf.weasyprint_fixes import apply as apply_weasyprint_fixes

apply_weasyprint_fixes()
MARKS_KEPT = 6  # of the marks that start on a page: the first that names a part will do
DIGITS = "0123456789"


_prepared: dict[Edition, tuple] = {}  # a worker's fetcher, fonts and parsed styles


def lay_out_part(job: PartJob) -> PartResult:
    """Lay the part out (figures fitted), write its tagged PDF with stand-in fonts."""
    fetcher, font_config, stylesheets = prepare(job.edition)
    collector = WarningCollector()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(collector)
    try:

        def render(extra_css: str) -> weasyprint.Document:
            css = weasyprint.CSS(
                string=job.extra_css + "\n" + extra_css,
                url_fetcher=fetcher,
                base_url=f"{BOOK_URL}styles/",
                font_config=font_config,
            )
            html = weasyprint.HTML(string=job.html, base_url=BOOK_URL, url_fetcher=fetcher)
            return html.render(
                stylesheets=[*stylesheets, css], font_config=font_config, pdf_variant="pdf/ua-1"
            )

        document = fit_figures(render)
        recorded: dict[str, FontSource] = {}
        with recording_tag_sources(), deferred_font_programs(job.font_store, recorded):
            data = document.write_pdf(pdf_variant="pdf/ua-1")
    finally:
        logger.removeHandler(collector)
    pages = document.pages
    dropped = tuple(i for i, page in enumerate(pages) if SENTINEL_ID in page.anchors)
    stubs = {SENTINEL_ID}
    kept = [page for i, page in enumerate(pages) if i not in dropped]
    digits, folio = _digit_glyphs(kept)
    zeros = {slot: glyphs[0] for slot, glyphs in digits.items()}
    folios = folio is not None and job.name != FRONT  # the front's roman folios are laid out
    remediated = remediated_part(data, dropped, job.name, zeros, folios)
    seen: set[str] = set()
    page_marks = []
    for page in kept:
        new = []
        for mark in marks(page._page_box):  # WeasyPrint has no API for boxes
            if mark not in seen and mark not in stubs:
                seen.add(mark)
                if len(new) < MARKS_KEPT:
                    new.append(mark)
        page_marks.append(tuple(new))
    align = tuple(_folio_align(page._page_box) for page in kept)
    return PartResult(
        name=job.name,
        pdf=remediated.pdf,
        dropped=dropped,
        slots=remediated.slot_pieces,
        anchors=tuple(tuple(a for a in page.anchors if a not in stubs) for page in kept),
        marks=tuple(page_marks),
        digits=digits,
        folio_digits=folio,
        folio_align=align,
        folio_pieces=remediated.folio_pieces,
        fonts=recorded,
        glyph_maps=remediated.glyph_maps,
        warnings=tuple(collector.messages),
    )


def prepare(edition: Edition) -> tuple:
    """The fetcher, fonts and parsed styles of `edition`, made once a process."""
    if edition not in _prepared:
        fetcher = BookFetcher(edition.root)
        with fonts.isolated_fontconfig(edition.font_files):
            font_config = FontConfiguration()
        stylesheets = [
            weasyprint.CSS(
                string=source,
                url_fetcher=fetcher,
                base_url=f"{BOOK_URL}styles/",
                font_config=font_config,
            )
            for source in edition.styles
        ]
        _prepared.clear()
        _prepared[edition] = (fetcher, font_config, stylesheets)
    return _prepared[edition]


def _digit_glyphs(pages) -> tuple[dict[int, tuple[int, ...]], tuple[int, ...] | None]:
    """The glyphs that would draw 0-9 in the style of each printed page number (by its
    slot: a cross-reference's, the contents', the glossary's) and of the folios: what the
    merge writes the real numbers with."""
    digits: dict[int, tuple[int, ...]] = {}
    folio = None
    for page in pages:
        for box in page._page_box.descendants():
            if not isinstance(box, boxes.TextBox):
                continue
            element = box.element
            slot = element.get("data-slot") if element is not None else None
            if slot is not None and box.element_tag.endswith(("::after", "::before")):
                digits.setdefault(int(slot), _shape(box.style))
        if folio is None and (text := _folio_text(page._page_box)[1]) is not None:
            folio = _shape(text.style)
    return {k: v for k, v in digits.items() if v is not None}, folio


def _folio_text(page_box):
    """The folio's margin box and its text box, if the page shows a folio."""
    for margin in page_box.children:
        if isinstance(margin, boxes.MarginBox) and margin.at_keyword.startswith("@bottom"):
            text = next((b for b in margin.descendants() if isinstance(b, boxes.TextBox)), None)
            if text is not None and text.text.strip().isdigit():
                return margin, text
    return None, None


def _folio_align(page_box) -> float:
    """Where the folio's margin box aligns it: 0 left, 1 right, 0.5 centre (a longer
    number then grows to the other side)."""
    margin = _folio_text(page_box)[0]
    if margin is None:
        return 0.0
    align, rtl = margin.style["text_align_all"], margin.style["direction"] == "rtl"
    if align == "center":
        return 0.5
    right = align == "right" or (align == "end" and not rtl) or (align == "start" and rtl)
    return 1.0 if right else 0.0


def _shape(style) -> tuple[int, ...] | None:
    """The glyph of each digit, shaped with `style` (its font, size and numeric
    features), as WeasyPrint would draw it."""
    layout = create_layout(DIGITS, style, None, None, 0)  # kept: the line lives in it
    line, _ = layout.get_first_line()
    glyphs: list[int] = []
    run = line.runs[0] if line.runs != ffi.NULL else ffi.NULL
    while run != ffi.NULL:
        glyph_string = run.data.glyphs
        glyphs += [glyph_string.glyphs[i].glyph for i in range(glyph_string.num_glyphs)]
        run = run.next
    del layout
    return tuple(glyphs) if len(glyphs) == len(DIGITS) and max(glyphs) < 0x10000 else None
