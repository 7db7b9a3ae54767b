"""The print design, measured on real PDFs as a designer would with a ruler: characters per
full line, hyphens, runts and stranded words, headings, covers, figures and their
captions, table widths, footnotes beside their calls.

The editions are the guide's (A4), an A5 and a US Letter example book's
(tests/books/design-a5, design-letter) and the print test book's, each in its standard
and large-print editions, built once for this file.
"""

from __future__ import annotations

import itertools
import re
import shutil
import statistics
from pathlib import Path

import pdfplumber
import pytest
from pypdf import PdfReader

from helpers import BOOKS, MM, REPOSITORY, Epub, chapter_text, run, write_book
from print_measure import (
    HYPHEN,
    all_lines,
    body_size,
    characters_per_line,
    paragraph_pairs,
    read_lines,
    runts,
    summary,
)

BOOK_FOLDERS = {
    "guide": REPOSITORY,
    "a5": BOOKS / "design-a5",
    "letter": BOOKS / "design-letter",
    "print": BOOKS / "print",
}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Path]:
    """Every book's PDF, large-print PDF and booklet, and the A5 book's EPUB."""
    paths = {}
    for name, folder in BOOK_FOLDERS.items():
        out = tmp_path_factory.mktemp(name)
        extra = {"a5": ["booklet", "epub"], "letter": ["booklet"]}.get(name, [])
        formats = ["pdf", "pdf-large-print", *extra]
        flags = [argument for fmt in formats for argument in ("-f", fmt)]
        result = run("build", str(folder), "-o", str(out), *flags, "--quiet")
        assert result.exit_code == 0, result.stderr
        for path in out.glob("*"):
            kind = (
                "large-print"
                if path.stem.endswith("-large-print")
                else "booklet"
                if path.stem.endswith("-booklet")
                else path.suffix[1:]
            )
            paths[f"{name}-{kind}"] = path
        if name in ("guide", "a5"):
            for large in ([], ["--large-print"]):
                result = run("handout", str(folder), "--all", *large, "-o", str(out), "-q")
                assert result.exit_code == 0, result.stderr
            for path in (out / "handouts").glob("*.pdf"):
                paths[f"{name}-handout-{path.stem}"] = path
    return paths


HANDOUTS = [
    f"guide-handout-{slug}{large}"
    for slug in (
        "about-this-guide",
        "gene-therapy-for-back-pain",
        "when-back-pain-does-not-respond-to-treatment",
    )
    for large in ("", "-large-print")
] + [
    f"a5-handout-{slug}{large}" for slug in ("sitting", "lifting") for large in ("", "-large-print")
]


EDITIONS = [f"{book}-{kind}" for book in BOOK_FOLDERS for kind in ("pdf", "large-print")]
HANDOUT_EDITIONS = [
    "guide-handout-gene-therapy-for-back-pain",
    "guide-handout-gene-therapy-for-back-pain-large-print",
    "a5-handout-sitting",
]


@pytest.mark.parametrize("edition", EDITIONS + HANDOUT_EDITIONS)
def test_full_lines_hold_55_to_75_characters(built, edition):
    """Bringhurst's 45-75, CMS 6.11: every full line of running text at most 75
    characters, nine in ten at least 55 (ragged right: a line before a long word is
    shorter), the median near 66."""
    counts = characters_per_line(read_lines(built[edition]))
    assert len(counts) >= 15, summary(counts)
    assert max(counts) <= 75, summary(counts)
    assert sum(count >= 55 for count in counts) >= 0.9 * len(counts), summary(counts)
    assert 58 <= statistics.median(counts) <= 72, summary(counts)


@pytest.mark.parametrize("edition", EDITIONS + HANDOUT_EDITIONS)
def test_text_is_ragged_right_and_not_hyphenated(built, edition):
    pages = read_lines(built[edition])
    hyphenated = [line.text for line in all_lines(pages) if line.text.endswith(HYPHEN)]
    assert hyphenated == []
    # Ragged right: the full lines end at many different places, not on one edge.
    ends = {round(a.x1) for a, _ in paragraph_pairs(pages)}
    assert len(ends) > 10


