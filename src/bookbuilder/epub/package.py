"""Book -> EPUB 3: every document from a jinja template, packaged by ebooklib.

ebooklib writes the OPF, the NCX and the archive; `output.reproducible_zip` then fixes
entry order and timestamps so that the same sources give the same bytes.
"""

from __future__ import annotations

import io
from collections import defaultdict

from ebooklib import epub
from lxml import etree

from bookbuilder import theme
from bookbuilder.epub.cover import cover_for
from bookbuilder.epub.links import EpubLinks
from bookbuilder.epub.metadata import add_metadata
from bookbuilder.model import Book, PageBreak
from bookbuilder.output import reproducible_zip
from bookbuilder.script_fonts import embedded_fonts, font_faces_css

XHTML = "application/xhtml+xml"
XHTML_NS = "http://www.w3.org/1999/xhtml"
OPS_NS = "http://www.idpf.org/2007/ops"
# A page-break marker goes inside these (their content model allows no span beside them).
MARKER_INSIDE = {"li", "dt", "dd", "td", "th", "tr", "section", "header"}
STYLESHEET = "styles/epub.css"
BOOK_STYLESHEET = "styles/book.css"  # the book's own styles/epub.css, linked after it
FONTS_STYLESHEET = "styles/fonts.css"  # @font-face for the scripts' fonts (epub/fonts.py)


class _Writer(epub.EpubWriter):
    """ebooklib's writer, plus the `xml:lang` on `<package>` that EPUB 3 expects."""

    def _write_opf_file(self, root):
        root.set("{http://www.w3.org/XML/1998/namespace}lang", self.book.language)
        super()._write_opf_file(root)


def render_epub(
    book: Book, page_breaks: tuple[PageBreak, ...] = (), *, use_cache: bool = True
) -> bytes:
    """The EPUB file's bytes, carrying the print edition's page breaks when given;
    `use_cache` false (`--force`): its generated cover is drawn afresh."""
    env = theme.environment(book.config)
    links = EpubLinks(book)
    chapters_by_slug = {chapter.slug: chapter for chapter in book.chapters}
    breaks_in: dict[str, list[PageBreak]] = defaultdict(list)
    for page_break in page_breaks:
        breaks_in[links.file_of(page_break.anchor)].append(page_break)

    default_css, book_css = theme.stylesheet_parts(book.config, "epub.css")
    stylesheets = [STYLESHEET] + ([BOOK_STYLESHEET] if book_css is not None else [])
    script_fonts = embedded_fonts(book)
    fonts_css = font_faces_css(script_fonts) if script_fonts else None
    if fonts_css is not None:
        stylesheets.insert(0, FONTS_STYLESHEET)

    def document(uid: str, file_name: str, template: str, **context) -> epub.EpubItem:
        text = env.get_template(template).render(
            book=book,
            stylesheet=STYLESHEET,
            stylesheets=stylesheets,
            chapters=chapters_by_slug,
            page_breaks=page_breaks,
            href=links.href,
            file_of=links.file_of,
            **context,
        )
        breaks = breaks_in[file_name]
        content = _with_page_breaks(text, breaks) if breaks else text.encode("utf-8")
        return epub.EpubItem(uid=uid, file_name=file_name, media_type=XHTML, content=content)

    cover = cover_for(book, use_cache=use_cache)
    package = epub.EpubBook()
    if theme.text_direction(book.config) == "rtl":
        package.set_direction("rtl")  # the spine's page-progression-direction
    add_metadata(package, book, paginated=bool(page_breaks))
    for uid, file_name, css in (
        ("fonts-style", FONTS_STYLESHEET, fonts_css),
        ("style", STYLESHEET, default_css),
        ("book-style", BOOK_STYLESHEET, book_css),
    ):
        if css is not None:
            package.add_item(
                epub.EpubItem(
                    uid=uid, file_name=file_name, media_type="text/css", content=css.encode("utf-8")
                )
            )
    cover_image = epub.EpubItem(
        uid="cover-image",
        file_name=f"images/{cover.file_name}",
        media_type=cover.media_type,
        content=cover.data,
    )
    cover_image.properties = ["cover-image"]
    package.add_item(cover_image)
    for font in script_fonts:
        package.add_item(
            epub.EpubItem(
                uid=f"font-{_id(font.file_name)}",
                file_name=font.file_name,
                media_type=font.media_type,
                content=font.data,
            )
        )
    for image in book.resources:
        package.add_item(
            epub.EpubItem(
                uid=f"img-{_id(image.book_path)}",
                file_name=image.book_path,
                media_type=image.media_type,
                content=image.source.read_bytes(),
            )
        )

    cover_page = document(
        "cover", "cover.xhtml", "cover.xhtml.jinja", cover_path=cover_image.file_name
    )
    titlepage = document("titlepage", "titlepage.xhtml", "titlepage.xhtml.jinja")
    imprint = document("imprint", "imprint.xhtml", "imprint.xhtml.jinja")
    nav = document("nav", "nav.xhtml", "nav.xhtml.jinja")
    nav.properties = ["nav"]
    chapter_items = []
    for chapter in book.chapters:
        file_name = links.file_of(chapter.anchor)
        chapter_items.append(
            document(
                f"ch-{chapter.slug}",
                file_name,
                "chapter.xhtml.jinja",
                chapter=chapter,
                chapter_html=links.chapter_html(chapter.html, file_name),
            )
        )
    spine = [cover_page, titlepage, imprint, nav, *chapter_items]
    if book.glossary:
        glossary = document("glossary", "glossary.xhtml", "glossary.xhtml.jinja")
        glossary.properties = ["glossary"]
        spine.append(glossary)
    for item in spine:
        package.add_item(item)
    package.add_item(epub.EpubNcx())
    package.spine = spine
    package.toc = _ncx_toc(book, links)

    raw = io.BytesIO()
    writer = _Writer(
        raw,
        package,
        {
            "mtime": book.modified,
            "epub3_landmark": False,
            "epub3_pages": False,
            "epub2_guide": False,
            "compresslevel": 0,  # compressed once, by reproducible_zip
        },
    )
    writer.process()
    writer.write()
    return reproducible_zip(raw.getvalue(), book.modified)


