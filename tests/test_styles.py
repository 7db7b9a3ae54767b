"""Styles: the package's defaults are neutral, a book's styles/ extends them, and the guide's
own look (teal and yellow) lives in its styles/, reaching the PDF, the EPUB and its cover."""

from __future__ import annotations

import dataclasses
import io
import shutil
from importlib import resources
from pathlib import Path

import pytest
import tinycss2
import tinycss2.color4
from PIL import Image

from bookbuilder.epub import cover as cover_module
from bookbuilder.epub.cover import MARGIN, NEUTRAL
from helpers import BOOKS, NS, REPOSITORY, Epub, Pdf, run

PACKAGE_STYLES = ("epub.css", "print.css", "large-print.css", "handout.css")
# The guide's identity: its accent, tints and rules, the title page's rule, its cover.
GUIDE_COLOURS = (
    "#1d5b74",
    "#eef4f6",
    "#edf3f5",
    "#b9c9cf",
    "#c8d3d8",
    "#f2b705",
    "#173f4f",
    "#d6e5ea",
)
TEAL = (0x1D, 0x5B, 0x74)
YELLOW = (0xF2, 0xB7, 0x05)
SLATE = (0x3B, 0x50, 0x68)  # the package's neutral accent
WHITE = (255, 255, 255)


def package_css(name: str) -> str:
    return resources.files("bookbuilder").joinpath("styles", name).read_text("utf-8")


def root_properties(css: str) -> dict[str, str]:
    """The custom properties set on :root, last one winning."""
    found = {}
    for rule in tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True):
        if rule.type == "qualified-rule" and tinycss2.serialize(rule.prelude).strip() == ":root":
            for item in tinycss2.parse_blocks_contents(rule.content, skip_whitespace=True):
                if item.type == "declaration" and item.name.startswith("--"):
                    found[item.name] = tinycss2.serialize(item.value).strip()
    return found


def rgb(value: str) -> tuple[int, int, int]:
    colour = tinycss2.color4.parse_color(value).to("srgb")
    return tuple(round(channel * 255) for channel in colour.coordinates)