@pytest.mark.parametrize("edition", EDITIONS + HANDOUT_EDITIONS)
def test_no_runts_and_no_stranded_words(built, edition):
    """No line of a paragraph after its first holds a single word of 4 letters or
    fewer: neither a runt at the end nor a word stranded in the middle (WeasyPrint 70's
    bug, pdf/weasyprint_fixes.py)."""
    assert [(line.page, line.text) for line in runts(read_lines(built[edition]))] == []


def heading_lines(pages) -> list[list]:
    """Headings and titles: runs of bold lines set larger than the text, one per heading."""
    size = body_size(pages)
    found: list[list] = []
    for line in all_lines(pages):
        if not (line.bold and line.size > size * 1.15):
            continue
        last = found[-1][-1] if found else None
        if (
            last
            and last.page == line.page
            and last.size == line.size
            and line.top - last.bottom < line.size
        ):
            found[-1].append(line)
        else:
            found.append([line])
    return found


@pytest.mark.parametrize("edition", EDITIONS)
def test_no_heading_ends_on_a_single_word(built, edition):
    headings = heading_lines(read_lines(built[edition]))
    broken = [[line.text for line in heading] for heading in headings if len(heading) > 1]
    assert all(len(heading[-1].split()) >= 2 for heading in broken), broken


def test_a_long_title_breaks_into_balanced_lines(built):
    """The Letter book's chapter title takes two lines; the last is not one word."""
    pages = read_lines(built["letter-pdf"])
    titles = [h for h in heading_lines(pages) if "Getting" in h[0].text]
    assert titles and len(titles[0]) >= 2
    assert len(titles[0][-1].text.split()) >= 2


@pytest.mark.parametrize("edition", EDITIONS)
def test_headings_keep_two_lines_of_text_below_them(built, edition):
    pages = read_lines(built[edition])
    size = body_size(pages)
    labels = PdfReader(built[edition]).page_labels
    for page, label in zip(pages, labels, strict=True):
        if not label.isdigit():
            continue  # the covers, the title page and the contents have titles, not sections
        text = [line for line in page.lines if line.bottom < page.height - 21 * MM]
        for index, line in enumerate(text):
            section_heading = line.bold and size * 1.15 < line.size < size * 1.6
            if section_heading:
                below = [b for b in text[index + 1 :] if b.size == size]
                assert len(below) >= 2, f"page {label}: {line.text!r} has {len(below)} under it"


def test_a_heading_at_the_top_of_a_page_loses_its_space_above(built):
    """The first line of a page starts at the top of the text area whether it is a
    heading or a paragraph."""
    pages = read_lines(built["guide-pdf"])
    size = body_size(pages)
    tops = {}
    for page in pages[6:]:
        text = [line for line in page.lines if line.top > 21 * MM and line.size >= size]
        if text:
            kind = "heading" if text[0].bold and text[0].size > size else "text"
            tops.setdefault(kind, []).append(text[0].top)
    assert "heading" in tops and "text" in tops
    assert min(tops["heading"]) <= min(tops["text"]) + 2


# ---- hyphenation and justification, when a designer turns them on ----------------


HYPHENATED_TOML = """\
[book]
title = "Hyphenation"
language = "en-GB"
publisher = "Test Press"
glossary = "glossary.yaml"

[pdf]
page_size = "A5"
justify = true
hyphenate = true
"""

LONG_WORDS = (
    "Physiotherapists recommend straightforward, uncomplicated strengthening "
    "exercises. Musculoskeletal discomfort, characteristically intermittent, "
    "responds to comprehensive rehabilitation programmes. Neuropathic sensations "
    "accompany degenerative intervertebral conditions unpredictably. "
)


