"""The page: its size, margins and type size, chosen together so that a full line of text
holds 55-75 characters (Bringhurst's range; 66 is ideal) in every edition.

Measured with tests/test_design.py on the guide: Source Serif 4 at 12 pt sets about
0.49 characters a millimetre, Atkinson Hyperlegible at 18 pt about 0.35, so the book
measure is 136 mm at 12 pt, and large print needs 184 mm at 18 pt.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bookbuilder import theme
from bookbuilder.covers import cover_colours
from bookbuilder.fonts import MONO, SANS, SERIF, font_url
from bookbuilder.model import BookConfig


@dataclass(frozen=True)
class Geometry:
    """Margins in mm (inner and outer for facing pages; a handout's are its left and
    right) and the root type size in pt that the styles' rem units follow."""

    top: float
    outer: float
    bottom: float
    inner: float
    font_size: float


# Page sizes in mm; "Statement" (5.5 x 8.5 in, half a Letter sheet) is only for the
# booklets of Letter books, as A5 is half an A4 sheet.
PAPER = {
    "A4": (210.0, 297.0),
    "Letter": (215.9, 279.4),
    "A5": (148.0, 210.0),
    "Statement": (139.7, 215.9),
}
SMALL = ("A5", "Statement")
BOOK = {
    "A4": Geometry(top=24, outer=47, bottom=28, inner=27, font_size=12),  # 210 mm: 136 mm
    "Letter": Geometry(top=22, outer=49, bottom=26, inner=31, font_size=12),  # 216 mm: 136
    "A5": Geometry(top=17, outer=17, bottom=22, inner=15, font_size=11),  # 148 mm: 116
    "Statement": Geometry(top=17, outer=15, bottom=22, inner=13, font_size=11),  # 140: 112
}
# 18 pt needs a wide measure: large print has narrow margins, and an A5 book's large
# print edition is on A4 (at 18 pt an A5 line holds 40 characters).
LARGE_PRINT = {
    "A4": Geometry(top=18, outer=12, bottom=24, inner=14, font_size=18),  # 184 mm
    "Letter": Geometry(top=16, outer=13, bottom=22, inner=16, font_size=18),  # 187 mm
}
LARGE_PRINT["A5"] = LARGE_PRINT["A4"]
LARGE_PRINT["Statement"] = LARGE_PRINT["Letter"]


def page_size_for(page_size: str, *, large_print: bool) -> str:
    """The paper an edition is printed on."""
    if large_print and page_size in SMALL:
        return "A4" if page_size == "A5" else "Letter"
    return page_size


def booklet_page_size(page_size: str) -> str:
    """A booklet's page: half the sheet it is printed on, A4 or (for a Letter book) Letter."""
    return "Statement" if page_size == "Letter" else "A5"


def geometry(page_size: str, *, large_print: bool = False) -> Geometry:
    return (LARGE_PRINT if large_print else BOOK)[page_size]


def page_css(
    config: BookConfig,
    *,
    page_size: str | None = None,
    print_ready: bool = False,
    large_print: bool = False,
    facing: bool = True,
) -> str:
    """Rules that depend on the build: fonts from their packages, page size and margins,
    the type size, bleed, the cover's colours, and `[pdf] justify` and `hyphenate`.
    A handout (`facing` false) is printed one side at a time: equal side margins."""
    size = page_size_for(page_size or config.page_size, large_print=large_print)
    shape = geometry(size, large_print=large_print)
    inner, outer = shape.inner, shape.outer
    if not facing:
        inner = outer = (shape.inner + shape.outer) / 2
    rules = [
        _font_faces(),
        f"@page {{ size: {PAPER[size][0]}mm {PAPER[size][1]}mm; "
        f"margin: {shape.top}mm {outer}mm {shape.bottom}mm {inner}mm; }}"
        f"@page :left {{ margin-left: {outer}mm; margin-right: {inner}mm; }}"
        f"@page :right {{ margin-left: {inner}mm; margin-right: {outer}mm; }}"
        f"@page cover {{ margin: 0; }}",
        f"html {{ font-size: {shape.font_size}pt; }}"
        f".titlepage {{ height: {PAPER[size][1] - shape.top - shape.bottom - 1}mm; }}"
        # In lengths of the page, not vh (the first page's area, which differs between a
        # book laid out whole and a part laid out alone): no image taller than half the
        # text area, a back cover as tall as the page.
        f"img {{ max-height: {(PAPER[size][1] - shape.top - shape.bottom) / 2:.2f}mm; }}"
        f".cover-image img {{ max-height: none; }}"
        f".back-cover {{ height: {PAPER[size][1]}mm; }}",
        _cover_colours(config),
        words_css(theme.translations(config).gettext),
    ]
    if theme.text_direction(config) == "rtl":
        rules.append(RIGHT_TO_LEFT)
    if size in SMALL:
        rules.append(
            ".titlepage { padding-top: 28mm; } .chapter-header, .glossary h1 { padding-top: 14mm; }"
        )
    if config.justify:
        rules.append("p, li, dd { text-align: justify; }")
    if config.hyphenate:
        # Words of 7 letters or more, 3 kept on each side; never a glossary term (print.css).
        rules.append(
            "p, li, dd, td, blockquote { hyphens: auto; hyphenate-limit-chars: 7 3 3; }"
            " a.glossref, dfn, dt, .last-words { hyphens: manual; }"
        )
    if print_ready:
        rules.append("@page { bleed: 3mm; marks: crop; }")
    return "\n".join(rules)