def contrast(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    """WCAG 2 contrast ratio."""

    def luminance(colour):
        linear = [
            c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
            for c in (v / 255 for v in colour)
        ]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def pdf_rgb(colour) -> tuple[int, int, int]:
    return tuple(round(c * 255) for c in colour)


def cover_of(epub: Epub) -> Image.Image:
    (href,) = epub.opf_xpath("//opf:item[contains(@properties, 'cover-image')]/@href")
    return Image.open(io.BytesIO(epub.read(href))).convert("RGB")


def accent_bar(cover: Image.Image) -> tuple[int, int, int]:
    """A pixel of the short bar above the title (drawn at y 640-656 from the left margin)."""
    return cover.getpixel((MARGIN + 100, 648))


def build_epub(book: Path, out: Path) -> Epub:
    result = run("build", str(book), "-o", str(out), "-f", "epub", "--quiet")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == "", "a book's colours never cause a warning or an error"
    (epub,) = out.glob("*.epub")
    return Epub(epub)


def minimal_with_styles(tmp_path: Path, epub_css: str | None) -> Path:
    book = tmp_path / "book"
    shutil.copytree(BOOKS / "minimal", book)
    if epub_css is not None:
        (book / "styles").mkdir()
        (book / "styles" / "epub.css").write_text(epub_css, "utf-8")
    return book


def chapter_number_colours(pdf: Pdf, number: int) -> set[tuple[int, int, int]]:
    """The colours of the 'CHAPTER n' label on the page where chapter `number` opens."""
    (index,) = [i for i in range(len(pdf)) if pdf.text(i).startswith(f"CHAPTER {number} ")]
    words = pdf.plumber.pages[index].extract_words(extra_attrs=["non_stroking_color"])
    label = [w for w in words if w["text"] in ("CHAPTER", str(number))][:2]
    assert [w["text"] for w in label] == ["CHAPTER", str(number)]
    return {pdf_rgb(w["non_stroking_color"]) for w in label}


def title_rule_colours(pdf: Pdf) -> set[tuple[int, int, int]]:
    """The fill colours of what is drawn on the title page: its rule above the title."""
    page = pdf.plumber.pages[pdf.reader.page_labels.index("i")]
    return {pdf_rgb(shape["non_stroking_color"]) for shape in page.rects + page.curves}


# ---- The package's defaults ---------------------------------------------------------


@pytest.mark.parametrize("name", PACKAGE_STYLES)
def test_package_styles_hold_none_of_the_guides_colours(name: str):
    css = package_css(name).lower()
    assert [colour for colour in GUIDE_COLOURS if colour in css] == []


def test_neutral_palette_meets_contrast_on_white_and_on_its_tint():
    for name in ("epub.css", "print.css"):
        properties = root_properties(package_css(name))
        tint = rgb(properties["--tint"])
        for text in ("--accent", "--muted"):
            colour = rgb(properties[text])
            assert contrast(colour, WHITE) >= 4.5, (name, text)
            assert contrast(colour, tint) >= 4.5, (name, text, "on the tint")
        assert rgb(properties["--accent"]) == SLATE
    cover = root_properties(package_css("epub.css"))
    for text in ("--cover-text", "--cover-muted"):
        assert contrast(rgb(cover[text]), rgb(cover["--cover-background"])) >= 4.5, text
    # The cover's fallback colours in Python are the ones the package's epub.css declares.
    assert NEUTRAL.background == rgb(cover["--cover-background"])
    assert NEUTRAL.text == rgb(cover["--cover-text"])
    assert NEUTRAL.muted == rgb(cover["--cover-muted"])
    assert NEUTRAL.accent == rgb(cover["--cover-accent"])


def test_large_print_stays_black_on_white():
    properties = root_properties(package_css("large-print.css"))
    assert {properties[name] for name in ("--accent", "--muted", "--rule", "--highlight")} == {
        "#000"
    }
    assert properties["--tint"] == "#fff"


def test_epub_colours_have_a_plain_fallback_before_each_var():
    """Reading systems without var() (Adobe RMSDK) keep the plain colour written before it."""
    rules = tinycss2.parse_stylesheet(package_css("epub.css"), skip_comments=True)
    checked = 0
    for rule in rules:
        if rule.type != "qualified-rule":
            continue
        declarations = [
            d
            for d in tinycss2.parse_blocks_contents(rule.content, skip_whitespace=True)
            if d.type == "declaration" and not d.name.startswith("--")
        ]
        for position, declaration in enumerate(declarations):
            if "var(" not in tinycss2.serialize(declaration.value):
                continue
            checked += 1
            earlier = [d for d in declarations[:position] if "var(" not in d.serialize()]
            property_name = declaration.name
            assert any(
                d.name == property_name or property_name.startswith(f"{d.name}-") for d in earlier
            ), f"{tinycss2.serialize(rule.prelude).strip()} {{ {property_name} }} has no fallback"
    assert checked >= 10


def test_a_book_without_styles_gets_the_neutral_cover(minimal: Epub):
    cover = cover_of(minimal)
    assert cover.getpixel((5, 5)) == NEUTRAL.background
    assert accent_bar(cover) == NEUTRAL.accent


# ---- A book's own styles --------------------------------------------------------------


def test_a_books_cover_takes_its_colours_from_its_styles(tmp_path: Path):
    css = ":root {\n  --cover-background: #7a1f3d;\n  --cover-accent: rgb(10 200 30);\n}\n"
    epub = build_epub(minimal_with_styles(tmp_path, css), tmp_path / "out")
    cover = cover_of(epub)
    assert cover.getpixel((5, 5)) == (0x7A, 0x1F, 0x3D)
    assert cover.getpixel((cover.width - 5, cover.height - 5)) == (0x7A, 0x1F, 0x3D)
    assert accent_bar(cover) == (10, 200, 30)
    assert "--cover-background: #2b3846" in epub.read(epub.manifest_href("style")).decode()
    assert "#7a1f3d" in epub.read(epub.manifest_href("book-style")).decode("utf-8")
    assert_book_style_links_last(epub)


def assert_book_style_links_last(epub: Epub) -> None:
    """Every document links the package's style, then the book's, which so wins."""
    for href in epub.xhtml_documents:
        links = epub.document(href).xpath("//x:link[@rel='stylesheet']/@href", namespaces=NS)
        assert [link.rsplit("/", 1)[-1] for link in links] == ["epub.css", "book.css"], href


def test_a_cover_colour_may_name_another_custom_property(tmp_path: Path):
    css = ":root { --accent: #1f5f3a; --cover-background: var(--accent); }\n"
    cover = cover_of(build_epub(minimal_with_styles(tmp_path, css), tmp_path / "out"))
    assert cover.getpixel((5, 5)) == (0x1F, 0x5F, 0x3A)


@pytest.mark.parametrize(
    "value", ["not-a-colour", "#12345", "var(--nowhere)", "12px", "currentColor"]
)
def test_an_unreadable_cover_colour_keeps_the_neutral_default(tmp_path: Path, value: str):
    css = f":root {{ --cover-background: {value}; --cover-accent: #ff0000; }}\n"
    cover = cover_of(build_epub(minimal_with_styles(tmp_path, css), tmp_path / "out"))
    assert cover.getpixel((5, 5)) == NEUTRAL.background
    assert accent_bar(cover) == (255, 0, 0), "the colours that can be read still apply"


def test_a_cover_is_drawn_once_and_again_only_when_what_it_shows_changes(
    tmp_path: Path, monkeypatch
):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    drawn = []
    draw = cover_module.make_cover
    monkeypatch.setattr(cover_module, "make_cover", lambda *a: drawn.append(a) or draw(*a))
    book = (tmp_path / "book", "A Title", None, "A Publisher")
    first = cover_module.cached_cover(*book, NEUTRAL)
    assert cover_module.cached_cover(*book, NEUTRAL) == first == draw(*book[1:], NEUTRAL)
    assert len(drawn) == 1
    assert cover_module.cached_cover(*book, NEUTRAL, reuse=False) == first  # --force
    assert len(drawn) == 2
    other = cover_module.cached_cover(
        tmp_path / "book", "Another Title", None, "A Publisher", NEUTRAL
    )
    teal = dataclasses.replace(NEUTRAL, background=(0x1D, 0x5B, 0x74))
    in_teal = cover_module.cached_cover(*book, teal)
    assert len(drawn) == 4 and len({first, other, in_teal}) == 3
    assert Image.open(io.BytesIO(in_teal)).getpixel((5, 5)) == (0x1D, 0x5B, 0x74)
    assert len(list((tmp_path / "cache" / "bookbuilder" / "covers").iterdir())) == 1


def test_a_books_own_template_is_compiled_again_when_it_changes(tmp_path: Path, monkeypatch):
    """Compiled templates are kept in the user cache folder: an edited one is not."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    book = minimal_with_styles(tmp_path, None)
    (book / "templates").mkdir()
    imprint = book / "templates" / "imprint.xhtml.jinja"
    for edition in ("first", "second"):
        imprint.write_text(
            '{% extends "base.xhtml.jinja" %}{% block title %}Imprint{% endblock %}'
            f"{{% block body %}}<p>The {edition} edition</p>{{% endblock %}}",
            "utf-8",
        )
        epub = build_epub(book, tmp_path / edition)
        text = " ".join(" ".join(epub.document(h).itertext()) for h in epub.xhtml_documents)
        assert f"The {edition} edition" in text
    assert list((tmp_path / "cache" / "bookbuilder" / "templates").glob("*.cache"))


# ---- The guide: the worked example -----------------------------------------------------


def test_the_guide_has_its_own_styles():
    for name in ("epub.css", "print.css"):
        text = (REPOSITORY / "styles" / name).read_text("utf-8")
        assert text.startswith("/*") and "extends" in text.split("*/")[0]
        assert root_properties(text)["--accent"] == "#1d5b74"


def test_the_guides_epub_is_teal_with_a_teal_and_yellow_cover(guide: Epub):
    stylesheet = guide.read(guide.manifest_href("book-style")).decode("utf-8")
    assert root_properties(stylesheet)["--accent"] == "#1d5b74", "the guide's accent wins"
    assert_book_style_links_last(guide)
    cover = cover_of(guide)
    assert cover.getpixel((5, 5)) == (23, 63, 79), "deep teal"
    assert accent_bar(cover) == YELLOW


def test_the_guides_pdf_is_teal_with_a_yellow_title_rule(guide_pdf_path: Path):
    pdf = Pdf(guide_pdf_path)
    assert chapter_number_colours(pdf, 1) == {TEAL}
    assert title_rule_colours(pdf) == {YELLOW}


def test_a_book_without_styles_prints_in_the_neutral_slate(print_book_pdf_path: Path):
    pdf = Pdf(print_book_pdf_path)
    assert chapter_number_colours(pdf, 1) == {SLATE}
    assert title_rule_colours(pdf) == {SLATE}, "the title rule follows the accent"