def test_hyphenate_spares_short_words_glossary_terms_and_paragraph_ends(tmp_path):
    body = "\n\n".join(LONG_WORDS * 3 for _ in range(4))
    chapter = f"---\ntitle: Long words\nauthors: [Test Press]\nupdated: 2024-01-01\n---\n\n{body}\n"
    glossary = "- term: Musculoskeletal\n  definition: To do with the muscles and bones.\n"
    book = write_book(
        tmp_path / "book", {"01.md": chapter}, toml=HYPHENATED_TOML, glossary=glossary
    )
    result = run("build", str(book), "-o", str(tmp_path / "out"), "-f", "pdf", "--quiet")
    assert result.exit_code == 0, result.stderr
    pages = read_lines(next((tmp_path / "out").glob("*.pdf")))
    pairs = paragraph_pairs(pages)
    broken = [(a.words[-1], b.words[0]) for a, b in pairs if a.text.endswith(HYPHEN)]
    assert broken, "a justified, hyphenated A5 page of long words hyphenates some"
    for before, after in broken:
        word = re.sub(r"\W", "", before + after)
        assert len(word) >= 7, (before, after)
        assert "musculoskeletal" not in word.lower(), (before, after)
    # No paragraph ends on a fragment: a paragraph's last line is never a word's end alone.
    lasts = [b for a, b in pairs if a.text.endswith(HYPHEN)]
    assert all(len(line.words) >= 2 for line in lasts)
    # Justified: full lines are as wide as the measure.
    widths = [round(a.x1 - a.x0) for a, _ in pairs]
    measure = statistics.mode(widths)
    assert sum(abs(width - measure) <= 1 for width in widths) >= 0.8 * len(widths)


# ---- covers ----------------------------------------------------------------------


def cover_fill(path: Path, index: int) -> tuple[float, tuple | None]:
    """The share of the page the largest filled rectangle covers, and its colour."""
    with pdfplumber.open(path) as pdf:
        page = pdf.pages[index]
        rects = sorted(page.rects, key=lambda r: r["width"] * r["height"], reverse=True)
        if not rects:
            return 0.0, None
        big = rects[0]
        return big["width"] * big["height"] / (page.width * page.height), big["non_stroking_color"]


@pytest.mark.parametrize("edition", ["guide-pdf", "guide-large-print", "a5-pdf", "letter-pdf"])
def test_print_editions_open_with_a_cover(built, edition):
    path = built[edition]
    share, colour = cover_fill(path, 0)
    assert share > 0.98 and colour is not None
    reader = PdfReader(path)
    assert reader.page_labels[:3] == ["Cover 1", "Cover 2", "i"]
    first = reader.pages[0].extract_text().replace("\xa0", " ")
    title = {"guide": "Treating", "a5": "Looking", "letter": "Sleep"}[edition.split("-")[0]]
    assert title in first
    assert ("Large print" in first) == edition.endswith("large-print")
    # The blank inside the cover, then the title page on a right-hand page.
    assert reader.pages[1].extract_text().strip() == ""
    assert title in reader.pages[2].extract_text()


def test_the_cover_breaks_the_title_as_the_title_page_does(built):
    with pdfplumber.open(built["guide-pdf"]) as pdf:
        cover = [line["text"] for line in pdf.pages[0].extract_text_lines()]
        title_page = [line["text"] for line in pdf.pages[2].extract_text_lines()]
    assert cover[:2] == title_page[:2] == ["Treating", "Back Pain"]


def test_cover_false_leaves_the_cover_out(tmp_path):
    book = tmp_path / "book"
    shutil.copytree(BOOKS / "design-letter", book)
    toml = (book / "book.toml").read_text("utf-8") + "cover = false\n"
    (book / "book.toml").write_text(toml, "utf-8")
    result = run("build", str(book), "-o", str(tmp_path / "out"), "-f", "pdf", "--quiet")
    assert result.exit_code == 0, result.stderr
    path = next((tmp_path / "out").glob("*.pdf"))
    reader = PdfReader(path)
    assert reader.page_labels[0] == "i"
    assert "Sleep and\nYour Back:" in reader.pages[0].extract_text(), "the title page comes first"
    assert cover_fill(path, 0)[0] < 0.5


