"""Book -> the web edition's files: every page from its template, the styles, the fonts,
the search index and the book's images, by their path in the site.

The same book gives the same bytes (no dates but the book's, fonts converted
deterministically), so a site can be rebuilt and synced without spurious changes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources

from bookbuilder import __version__, theme
from bookbuilder.covers import root_custom_properties_css
from bookbuilder.model import Book
from bookbuilder.script_fonts import embedded_fonts, font_faces_css
from bookbuilder.web.fonts import web_fonts
from bookbuilder.web.links import PART_PAGES, SEARCH_PAGE, WebLinks
from bookbuilder.web.pages import PageFragments
from bookbuilder.web.search import search_index, sections_of

HOME, ABOUT, GLOSSARY = PART_PAGES["titlepage"], PART_PAGES["imprint"], PART_PAGES["glossary"]
STYLESHEET = "styles/web.css"
FONTS_STYLESHEET = "styles/fonts.css"
BOOK_STYLESHEET = "styles/book.css"  # the book's colours (styles/epub.css) and styles/web.css
SEARCH_SCRIPT = "scripts/search.js"
SEARCH_INDEX = "scripts/search-index.js"


@dataclass(frozen=True)
class Preview:
    """What `make-book serve` adds to every page: its live-reload script, and on each
    chapter a link that opens the print edition at that chapter (`print_href(slug)`)."""

    script: str
    print_href: Callable[[str], str]


@dataclass(frozen=True)
class PageLink:
    href: str
    title: str


def render_site(book: Book, preview: Preview | None = None) -> dict[str, bytes]:
    """Every file of the web edition, by its path in the site."""
    config = book.config
    env = theme.environment(config)
    words = theme.translations(config).gettext
    links = WebLinks(book)
    fragments = PageFragments(links, book.glossary, words)
    files: dict[str, bytes] = {}

    script_fonts = embedded_fonts(book)
    styles = _stylesheets(book, font_faces_css(script_fonts, "styles"))
    files.update({path: css.encode("utf-8") for path, css in styles.items()})
    for font in [*web_fonts(), *script_fonts]:
        files[font.file_name] = font.data
    for resource in book.resources:
        files[resource.book_path] = resource.source.read_bytes()
    files[SEARCH_SCRIPT] = _static("search.js")
    sections = sections_of(book, links.chapter_pages, GLOSSARY, words)
    files[SEARCH_INDEX] = search_index(sections).encode("utf-8")

    chapters = {chapter.slug: chapter for chapter in book.chapters}
    order = [PageLink(HOME, words("Contents"))]
    order += [PageLink(links.chapter_pages[c.slug], c.title) for c in book.chapters]
    if book.glossary:
        order.append(PageLink(GLOSSARY, words("Glossary")))
    order.append(PageLink(ABOUT, words("About this edition")))

    def page(here: str, template: str, **context) -> None:
        position = next((i for i, link in enumerate(order) if link.href == here), None)
        neighbours = {"previous_page": None, "next_page": None}
        if position is not None and here != HOME:
            neighbours["previous_page"] = order[position - 1]
            neighbours["next_page"] = order[position + 1] if position + 1 < len(order) else None
        elif here == HOME and len(order) > 1:
            neighbours["next_page"] = order[1]
        html = env.get_template(template).render(
            book=book,
            here=here,
            home=HOME,
            about_page=ABOUT,
            glossary_page=GLOSSARY,
            search_page=SEARCH_PAGE,
            search_index=SEARCH_INDEX,
            search_script=SEARCH_SCRIPT,
            chapter_pages=links.chapter_pages,
            chapters=chapters,
            stylesheets=list(styles),
            href=lambda anchor: links.href(anchor, here),
            preview=preview,
            version=__version__,
            **neighbours,
            **context,
        )
        files[here] = html.encode("utf-8")

    page(HOME, "web/index.html.jinja")
    for chapter in book.chapters:
        here = links.chapter_pages[chapter.slug]
        page(
            here,
            "web/chapter.html.jinja",
            chapter=chapter,
            chapter_html=fragments.chapter(chapter.html, here),
        )
    if book.glossary:
        definitions = {e.id: fragments.definition(e, GLOSSARY) for e in book.glossary}
        page(GLOSSARY, "web/glossary.html.jinja", definitions=definitions)
    page(ABOUT, "web/about.html.jinja")
    page(SEARCH_PAGE, "web/search.html.jinja")
    return dict(sorted(files.items()))


def _stylesheets(book: Book, script_faces: str) -> dict[str, str]:
    """The site's styles, in the order pages link them: the fonts (`script_faces`, those
    of the book's scripts), the package's web.css, then the book's own: the colours its
    styles/epub.css sets on :root (so the web edition wears the EPUB's colours) and its
    styles/web.css."""
    config = book.config
    sheets = {FONTS_STYLESHEET: script_faces + _font_faces()}
    default, own_web = theme.stylesheet_parts(config, "web.css")
    sheets[STYLESHEET] = default
    _, own_epub = theme.stylesheet_parts(config, "epub.css")
    palette = root_custom_properties_css(own_epub) if own_epub else ""
    book_css = "\n".join(
        part
        for part in (
            f"/* The colours of styles/epub.css */\n{palette}" if palette else "",
            f"/* styles/web.css */\n{own_web}" if own_web is not None else "",
        )
        if part
    )
    if book_css:
        sheets[BOOK_STYLESHEET] = book_css
    return sheets


def _font_faces() -> str:
    rules = []
    for font in web_fonts():
        rules.append(
            f'@font-face {{ font-family: "{font.family}"; src: url("../{font.file_name}") '
            f'format("woff2"); font-weight: {font.weight}; font-style: {font.style}; '
            "font-display: swap; }"
        )
    return "\n".join(rules) + "\n"


def _static(name: str) -> bytes:
    return resources.files("bookbuilder").joinpath("web", "static", name).read_bytes()
