"""The print design's small stages, each on a few lines of input: balanced title lines,
tied last words, numbered figures, wide tables, and the fix for WeasyPrint 70's stranded
words (with the bug's minimal reproduction)."""

from __future__ import annotations

import io

import pdfplumber
import pikepdf
import pytest
import weasyprint
from lxml import html as lxml_html

from bookbuilder.covers import balanced_lines, fit
from bookbuilder.fonts import MONO, SANS, SERIF, font_file
from bookbuilder.pdf import weasyprint_fixes
from bookbuilder.pdf.typeset import NBSP, typeset
from helpers import render_chapter


def by_letters(text: str) -> float:
    return float(len(text))


@pytest.mark.parametrize(
    ("text", "measure", "expected"),
    [
        ("Treating Back Pain", 14, ["Treating", "Back Pain"]),
        ("Treating Back Pain", 40, ["Treating Back Pain"]),
        (
            "When back pain does not respond to treatment",
            40,
            ["When back pain does not", "respond to treatment"],
        ),
        ("Supercalifragilistic words", 10, ["Supercalifragilistic", "words"]),
    ],
)
def test_balanced_lines_are_few_even_and_never_end_on_one_word(text, measure, expected):
    assert balanced_lines(text, by_letters, measure) == expected


def test_the_cover_sets_the_title_in_atkinson_bold_and_balances_it():
    face, lines = fit("Treating Back Pain", SANS, 700, 200, 4)
    assert lines == ["Treating", "Back Pain"]
    assert face.path == str(font_file(SANS, 700))


def tied(html: str) -> str:
    return typeset(f"<html><body>{html}</body></html>").split("<body>")[1].split("</body>")[0]


def test_last_two_words_are_tied_across_inline_markup():
    assert tied("<p>Doctors call this <a>refractory pain</a>.</p>") == (
        f"<p>Doctors call this <a>refractory{NBSP}pain</a>.</p>"
    )
    assert tied("<p>It is <b>good</b> pain</p>") == f"<p>It is <b>good</b>{NBSP}pain</p>"
    assert tied("<li>a b</li>") == f"<li>a{NBSP}b</li>"


def test_a_heading_keeps_its_last_words_in_a_span_so_its_text_keeps_plain_spaces():
    assert tied("<h2>When back pain does not respond to treatment</h2>") == (
        '<h2>When back pain does not respond <span class="last-words">to treatment</span></h2>'
    )


def test_what_is_not_running_text_is_not_tied():
    assert tied("<p>One</p>") == "<p>One</p>"
    assert tied("<pre>a b c</pre>") == "<pre>a b c</pre>"
    long_pair = "<p>Words then incomprehensibilities characteristically</p>"
    assert tied(long_pair) == long_pair, "two words too long to share a line are left free"
    footnote = '<p>Text here<span class="print-footnote"><span>a note b</span></span> end</p>'
    assert tied(footnote) == (
        f'<p>Text here<span class="print-footnote"><span>a note{NBSP}b</span></span>{NBSP}end</p>'
    )


def test_a_table_of_many_columns_is_marked_and_its_cells_labelled():
    header = "".join(f"<th>D{n}</th>" for n in range(8))
    cells = "".join(f"<td>v{n}</td>" for n in range(8))
    html = tied(f"<table><thead><tr>{header}</tr></thead><tbody><tr>{cells}</tr></tbody></table>")
    table = lxml_html.fragment_fromstring(html)
    assert "many-columns" in table.get("class")
    assert [td.get("data-label") for td in table.iter("td")] == [f"D{n}" for n in range(8)]
    few = tied("<table><tr><td>a</td><td>b</td></tr></table>")
    assert "many-columns" not in few


def test_a_captioned_image_is_a_numbered_figure(tmp_path):
    from PIL import Image

    (tmp_path / "images").mkdir()
    Image.new("RGB", (20, 10)).save(tmp_path / "images" / "x.png")
    chapter, diagnostics = render_chapter(
        '![A spine](../images/x.png "How the discs sit")\n\n'
        "![No caption](../images/x.png)\n\n"
        '<figure><img src="../images/x.png" alt="Raw"/><figcaption>Raw caption</figcaption>'
        "</figure>\n",
        folder=tmp_path,
    )
    assert [d.code for d in diagnostics if d.severity.name == "ERROR"] == []
    fragment = lxml_html.fragment_fromstring(chapter.html, create_parent="div")
    captions = [" ".join(c.text_content().split()) for c in fragment.iter("figcaption")]
    assert captions == ["Figure 1.1 How the discs sit", "Figure 1.2 Raw caption"]
    assert [img.get("title") for img in fragment.iter("img")] == [None, None, None]
    assert fragment.xpath("//p/img/@alt") == ["No caption"], "no caption, no figure"


# ---- WeasyPrint 70's stranded word -------------------------------------------------