def test_a_print_ready_cover_runs_into_the_bleed(tmp_path):
    result = run(
        "build", str(BOOKS / "design-letter"), "-o", str(tmp_path), "-f", "pdf", "--print-ready"
    )
    assert result.exit_code == 0, result.stderr
    with pdfplumber.open(next(tmp_path.glob("*.pdf"))) as pdf:
        cover = pdf.pages[0]
        assert (round(cover.width), round(cover.height)) == (612 + 17, 792 + 17)  # 3 mm bleed
        fills = [r for r in cover.rects if r["width"] >= cover.width - 0.5 and r["x0"] <= 0.5]
        assert fills and fills[0]["height"] >= cover.height - 0.5


def test_a_books_own_cover_image_is_the_print_cover(tmp_path):
    from PIL import Image

    book = tmp_path / "book"
    shutil.copytree(BOOKS / "design-letter", book)
    Image.new("RGB", (850, 1100), (200, 40, 40)).save(book / "cover.png")
    toml = (book / "book.toml").read_text("utf-8")
    (book / "book.toml").write_text(toml.replace("[book]\n", '[book]\ncover = "cover.png"\n'))
    result = run("build", str(book), "-o", str(tmp_path / "out"), "-f", "pdf", "--quiet")
    assert result.exit_code == 0, result.stderr
    with pdfplumber.open(next((tmp_path / "out").glob("*.pdf"))) as pdf:
        cover = pdf.pages[0]
        (image,) = cover.images
        assert image["width"] > cover.width * 0.95 or image["height"] > cover.height * 0.95
        assert (cover.extract_text() or "").strip() == ""


def test_a_letter_books_booklet_is_on_letter_paper(built):
    """Half-Letter pages (5.5 x 8.5 in) two to a side of Letter, as A5 goes on A4; the
    cover's colour runs to the fold."""
    with pdfplumber.open(built["letter-booklet"]) as pdf:
        side = pdf.pages[0]
        assert (round(side.width), round(side.height)) == (792, 612)
        front = [r for r in side.rects if r["x0"] >= side.width / 2 - 1 and r["width"] > 390]
        assert front and min(r["x0"] for r in front) <= side.width / 2 + 0.5


def test_booklet_has_a_front_and_a_back_cover(built):
    """The first sheet's outer side: the back cover on the left, the front on the right."""
    with pdfplumber.open(built["a5-booklet"]) as pdf:
        side = pdf.pages[0]
        half = side.width / 2
        left = side.crop((0, 0, half, side.height)).extract_text()
        right = side.crop((half, 0, side.width, side.height)).extract_text()
    assert "Looking\nAfter Your\nBack at Work" in right and "Design Test Press" in right
    assert "Everyday advice on sitting, lifting and moving" in left
    assert "Design Test Press" in left


# ---- figures and tables ----------------------------------------------------------


def test_captioned_images_are_numbered_figures_in_the_epub(built):
    epub = Epub(built["a5-epub"])
    figures = [
        figure for href in epub.xhtml_documents for figure in epub.document(href).iter("{*}figure")
    ]
    captions = ["".join(f.find("{*}figcaption").itertext()) for f in figures]
    assert captions == [
        "Figure 1.1 A chair set to the right height: feet flat, knees level with hips",
        "Figure 2.1 Keep the load close: the further it is from the waist, the more the "
        "back must work",
    ]
    assert all(f.find("{*}img").get("title") is None for f in figures)
    assert all(f.find("{*}img").get("alt") for f in figures)


@pytest.mark.parametrize("edition", ["a5-pdf", "a5-large-print"])
def test_figures_print_with_their_captions_on_their_page(built, edition):
    with pdfplumber.open(built[edition]) as pdf:
        for label in ("Figure 1.1", "Figure 2.1"):
            (page,) = [p for p in pdf.pages if label in (p.extract_text() or "")]
            assert page.images, f"{label}'s caption is on a page without its image"
            image = page.images[0]
            caption = page.search(label)[0]
            assert 0 <= caption["top"] - image["bottom"] < 15 * MM


