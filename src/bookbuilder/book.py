"""Gather everything into one frozen `Book`: chapters, glossary, disclaimer, cover, dates.

Takes the validated config and returns the Book. All reading and resolving happens here
(as in mkdocs: gather first, then write), so renderers only ever see a complete, checked
book whose cross-references all resolve.
"""

from __future__ import annotations

import io
import os
import uuid
from datetime import UTC, date, datetime, time

from PIL import Image as PILImage

from bookbuilder import theme
from bookbuilder.diagnostics import Report
from bookbuilder.html.chapter import Labels
from bookbuilder.html.chapter_cache import ChapterCache
from bookbuilder.html.chapters import render_chapters
from bookbuilder.html.glossary import render_glossary
from bookbuilder.html.markdown import new_markdown
from bookbuilder.html.sanitize import render_safe_markup
from bookbuilder.model import Book, BookConfig, Chapter, Cover
from bookbuilder.output import build_day
from bookbuilder.sources.assets import style_resources
from bookbuilder.sources.bibliography import read_bibliography
from bookbuilder.sources.chapters import read_chapters, read_text
from bookbuilder.sources.glossary import read_glossary
from bookbuilder.text import line_of


def load_book(config: BookConfig, report: Report, cache: ChapterCache | None = None) -> Book:
    """The book `config` describes; its warnings go to `report`, and BookError is raised on
    errors. With a `cache`, chapters that have not changed since the last build are not
    rendered again."""
    terms = read_glossary(config.glossary, report)
    sources = read_chapters(config.chapters, report)
    bibliography = read_bibliography(config, report)
    report.raise_if_errors()
    words = theme.translations(config)
    labels = Labels(
        words.gettext("Figure %(number)s"),
        words.gettext("Back to text"),
        words.gettext("References"),
        config.language,
    )
    chapters = render_chapters(config.root, terms, sources, report, cache, labels, bibliography)
    _check_cross_references(chapters, report)
    disclaimer_html = _disclaimer(config, report)
    cover = _cover(config, report)
    resources = style_resources(config.root, report)
    report.raise_if_errors()
    edition_date = max(chapter.source.updated for chapter in chapters)
    book = Book(
        config=config,
        chapters=chapters,
        glossary=render_glossary(terms, chapters, report),
        disclaimer_html=disclaimer_html,
        cover=cover,
        edition_date=edition_date,
        modified=_modified(edition_date, config, report),
        judged_on=build_day(),
        identifier=config.identifier or _derived_identifier(config),
        style_resources=resources,
        bibliography=bibliography,
    )
    return book


def _check_cross_references(chapters: tuple[Chapter, ...], report: Report) -> None:
    anchors = {c.slug: {h.anchor for h in c.headings} for c in chapters}
    for chapter in chapters:
        for ref in chapter.cross_references:
            path = chapter.source.path
            if ref.target_slug not in anchors:
                report.error(
                    "link-chapter",
                    path,
                    ref.line,
                    f"link '{ref.target_file}' names no chapter of this book",
                    ref.col,
                )
            elif (
                ref.fragment
                and f"{ref.target_slug}--{ref.fragment}" not in anchors[ref.target_slug]
            ):
                report.error(
                    "link-heading",
                    path,
                    ref.line,
                    f"link '{ref.target_file}#{ref.fragment}': that chapter has no "
                    f"heading with the id '{ref.fragment}'",
                    ref.col,
                )


def _disclaimer(config: BookConfig, report: Report) -> str:
    if config.disclaimer is None:
        return ""
    text = read_text(config.disclaimer, report)
    if not text:
        return ""
    path = config.disclaimer

    def warn(code: str):
        return lambda needle, message: report.warning(code, path, line_of(text, needle), message)

    return render_safe_markup(new_markdown(), text, warn("unsafe-html"), warn("image-place"))


def _cover(config: BookConfig, report: Report) -> Cover | None:
    """The book's own cover image, checked; None when the EPUB is to draw one."""
    if config.cover is None:
        return None
    data = config.cover.read_bytes()
    line = line_of(config.source.read_text("utf-8"), "cover")
    try:
        with PILImage.open(io.BytesIO(data)) as image:
            image.verify()
            kind, height = image.format, image.height
    except (OSError, SyntaxError, PILImage.DecompressionBombError):
        report.error(
            "cover-image",
            config.source,
            line,
            f"cover '{config.cover.name}' is not a readable PNG or JPEG image",
        )
        return None
    if kind not in ("PNG", "JPEG"):
        report.error("cover-image", config.source, line, f"cover must be PNG or JPEG, not {kind}")
        return None
    if height < 1600:
        report.warning(
            "cover-size",
            config.source,
            line,
            f"cover is {height} px tall; stores ask for at least 1600 px",
        )
    extension = "png" if kind == "PNG" else "jpg"
    return Cover(data, f"image/{kind.lower()}", f"cover.{extension}")


def _modified(edition_date: date, config: BookConfig, report: Report) -> datetime:
    """SOURCE_DATE_EPOCH when set, else the edition date: builds repeat either way."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return datetime.fromtimestamp(int(epoch), UTC)
        except (ValueError, OverflowError, OSError):
            report.warning(
                "source-date-epoch",
                config.source,
                1,
                f"SOURCE_DATE_EPOCH='{epoch}' is not a Unix time; using the edition date",
            )
    return datetime.combine(edition_date, time(0, 0), UTC)


def _derived_identifier(config: BookConfig) -> str:
    """A stable identifier: the same title and publisher always give the same UUID."""
    name = f"bookbuilder:{config.title}\x1f{config.publisher}"
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, name)}"
