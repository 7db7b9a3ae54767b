"""Fixes for three bugs of WeasyPrint 70, applied when WeasyPrint is loaded.

1. Variable fonts shaped at the wrong weight. A variable font loaded by @font-face
(Source Serif 4 serves every weight from one file) is shaped by Pango at its default
weight, 400, whatever `font-weight` asks; the PDF then embeds the font instanced at the
asked weight. So semi-bold glyphs are drawn at regular advances, a little crowded, and
the widths in the font dictionary disagree with the embedded program (PDF/UA-1 7.21.5-1,
which veraPDF and `page` report). The fix gives the font description the `wght`
variation of the weight asked for, unless the style sets its own variations, so that
shaping and embedding use one instance. Static fonts ignore the variation.

2. Stranded words. The bug strands a short word alone in the middle of a paragraph
("…with any of / the / medicines or therapies…"). It happens when a run of text ends
with a space before an inline element (`call this <a>…`, any tag) and that run, on a new
line, fits the measure without its final space but not with it. `split_first_line`
compares Pango's width, which counts the hanging space, with the measure, decides the
run cannot fit, and puts only its first word on the line. (The line-level code in
layout/inline.py already lets such a space hang; `split_first_line` does not.) Minimal
reproduction, with any monospace font:

    p { font: 20px monospace; width: 13.5ch }
    <p>aaaaaaaaaaaa the medicines <span>x</span></p>   ->  aaaaaaaaaaaa / the / medicines x

The fix lets the hanging space overflow, as CSS Text 3 says it may: a run that fits but
for its trailing spaces is kept whole, and a run too long even without them is broken
where it would break without them. (A no-break space at the end of a run, as
pdf/typeset.py ties the last two words, hangs in Pango as a space does.) Only runs that
end with a space and are shorter than a line are looked at; every other run goes to
WeasyPrint's own function unchanged.
No HTML-level workaround was clean: a space in its own span is never drawn (the PDF's text
loses it), and a space moved inside the link widens it and shifts glyphs.

3. Lost footnotes. A note that does not fit under its call is deferred to the next page.
When WeasyPrint lays a page out again (a `target-counter()` number on it became known)
but not the page before it, the notes that page deferred are not given to it again, and
are lost: the print edition of a book with cross-references dropped footnotes near page
ends. The fix remembers, while a document is laid out, the notes each page received
from the page before, and gives them to it again when it is remade alone.
"""

from __future__ import annotations

import weasyprint
from weasyprint.layout import inline
from weasyprint.layout import page as page_layout
from weasyprint.text import line_break
from weasyprint.text.ffi import pango

AFFECTED = ("70.",)  # the versions known to have the bug; a newer one is left alone
_LONGEST = 400  # characters: a run longer than this cannot fit on one line

_original = line_break.split_first_line


def split_first_line(
    text, style, context, max_width, justification_spacing, is_line_start=True, minimum=False
):
    if (
        max_width is not None
        and not minimum
        and text[-1:].isspace()
        and len(text) < _LONGEST
        and text.strip()
        and "\n" not in text
        and style["white_space"] in ("normal", "pre-line")
    ):
        layout = line_break.create_layout(text, style, context, max_width, justification_spacing)
        first_line, resume_index = layout.get_first_line()
        if resume_index is None:
            width, _ = line_break.line_size(first_line, style)
            stripped = text.rstrip()
            if width <= max_width or _width(stripped, style, context) <= max_width:
                return line_break.first_line_metrics(first_line, text, layout, None, True, style)
            # Too long even without its hanging spaces: break it where it would break
            # without them (a prefix, so the positions hold for `text`).
            text = stripped
    return _original(text, style, context, max_width, justification_spacing, is_line_start, minimum)


def _width(text, style, context) -> float:
    probe = line_break.create_layout(text, style, context, None, 0)
    return line_break.line_size(probe.get_first_line()[0], style)[0]


_original_description = line_break.get_font_description


def get_font_description(style):
    description = _original_description(style)
    weight = style["font_weight"]
    if style["font_variation_settings"] == "normal" and weight != 400:
        pango.pango_font_description_set_variations(description, f"wght={weight}".encode())
    return description


_original_remake_page = page_layout.remake_page


def remake_page(index, context, root_box, html):
    deferred = context.__dict__.setdefault("bookbuilder_deferred_notes", {})  # page -> notes
    if not context.reported_footnotes and deferred.get(index):
        context.reported_footnotes = list(deferred[index])  # what the page before deferred
    page, resume_at = _original_remake_page(index, context, root_box, html)
    deferred[index + 1] = list(context.reported_footnotes)
    return page, resume_at


def apply() -> None:
    """Patch WeasyPrint's text layout, once, if its version has the bugs."""
    if weasyprint.__version__.startswith(AFFECTED) and inline.split_first_line is _original:
        inline.split_first_line = split_first_line
        line_break.get_font_description = get_font_description
        page_layout.remake_page = remake_page