FIGURE_TOML = HYPHENATED_TOML.replace("justify = true\nhyphenate = true\n", "").replace(
    'glossary = "glossary.yaml"\n', ""
)


def test_a_figure_that_would_leave_a_hole_is_scaled_to_fit(tmp_path):
    """Text fills half the page; the figure after it is too tall for the rest at full
    size, but fits at 60 % or more: it stays on the page, scaled down."""
    from PIL import Image

    book = tmp_path / "book"
    (book / "images").mkdir(parents=True)
    Image.new("RGB", (1200, 1000), (40, 90, 120)).save(book / "images" / "wide.png")
    paragraph = (
        "A paragraph of plain text about looking after your back, long enough to wrap "
        "over several lines of the A5 page so that with the title they fill half of it. "
    ) * 2
    figure = '![A wide picture](../images/wide.png "A caption")'
    body = f"{paragraph}\n\n{figure}\n\nAfter.\n"
    chapter = f"---\ntitle: Figures\nauthors: [Test Press]\nupdated: 2024-01-01\n---\n\n{body}"
    write_book(book, {"01.md": chapter}, toml=FIGURE_TOML)
    result = run("build", str(book), "-o", str(tmp_path / "out"), "-f", "pdf", "--quiet")
    assert result.exit_code == 0, result.stderr
    with pdfplumber.open(next((tmp_path / "out").glob("*.pdf"))) as pdf:
        (page,) = [p for p in pdf.pages if "Figure 1.1" in (p.extract_text() or "")]
        assert "A paragraph of plain text" in page.extract_text()
        image = page.images[0]
        full_width = 116 * MM  # the A5 measure
        assert image["width"] < full_width - 1
        assert image["width"] >= 0.6 * full_width - 1


def column_edges(page, header: list[str]) -> list[float]:
    words = page.extract_words()
    return [next(w["x0"] for w in words if w["text"] == name) for name in header]


def test_table_columns_follow_their_content(built):
    """The load table: the weight column (short values) is narrow, the advice wide."""
    with pdfplumber.open(built["a5-pdf"]) as pdf:
        (page,) = [p for p in pdf.pages if "Advice for one person" in (p.extract_text() or "")]
        load, weight, advice = column_edges(page, ["Load", "Weight", "Advice"])
        right = max(w["x1"] for w in page.extract_words() if w["top"] > 25 * MM)
    assert advice - weight < 25 * MM  # "Weight" and "40 kg and more"
    assert right - advice > 55 * MM  # the advice takes the rest of the measure
    assert weight - load > 18 * MM


@pytest.mark.parametrize("edition", ["a5-pdf", "a5-large-print", "guide-pdf"])
def test_no_table_runs_past_the_text_block(built, edition):
    with pdfplumber.open(built[edition]) as pdf:
        for page in pdf.pages[3:]:
            body = [w for w in page.extract_words() if w["top"] > 21 * MM]
            if not body:
                continue
            left = min(w["x0"] for w in body)
            # The text block's right edge: the left edge plus the measure, from the pages' text.
            assert max(w["x1"] for w in body) - left < (page.width - 2 * 11 * MM), (
                f"page {page.page_number}"
            )


def test_a_wide_table_in_large_print_is_set_one_row_at_a_time(built):
    with pdfplumber.open(built["a5-large-print"]) as pdf:
        text = "\n".join(p.extract_text() or "" for p in pdf.pages)
    assert "Mon: Stretch twice" in text
    assert "Stretc\n" not in text  # no word broken to fit a column


# ---- footnotes -------------------------------------------------------------------


