"""Files a book's chapters and styles refer to: checked before anything renders them.

Images must open (an empty or corrupt file is an error, as is an SVG that refers to
anything outside itself). Book styles may use url() for their own fonts and images, which
go into the EPUB too; @import and anything outside the book are refused.
"""

from __future__ import annotations

import io
import mimetypes
from pathlib import Path

import tinycss2
from lxml import etree
from PIL import Image as PILImage

from bookbuilder.diagnostics import Report
from bookbuilder.model import Resource
from bookbuilder.paths import OutsideBook, book_relative, is_external, resolve

BOOK_STYLES = ("epub.css", "print.css", "large-print.css", "handout.css")
FONT_TYPES = {".ttf": "font/ttf", ".otf": "font/otf", ".woff": "font/woff", ".woff2": "font/woff2"}
IMAGE_TYPES = {"image/png", "image/jpeg", "image/gif", "image/svg+xml", "image/webp"}
_XLINK = "{http://www.w3.org/1999/xlink}href"


def media_type(path: Path) -> str | None:
    return FONT_TYPES.get(path.suffix.lower()) or mimetypes.guess_type(path.name)[0]


def image_problem(path: Path) -> str | None:
    """Why the image at `path` cannot go into a book, or None when it can."""
    data = path.read_bytes()
    if not data:
        return "is an empty file"
    if media_type(path) == "image/svg+xml":
        return _svg_problem(data)
    try:
        with PILImage.open(io.BytesIO(data)) as image:
            image.verify()
    except PILImage.DecompressionBombError:
        return "is too large to decode safely"
    except Exception as error:  # Pillow raises many kinds for broken files
        return f"is not a readable image ({type(error).__name__})"
    return None


def _svg_problem(data: bytes) -> str | None:
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        return f"is not well-formed SVG ({error.msg})"
    for element in root.iter():
        for name in ("href", _XLINK, "src"):
            value = element.get(name)
            if value and not value.startswith("#"):
                return f"refers to '{value[:60]}': an SVG in a book must be self-contained"
        if (
            isinstance(element.tag, str)
            and etree.QName(element).localname == "style"
            and any(s in (element.text or "") for s in ("url(", "@import"))
        ):
            return "loads files from its styles: an SVG in a book must be self-contained"
    return None


def style_resources(root: Path, report: Report) -> tuple[Resource, ...]:
    """The fonts and images the book's own stylesheets use, each checked."""
    found: dict[str, Resource] = {}
    for name in BOOK_STYLES:
        path = root / "styles" / name
        if path.is_file():
            for resource in _scan_stylesheet(root, path, report):
                found.setdefault(resource.book_path, resource)
    return tuple(found[key] for key in sorted(found))


def _scan_stylesheet(root: Path, path: Path, report: Report) -> list[Resource]:
    try:
        text = path.read_text("utf-8")
    except UnicodeDecodeError:
        report.error("encoding", path, 1, "stylesheet is not UTF-8 text")
        return []
    rules = tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True)
    resources = []
    for rule in rules:
        if rule.type == "at-rule" and rule.lower_at_keyword == "import":
            report.error(
                "style-import",
                path,
                rule.source_line,
                "@import is not supported: put the rules in this file",
                rule.source_column,
            )
            continue
        for token in _tokens(rule):
            url = _url_of(token)
            if url is None or url.startswith("#"):
                continue
            resource = _style_resource(root, path, url, token, report)
            if resource:
                resources.append(resource)
    return resources


def _tokens(node):
    for child in (
        (getattr(node, "prelude", None) or [])
        + (getattr(node, "content", None) or [])
        + (getattr(node, "arguments", None) or [])
    ):
        yield child
        yield from _tokens(child)


def _url_of(token) -> str | None:
    if token.type == "url":
        return token.value
    if token.type == "function" and token.lower_name in ("url", "src"):
        strings = [t for t in token.arguments if t.type == "string"]
        return strings[0].value if strings else None
    return None


def _style_resource(root: Path, path: Path, url: str, token, report: Report) -> Resource | None:
    line, col = token.source_line, token.source_column
    if is_external(url):
        report.error(
            "style-url",
            path,
            line,
            f"url({url}) is not a file in the book (books load nothing from the network)",
            col,
        )
        return None
    try:
        target = resolve(root, path.parent, url)
    except OutsideBook as problem:
        report.error("path-outside", path, line, f"url(): {problem}", col)
        return None
    kind = media_type(target)
    if not target.is_file():
        where = target.relative_to(root.resolve()).as_posix()
        message = f"url({url}): no such file: it would be {where} (relative to the style's folder)"
        report.error("style-url", path, line, message, col)
    elif kind not in IMAGE_TYPES and kind not in FONT_TYPES.values():
        report.error("style-url", path, line, f"url({url}): only fonts and images", col)
    elif kind in IMAGE_TYPES and (problem := image_problem(target)):
        report.error("image-corrupt", path, line, f"url({url}) {problem}", col)
    else:
        return Resource(target, book_relative(root, target), kind)
    return None