MINIMAL = """
<style>
@font-face {{ font-family: Mono; src: url({font}); }}
p {{ font: 20px Mono; width: 13.5ch; margin: 0 }}
</style>
<p>aaaaaaaaaaaa the medicines <span>x</span></p>
"""


def lines_of(html: str) -> list[str]:
    pdf = weasyprint.HTML(string=html).write_pdf()
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return [line["text"] for line in document.pages[0].extract_text_lines()]


@pytest.fixture
def minimal_case() -> str:
    return MINIMAL.format(font=font_file(MONO, 400).as_uri())


def test_the_fix_keeps_a_short_word_with_its_line(minimal_case):
    weasyprint_fixes.apply()
    assert lines_of(minimal_case) == ["aaaaaaaaaaaa", "the medicines", "x"]


def test_weasyprint_still_strands_the_word_without_the_fix(minimal_case, monkeypatch):
    """When this fails, WeasyPrint has fixed the bug: drop pdf/weasyprint_fixes.py."""
    from weasyprint.layout import inline

    monkeypatch.setattr(inline, "split_first_line", weasyprint_fixes._original)
    if not weasyprint.__version__.startswith(weasyprint_fixes.AFFECTED):
        pytest.skip(f"WeasyPrint {weasyprint.__version__} is not patched")
    assert lines_of(minimal_case) == ["aaaaaaaaaaaa", "the", "medicines x"]


# ---- WeasyPrint 70's variable fonts shaped at the default weight ---------------------

VARIABLE = """
<style>
@font-face {{ font-family: Serif; src: url({font}); font-weight: 600; }}
p {{ font: 600 20px Serif; margin: 0 }}
</style>
<p>Keep moving, Mary</p>
"""


def width_mismatches(html: str) -> list[str]:
    """The fonts whose /W widths differ from their embedded programs (PDF/UA-1 7.21.5-1)."""
    from bookbuilder.check.pdf_fonts import _widths_differ

    with pikepdf.open(io.BytesIO(weasyprint.HTML(string=html).write_pdf())) as pdf:
        fonts = pdf.pages[0].obj.Resources.Font.values()
        return [str(font.BaseFont) for font in fonts if _widths_differ(font)]


@pytest.fixture
def variable_case() -> str:
    return VARIABLE.format(font=font_file(SERIF, 600).as_uri())


def test_the_fix_shapes_a_variable_font_at_the_weight_it_embeds(variable_case):
    weasyprint_fixes.apply()
    assert width_mismatches(variable_case) == []


def test_weasyprint_still_shapes_variable_fonts_at_400_without_the_fix(variable_case, monkeypatch):
    """When this fails, WeasyPrint has fixed the bug: drop the first fix."""
    from weasyprint.text import line_break

    monkeypatch.setattr(line_break, "get_font_description", weasyprint_fixes._original_description)
    if not weasyprint.__version__.startswith(weasyprint_fixes.AFFECTED):
        pytest.skip(f"WeasyPrint {weasyprint.__version__} is not patched")
    assert width_mismatches(variable_case) != []


_PARAGRAPH = "Lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor. " * 3
_NOTE = "A long note that cannot fit under its call. " * 8
DEFERRED_NOTE = f"""<html><head><style>
@font-face {{ font-family: Serif; src: url("{font_file(SERIF).as_uri()}"); }}
html {{ font-family: Serif; font-size: 10pt; }}
@page {{ size: 120mm 90mm; margin: 10mm; }}
.fn {{ float: footnote; }}
a::after {{ content: " p. " target-counter(attr(href url), page); }}
</style></head><body>
<p>{_PARAGRAPH}</p><p>{_PARAGRAPH} end of page<span class="fn">{_NOTE}</span></p>
<p><a href="#last">see</a> {_PARAGRAPH}</p>
<p style="break-before: page" id="last">Last</p></body></html>"""


def _laid_out_text(html: str) -> str:
    document = weasyprint.HTML(string=html).render()
    return " ".join(
        box.text for page in document.pages for box in page._page_box.descendants()
        if hasattr(box, "text")
    )  # fmt: skip


def test_the_fix_keeps_a_deferred_note_when_only_the_next_page_is_remade():
    """A note deferred to page 2, and a number on page 2 known only after the first pass:
    WeasyPrint remakes page 2 alone, and used to lose the note."""
    weasyprint_fixes.apply()
    assert "cannot fit under its call" in _laid_out_text(DEFERRED_NOTE)


def test_weasyprint_still_loses_the_deferred_note_without_the_fix(monkeypatch):
    """When this fails, WeasyPrint has fixed the bug: drop the remake_page fix."""
    from weasyprint.layout import page as page_layout

    monkeypatch.setattr(page_layout, "remake_page", weasyprint_fixes._original_remake_page)
    if not weasyprint.__version__.startswith(weasyprint_fixes.AFFECTED):
        pytest.skip("another WeasyPrint version: the fix is not applied")
    assert "cannot fit under its call" not in _laid_out_text(DEFERRED_NOTE)