def footnotes_by_page(path: Path) -> list[tuple[set[int], set[int]]]:
    """Each page's (footnote calls, footnote notes) by number. A call is a small raised
    digit in the text (or "[3]" in large print); a note starts with "3." under the
    footnote rule at the foot of the page (WeasyPrint draws the rule as the footnote
    area's box, clipped to its top border)."""
    pages = []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            lines = page.extract_text_lines(return_chars=True)
            text = [line for line in lines if line["bottom"] < page.height - 21 * MM]
            foot = max((line["bottom"] for line in text), default=0)
            rule = [  # the footnote area: a box as wide as the text, down to the last line
                r["top"]
                for r in page.rects
                if page.width * 0.5 < r["width"] < page.width * 0.95
                and r["top"] > page.height / 2
                and r["top"] + r["height"] >= foot - 1
            ]
            notes, calls = set(), set()
            text_size = statistics.mode(c["size"] for c in page.chars) if page.chars else 0
            for line in lines:
                chars = line["chars"]
                number = re.match(r"(\d+)\. ", line["text"])
                below_rule = any(top < line["top"] for top in rule if top > page.height / 2)
                if number and below_rule and chars[0]["size"] < text_size + 0.1:
                    notes.add(int(number.group(1)))
                    continue
                for run_ in re.finditer(r"\[(\d+)\]", line["text"]):
                    calls.add(int(run_.group(1)))
                for char in chars:
                    raised = char["bottom"] < line["bottom"] - 1
                    if char["text"].isdigit() and char["size"] < text_size * 0.75 and raised:
                        calls.add(int(char["text"]))
            pages.append((calls, notes))
    return pages


FOOTNOTED = ["guide-pdf", "guide-large-print", "a5-pdf", "a5-large-print", "letter-pdf"]


@pytest.mark.parametrize("edition", [*FOOTNOTED, "letter-large-print", *HANDOUTS])
def test_every_footnote_is_on_the_page_of_its_call(built, edition):
    pages = footnotes_by_page(built[edition])
    if "handout" not in edition or "gene-therapy" in edition or "sitting" in edition:
        assert any(notes for _, notes in pages), "the book has footnotes"
    for index, (calls, notes) in enumerate(pages):
        assert notes <= calls, f"page {index + 1}: notes {notes} but calls {calls}"
        assert calls <= notes, f"page {index + 1}: calls {calls} but notes {notes}"


# ---- handouts --------------------------------------------------------------------


def text_area(pages) -> tuple[float, float]:
    """The top and bottom of the text area: where the handout's text starts and ends,
    over all its pages (the footer with "Page X of Y" is below it)."""
    lines = [line for page in pages for line in page.lines if line.bottom < page.height - 21 * MM]
    return min(line.top for line in lines), max(line.bottom for line in lines)


@pytest.mark.parametrize("edition", HANDOUTS)
def test_handout_pages_are_full_but_the_last(built, edition):
    """No forced breaks: a page but the last is at least two-thirds full, unless the block
    that opens the next page (the list of words, the disclaimer) could not fit below."""
    pages = read_lines(built[edition])
    top, bottom = text_area(pages)
    with pdfplumber.open(built[edition]) as pdf:
        images = [page.images for page in pdf.pages]
    for index, (page, following) in enumerate(itertools.pairwise(pages)):
        text = [line for line in page.lines if line.bottom < page.height - 21 * MM]
        used = max(line.bottom for line in text)
        if (used - top) / (bottom - top) >= 2 / 3:
            continue
        opening = [line for line in following.lines if line.bottom < page.height - 21 * MM]
        pictures = [i for i in images[index + 1] if i["top"] < opening[0].top]
        if pictures:  # a figure, too tall for the hole even at 60 % (figures.py)
            needed = 0.6 * pictures[0]["height"] + opening[0].bottom - pictures[0]["bottom"]
        else:
            assert opening[0].text in ("Words used in this handout", "Disclaimer"), (
                f"page {index + 1} is {(used - top) / (bottom - top):.0%} full"
            )
            ends = [line.top for line in opening[1:] if line.text == "Disclaimer"]
            needed = (ends[0] if ends else opening[-1].bottom) - opening[0].top
        assert needed > bottom - used, f"page {index + 1}: {opening[0].text!r} would fit"


