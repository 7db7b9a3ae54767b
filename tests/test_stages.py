"""Single stages on a few lines of input: the html stage's neutral XHTML, the EPUB's
mapping of neutral anchors, the config stage's overrides, the cache's codec."""

from __future__ import annotations

import pytest
from lxml import html as lxml_html

from bookbuilder import read_book
from bookbuilder.codec import decode, encode
from bookbuilder.diagnostics import BookError
from bookbuilder.epub.links import EpubLinks
from bookbuilder.model import Chapter
from helpers import BOOKS, MINIMAL_TOML, load_config, render_chapter


def links(chapter: Chapter) -> list[tuple[str, str]]:
    fragment = lxml_html.fragment_fromstring(chapter.html, create_parent="div")
    return [(a.text_content(), a.get("href")) for a in fragment.iter("a")]


def test_links_between_chapters_are_neutral_anchors():
    chapter, diagnostics = render_chapter(
        "See [the method](02-gene-therapy.md#how-it-works) and [all of it](02-gene-therapy.md).\n"
    )
    assert diagnostics == []
    assert links(chapter) == [
        ("the method", "#gene-therapy--how-it-works"),
        ("all of it", "#chapter-gene-therapy"),
    ]
    assert [(r.target_slug, r.fragment, r.line) for r in chapter.cross_references] == [
        ("gene-therapy", "how-it-works", 1),
        ("gene-therapy", None, 1),
    ]
    assert ".xhtml" not in chapter.html


def test_local_anchors_get_the_chapter_prefix_and_blocks_get_ids():
    chapter, _ = render_chapter("## Intro\n\nFirst.\n\nBack to [the intro](#intro).\n")
    assert ("the intro", "#chapter--intro") in links(chapter)
    assert [h.anchor for h in chapter.headings] == ["chapter--intro"]
    assert 'id="chapter--b2"' in chapter.html  # the first paragraph, after the heading


def test_a_missing_local_anchor_is_an_error_on_its_line():
    _, diagnostics = render_chapter("One.\n\nTwo, see [nowhere](#nowhere).\n")
    assert [(d.code, d.line) for d in diagnostics] == [("link-anchor", 3)]


def test_the_first_use_of_a_term_links_to_its_neutral_glossary_anchor():
    chapter, _ = render_chapter(
        "## Endorphin\n\nAn endorphin eases pain; `endorphin` in code and another endorphin.\n",
        glossary={"Endorphin": "A protein the body makes."},
    )
    assert [href for _, href in links(chapter)] == ["#gl-endorphin"]
    assert [(u.entry_id, u.anchor) for u in chapter.glossary_uses] == [
        ("gl-endorphin", "chapter--use-gl-endorphin")
    ]


def test_an_image_without_alt_text_is_an_error_on_its_line(tmp_path):
    (tmp_path / "chapters").mkdir()
    _, diagnostics = render_chapter("Text.\n\n![](missing.png)\n", folder=tmp_path)
    assert [(d.code, d.line) for d in diagnostics] == [("image-missing", 3), ("image-alt", 3)]


def test_the_epub_maps_neutral_anchors_to_its_files():
    book, _ = read_book(BOOKS / "minimal")
    epub = EpubLinks(book)
    first = book.chapters[0]
    assert epub.href(first.anchor) == f"{first.slug}.xhtml"
    assert epub.href(f"{first.slug}--b1") == f"{first.slug}.xhtml#{first.slug}--b1"
    assert epub.href(f"{first.slug}--b1", here=f"{first.slug}.xhtml") == f"#{first.slug}--b1"
    entry = book.glossary[0]
    assert epub.href(entry.id) == f"glossary.xhtml#{entry.id}"
    assert epub.href("glossary") == "glossary.xhtml"
    assert epub.file_of("book-title") == "titlepage.xhtml"
    assert epub.file_of("not-an-anchor-of-the-book") is None


def test_config_overrides_apply_after_the_file(tmp_path):
    config, diagnostics = load_config(MINIMAL_TOML, tmp_path)
    assert diagnostics == []
    assert (config.formats, config.print_ready) == (("epub", "pdf"), False)
    assert config.output_dir == tmp_path / "output"
    config, _ = load_config(
        MINIMAL_TOML, tmp_path, formats=["pdf"], print_ready=True, output_dir=tmp_path / "o"
    )
    assert (config.formats, config.print_ready, config.output_dir) == (
        ("pdf",),
        True,
        tmp_path / "o",
    )


def test_an_unknown_format_override_is_a_config_error(tmp_path):
    with pytest.raises(BookError) as raised:
        load_config(MINIMAL_TOML, tmp_path, formats=["docx"])
    assert [d.code for d in raised.value.diagnostics] == ["config-value"]
    assert "docx" in raised.value.diagnostics[0].message


def test_the_cache_codec_gives_back_the_same_chapter():
    book, _ = read_book(BOOKS / "minimal")
    for chapter in book.chapters:
        data = {k: v for k, v in encode(chapter).items() if k != "source"}
        assert decode(Chapter, data, source=chapter.source) == chapter


def test_a_heading_that_skips_a_level_is_reported_where_it_is_written():
    _, diagnostics = render_chapter(
        "Intro.\n\n## Section\n\nText.\n\n#### Deep one\n\nMore.\n\n## Back\n\n### Fine\n"
    )
    skipped = [(d.line, d.col, d.code) for d in diagnostics if d.code == "heading-skip"]
    assert skipped == [(7, 1, "heading-skip")]
    assert "'Deep one' is 2 levels below" in next(
        d.message for d in diagnostics if d.code == "heading-skip"
    )
    _, none = render_chapter("## A\n\n### B\n\n## C\n\n### D\n\n#### E\n")
    assert [d for d in none if d.code == "heading-skip"] == []
