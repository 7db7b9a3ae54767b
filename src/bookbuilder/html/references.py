"""A chapter's links and images resolved: links to other chapters become neutral anchors
(`#<slug>--<id>`, or `#chapter-<slug>` for a whole chapter), local anchors get the
chapter's prefix, and images are checked and named by their path in the book."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from lxml import html as lxml_html

from bookbuilder.diagnostics import Report
from bookbuilder.html.positions import Locator, Position
from bookbuilder.model import CrossReference, Resource, chapter_anchor
from bookbuilder.paths import OutsideBook, book_relative, is_external, resolve
from bookbuilder.sources.assets import IMAGE_TYPES, image_problem
from bookbuilder.sources.assets import media_type as resource_type
from bookbuilder.text import chapter_slug

_CHAPTER_LINK = re.compile(r"^(?P<file>[^#?]+\.md)(?:#(?P<fragment>.*))?$")


@dataclass
class Found:
    """What resolving a chapter's links and images found, for its `Chapter`."""

    cross_references: list[CrossReference] = field(default_factory=list)
    images: list[Resource] = field(default_factory=list)
    external_links: list[tuple[str, int]] = field(default_factory=list)


@dataclass
class Place:
    """Where a chapter is, to resolve its references and locate their diagnostics."""

    root: Path  # the book folder
    path: Path  # the chapter file
    slug: str
    body: str
    body_line: int
    positions: dict[lxml_html.HtmlElement, Position] = field(default_factory=dict)
    locator: Locator = field(init=False)

    def __post_init__(self) -> None:
        self.locator = Locator(self.body, self.body_line)

    def of(self, element: lxml_html.HtmlElement, needle: str) -> Position:
        """Where `element` was written: its tracked position, else the next occurrence
        of `needle`."""
        return self.positions.get(element) or self.locator.locate(needle)

    def locate(self, needle: str) -> Position:
        return self.locator.locate(needle)


def resolve_links(fragment: lxml_html.HtmlElement, place: Place, report: Report, found: Found):
    prefix = f"{place.slug}--"
    for link in fragment.iter("a"):
        href = link.get("href")
        if href is None or href.startswith("#") or is_external(href):
            if href and href.startswith("#"):
                link.set("href", f"#{prefix}{href[1:]}")
            elif href:
                found.external_links.append((href, place.of(link, href)[0]))
            continue
        line, col = place.of(link, f"({href}")
        match = _CHAPTER_LINK.match(href)
        if match is None:
            report.error(
                "link-target",
                place.path,
                line,
                f"link '{href}' is neither a web address nor a chapter (.md)"
                if href.strip()
                else "a link with no target: write a web address or a chapter file in ( )",
                col,
            )
            continue
        try:
            target = resolve(place.root, place.path.parent, match["file"])
        except OutsideBook as problem:
            report.error("path-outside", place.path, line, f"link: {problem}", col)
            continue
        slug = chapter_slug(target.name)
        fragment_id = match["fragment"]
        found.cross_references.append(
            CrossReference(match["file"], slug, fragment_id or None, line, col)
        )
        link.set("href", f"#{slug}--{fragment_id}" if fragment_id else f"#{chapter_anchor(slug)}")
        link.set("class", " ".join(filter(None, [link.get("class"), "xref"])))


def resolve_images(fragment: lxml_html.HtmlElement, place: Place, report: Report, found: Found):
    for image in fragment.iter("img"):
        src = image.get("src", "")
        line, col = place.of(image, src or "<img")
        try:
            path = resolve(place.root, place.path.parent, src)
        except OutsideBook as problem:
            report.error("path-outside", place.path, line, f"image: {problem}", col)
            continue
        media_type = resource_type(path)
        if not path.is_file():
            report.error("image-missing", place.path, line, _missing(src, path, place), col)
        elif media_type not in IMAGE_TYPES:
            report.error(
                "image-type",
                place.path,
                line,
                f"image '{src}' must be PNG, JPEG, GIF, SVG or WebP",
                col,
            )
        elif problem := image_problem(path):
            report.error("image-corrupt", place.path, line, f"image '{src}' {problem}", col)
        else:
            book_path = book_relative(place.root, path)
            image.set("src", book_path)
            found.images.append(Resource(path, book_path, media_type))


def _missing(written: str, resolved: Path, place: Place) -> str:
    """Why a file was not found: where the path led (paths are relative to the chapter's
    folder), and the path that would work when the file is there relative to the book."""
    if not written.strip():
        return "an image with no file named: give it a src, or remove it"
    root = place.root.resolve()
    message = (
        f"image '{written}' does not exist: it would be {resolved.relative_to(root).as_posix()}"
        " (paths are relative to the chapter's folder)"
    )
    try:
        from_book = resolve(root, root, written)
    except OutsideBook:
        return message
    if from_book.is_file():
        suggestion = os.path.relpath(from_book, place.path.parent.resolve())
        message += f"; did you mean '{Path(suggestion).as_posix()}'?"
    return message