@pytest.mark.parametrize("edition", HANDOUTS)
def test_handout_pages_say_page_x_of_y_and_the_print_date(built, edition):
    texts = [page.extract_text() for page in PdfReader(built[edition]).pages]
    for number, text in enumerate(texts, start=1):
        assert f"Page {number} of {len(texts)}" in text.replace("\xa0", " ")
        assert "Printed" in text


def test_the_list_of_words_stays_whole_when_it_fits_a_page(built):
    texts = [page.extract_text() for page in PdfReader(built["a5-handout-sitting"]).pages]
    (page,) = [text for text in texts if "Words used in this handout" in text]
    assert "Lumbar" in page and "Posture" in page


# ---- title page and contents -----------------------------------------------------


def test_the_title_page_aligns_and_does_not_repeat_the_publisher(built):
    """Title, subtitle and byline share one left edge; a publisher who is also an author
    ("The Treating Back Pain editors") is named once."""
    with pdfplumber.open(built["guide-pdf"]) as pdf:
        lines = pdf.pages[2].extract_text_lines()
    assert len({round(line["x0"], 1) for line in lines}) == 1
    texts = [line["text"] for line in lines]
    assert texts.count("The Treating Back Pain editors") == 1
    assert texts[:2] == ["Treating", "Back Pain"], "broken as the cover breaks it"


def test_the_contents_leader_keeps_clear_of_the_entry(built):
    """A space of at least an en between an entry's last word and the first dot."""
    with pdfplumber.open(built["guide-pdf"]) as pdf:
        page = next(p for p in pdf.pages if (p.extract_text() or "").startswith("Contents"))
        words = page.extract_words()
    entries = 0
    for word, following in itertools.pairwise(words):
        if following["text"].startswith(".") and not word["text"].startswith("."):
            entries += 1
            assert following["x0"] - word["x1"] >= 0.5 * 12 - 0.5, (word, following)
    assert entries >= 4


def glossary_page_numbers(path: Path, term: str) -> list[str]:
    """The page numbers printed after `term` in the glossary, as the lines show them."""
    with pdfplumber.open(path) as pdf:
        page = next(p for p in reversed(pdf.pages) if term in (p.extract_text() or ""))
        lines = (page.extract_text() or "").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(term))
    listed = lines[start][len(term) :]
    for line in lines[start + 1 :]:
        if not re.fullmatch(r"[\d, ]+", line):
            break
        listed += "\n" + line
    return re.findall(r"\S+", listed.replace(",", " "))


@pytest.mark.parametrize("layout", ["parallel", "single"])
def test_a_long_list_of_glossary_pages_breaks_between_numbers(tmp_path, layout):
    """A term used in many chapters lists many pages; a number is never split between
    two lines ("11" at a line's end, "60" on the next)."""
    body = "\nLumbar puncture is one way to test the fluid around the spine.\n"
    chapters = {f"{n:02}.md": chapter_text(body, title=f"Part {n}") for n in range(1, 61)}
    glossary = "- term: Lumbar puncture\n  definition: A needle test of the fluid.\n"
    toml = HYPHENATED_TOML.replace("justify = true\nhyphenate = true\n", "")
    book = write_book(tmp_path / "book", chapters, toml=toml, glossary=glossary)
    flags = [] if layout == "parallel" else ["--no-parallel-layout"]
    result = run("build", str(book), "-o", str(tmp_path / "out"), "-f", "pdf", "-q", *flags)
    assert result.exit_code == 0, result.stderr
    path = next((tmp_path / "out").glob("*.pdf"))
    labels = PdfReader(path).page_labels
    with pdfplumber.open(path) as pdf:
        texts = [page.extract_text() or "" for page in pdf.pages]
    used = [labels[i] for i, text in enumerate(texts) if "one way to test" in text]
    listed = glossary_page_numbers(path, "Lumbar puncture")
    assert len(used) == 60 and listed == used