def _with_page_breaks(xhtml: str, breaks: list[PageBreak]) -> bytes:
    """Insert a `pagebreak` marker where each printed page starts (paragraph precision)."""
    root = etree.fromstring(xhtml.encode("utf-8"))
    by_id = {element.get("id"): element for element in root.iter() if element.get("id")}
    for page_break in breaks:
        target = by_id.get(page_break.anchor)
        if target is None:
            continue
        marker = etree.Element(
            f"{{{XHTML_NS}}}span",
            {
                f"{{{OPS_NS}}}type": "pagebreak",
                "role": "doc-pagebreak",
                "id": f"page-{page_break.label}",
                "aria-label": page_break.label,
            },
        )
        if etree.QName(target).localname in MARKER_INSIDE:
            marker.tail, target.text = target.text, None
            target.insert(0, marker)
        else:
            target.addprevious(marker)
    return etree.tostring(
        root.getroottree(), xml_declaration=True, encoding="utf-8", doctype="<!DOCTYPE html>"
    )


def _ncx_toc(book: Book, links: EpubLinks) -> list:
    """The table of contents for EPUB 2 reading systems (ebooklib writes it as toc.ncx)."""
    toc: list = []
    for chapter in book.chapters:
        sections = [
            epub.Link(links.href(h.anchor), h.text, h.anchor)
            for h in chapter.headings
            if h.level == 2
        ]
        if sections:
            toc.append((epub.Section(chapter.title, links.href(chapter.anchor)), sections))
        else:
            toc.append(epub.Link(links.href(chapter.anchor), chapter.title, chapter.slug))
    if book.glossary:
        glossary = theme.translations(book.config).gettext("Glossary")
        toc.append(epub.Link(links.href("glossary"), glossary, "glossary"))
    return toc


def _id(path: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in path)