def _cover_colours(config: BookConfig) -> str:
    """The cover's colours, read from the EPUB stylesheet, so that both covers match."""
    colours = cover_colours(theme.stylesheet(config, "epub.css"))
    values = " ".join(
        f"--cover-{name}: rgb{getattr(colours, name)};"
        for name in ("background", "text", "muted", "accent")
    )
    # The page's own background too: it runs into the bleed of a print-ready PDF.
    background = f"rgb{colours.background}"
    return f":root {{ {values} }}\n@page cover {{ background: {background}; }}"


def _font_faces() -> str:
    faces = []
    for style in ("normal", "italic"):
        for weight in (400, 600, 700):  # one variable font file serves every weight
            faces.append(_face(SERIF, font_url(SERIF, weight, style), style, str(weight)))
    for weight in (400, 700):
        for style in ("normal", "italic"):
            faces.append(_face(SANS, font_url(SANS, weight, style), style, str(weight)))
            faces.append(_face(MONO, font_url(MONO, weight, style), style, str(weight)))
    return "\n".join(faces)


def _face(family: str, url: str, style: str, weight: str) -> str:
    return (
        f'@font-face {{ font-family: "{family}"; src: url("{url}"); '
        f"font-style: {style}; font-weight: {weight}; }}"
    )


# What each placeholder of a message becomes in CSS generated content.
_CSS_VALUES = {
    "page": "counter(page)",
    "pages": "counter(pages)",
    "date": "string(printed)",
    "title": "attr(data-see)",
    "target": "target-counter(attr(href url), page)",
}


def words_css(_) -> str:
    """The generated content that holds words, in the book's language (`_` is its
    gettext): the handout's footer and the cross-references' "(see “Title”, page 3)"."""
    page_of = _content(_("Page %(page)s of %(pages)s"))
    printed = _content(_("Printed %(date)s"))
    return (
        f"@page handout {{ @bottom-left {{ content: {page_of}; }}"
        f" @bottom-right {{ content: {printed}; }} }}"
        f"@page handout:left {{ @bottom-left {{ content: {page_of}; }} }}"
        f"@page handout:right {{ @bottom-right {{ content: {printed}; }} }}"
    ) + cross_reference_css(_)


def cross_reference_css(_, target: str = _CSS_VALUES["target"]) -> str:
    """ "(see “Title”, page 3)" after a link to another chapter, its page number `target`
    (a CSS value: the layout's own target-counter(), or the number a parallel layout
    writes into `data-page`)."""
    values = _CSS_VALUES | {"target": target}
    see = _content(_("(see “%(title)s”, page %(target)s)"), values)
    page = _content(_("(page %(target)s)"), values)
    return (
        f'a.xref::after {{ content: " " {see}; }}'
        f'a.xref[data-see=""]::after {{ content: " " {page}; }}'
    )


def _content(message: str, values: dict[str, str] = _CSS_VALUES) -> str:
    """A message with %(name)s placeholders as a CSS `content` value: quoted strings and
    the placeholders' functions (`values`), in the message's order."""
    parts = re.split(r"%\((\w+)\)s", message)
    content = []
    for index, part in enumerate(parts):
        if index % 2:
            content.append(values[part])
        elif part:
            text = part.replace("%%", "%")  # a book's wording doubles a literal "%"
            content.append('"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"')
    return " ".join(content)


# A right-to-left book: what the styles put on the left goes on the right. Pages need no
# change: the spine is between the two pages of a spread either way, so a left page's
# inner margin is still its right one; WeasyPrint makes the first page a left one, and
# chapters open on a recto (the styles say recto, not right). The running heads swap:
# the chapter's title on the recto, now the left page. Letters are never spaced apart,
# as that breaks the joining of Arabic script.
RIGHT_TO_LEFT = """
@page body:left { @top-left { content: string(chapter-title, first-except); } }
@page body:right { @top-right { content: string(book-title); } }
ul, ol { padding-left: 0; padding-right: 1.4em; }
.contributors { padding-left: 0; padding-right: 1.1em; }
th, td { padding: 0.35em 0 0.35em 0.6em; }
th:last-child, td:last-child { padding-left: 0; }
.callout, .disclaimer, .review-notice, .words-used {
  border-left: 0; border-right: 2.5pt solid var(--accent);
}
table.many-columns tr { border-left: 0; border-right: 2pt solid #000; padding: 0 0.6em 0 0; }
.toc li { padding-left: 0; padding-right: 8mm; }
.book-publisher { left: auto; right: 0; }
*, *::before, *::after { letter-spacing: 0 !important; }
"""
