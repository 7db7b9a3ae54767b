"""Raw HTML in Markdown, made safe and valid for EPUB 3 and for WeasyPrint.

Nothing that runs (scripts, handlers, `javascript:` URLs) and nothing that fetches
(frames, objects, stylesheets, media, `url()` in styles) survives; unknown elements are
unwrapped and unknown attributes dropped, so the XHTML validates. Each removal is a
warning that names the line.
"""

from __future__ import annotations

from collections.abc import Callable

import markdown as python_markdown
from lxml import html as lxml_html

from bookbuilder.html.markdown import parse, serialize_children
from bookbuilder.html.repair import (
    MAX_DEPTH,
    drop_characters_xml_forbids,
    flatten_deep_nesting,
    repair_structure,
)

# Elements whose content must go with them.
DROPPED = {
    "script": "scripts do not run in a book",
    "noscript": "scripts do not run in a book",
    "iframe": "a book cannot embed other pages",
    "frame": "a book cannot embed other pages",
    "frameset": "a book cannot embed other pages",
    "object": "a book cannot embed objects",
    "embed": "a book cannot embed objects",
    "applet": "a book cannot embed objects",
    "form": "a book has no forms",
    "input": "a book has no forms",
    "button": "a book has no forms",
    "select": "a book has no forms",
    "textarea": "a book has no forms",
    "style": "use styles/epub.css and styles/print.css instead",
    "link": "use styles/epub.css and styles/print.css instead",
    "meta": "not part of a chapter",
    "base": "not part of a chapter",
    "title": "not part of a chapter",
    "audio": "audio is not supported",
    "video": "video is not supported",
    "source": "media sources are not supported",
    "track": "media tracks are not supported",
    "canvas": "canvas is not supported",
    "svg": "put SVG drawings in an image file and show it with ![alt](file.svg)",
    "math": "MathML is not supported yet",
    "template": "not part of a chapter",
}
ALLOWED = {
    "a",
    "abbr",
    "address",
    "article",
    "aside",
    "b",
    "bdi",
    "bdo",
    "blockquote",
    "br",
    "caption",
    "cite",
    "code",
    "col",
    "colgroup",
    "dd",
    "del",
    "details",
    "dfn",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "i",
    "img",
    "ins",
    "kbd",
    "li",
    "mark",
    "nav",
    "ol",
    "p",
    "pre",
    "q",
    "rp",
    "rt",
    "ruby",
    "s",
    "samp",
    "section",
    "small",
    "span",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "time",
    "tr",
    "u",
    "ul",
    "var",
    "wbr",
}
GLOBAL_ATTRIBUTES = {"id", "class", "title", "lang", "dir", "role", "style", "hidden"}
ATTRIBUTES = {
    "a": {"href", "hreflang", "rel", "type"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan", "headers"},
    "th": {"colspan", "rowspan", "headers", "scope", "abbr"},
    "col": {"span"},
    "colgroup": {"span"},
    "ol": {"start", "reversed", "type"},
    "li": {"value"},
    "time": {"datetime"},
    "blockquote": {"cite"},
    "q": {"cite"},
    "del": {"cite", "datetime"},
    "ins": {"cite", "datetime"},
    "details": {"open"},
    "bdo": {"dir"},
}
# Flow content that may not sit inside a paragraph or other phrasing element; the HTML
# parser knows the old ones (div, table, ul) but leaves HTML5's inside a <p>.
FLOW_ONLY = {
    "address",
    "article",
    "aside",
    "blockquote",
    "details",
    "div",
    "dl",
    "figure",
    "footer",
    "header",
    "hr",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "ul",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "summary",
    "figcaption",
    "caption",
}
PHRASING_ONLY = {
    "p",
    "span",
    "a",
    "em",
    "strong",
    "b",
    "i",
    "u",
    "s",
    "small",
    "sub",
    "sup",
    "code",
    "kbd",
    "samp",
    "var",
    "cite",
    "q",
    "abbr",
    "dfn",
    "mark",
    "time",
    "bdi",
    "bdo",
    "del",
    "ins",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "dt",
    "rt",
    "rp",
    "ruby",
}
_UNSAFE_URL = ("javascript:", "vbscript:", "data:text/html")

Warn = Callable[[str, str], None]  # (text to find the line by, message)


def render_safe_block(
    md: python_markdown.Markdown, text: str, warn: Warn, warn_image: Warn
) -> lxml_html.HtmlElement:
    """Block Markdown that is not a chapter (a glossary definition, the disclaimer), made
    as safe as a chapter's: under a `div`. Pictures are shown only in chapters, where
    their files are checked and carried (`warn_image` says so)."""
    fragment = parse(md, text)
    sanitize(fragment, warn)
    for image in list(fragment.iter("img")):
        warn_image("![", "a picture is shown only in a chapter: this one was left out")
        image.drop_tree()
    return fragment


def render_safe_markup(
    md: python_markdown.Markdown, text: str, warn: Warn, warn_image: Warn
) -> str:
    """`render_safe_block`, serialised as XHTML."""
    return serialize_children(render_safe_block(md, text, warn, warn_image))


def sanitize(fragment: lxml_html.HtmlElement, warn: Warn) -> None:
    for element in list(fragment.iter()):
        if not isinstance(element.tag, str):  # comments and processing instructions
            if element.getparent() is not None:
                element.drop_tree()
            continue
        tag = element.tag.lower()
        if element is fragment:
            continue
        if tag in DROPPED:
            warn(f"<{element.tag}", f"<{tag}> was removed: {DROPPED[tag]}")
            element.drop_tree()
        elif tag not in ALLOWED:
            warn(f"<{element.tag}", f"<{tag}> is not HTML a book can use; its text was kept")
            element.drop_tag()
    for element in list(fragment.iter(*FLOW_ONLY)):
        if any(parent.tag in PHRASING_ONLY for parent in element.iterancestors()):
            warn(
                f"<{element.tag}",
                f"<{element.tag}> cannot stand inside a paragraph or a phrase; its text was kept",
            )
            element.drop_tag()
    if flatten_deep_nesting(fragment):
        warn("", f"markup nested more than {MAX_DEPTH} deep was flattened; its text was kept")
    repair_structure(fragment)
    ids: set[str] = set()
    for element in fragment.iter():
        if isinstance(element.tag, str) and element is not fragment:
            _clean_attributes(element, warn, ids)
    if drop_characters_xml_forbids(fragment):
        warn("&#", "a character reference to a character XML forbids was removed")


def _clean_attributes(element: lxml_html.HtmlElement, warn: Warn, ids: set[str]) -> None:
    allowed = GLOBAL_ATTRIBUTES | ATTRIBUTES.get(element.tag, set())
    for name, value in list(element.attrib.items()):
        lowered = name.lower()
        reason = None
        if lowered.startswith("on"):
            reason = "event handlers do not run in a book"
        elif lowered in ("href", "src") and value.strip().lower().startswith(_UNSAFE_URL):
            reason = "scripts do not run in a book"
        elif lowered == "style" and any(
            s in value.lower() for s in ("url(", "@import", "expression(")
        ):
            reason = "styles may not load files; use styles/print.css"
        elif lowered not in allowed and not lowered.startswith(("aria-", "data-")):
            reason = f"<{element.tag}> has no such attribute in EPUB"
        elif lowered == "id" and (not value.strip() or " " in value or value in ids):
            reason = "ids must be unique and without spaces"
        if reason:
            warn(f"{name}=", f'attribute {name}="{value[:40]}" was removed: {reason}')
            del element.attrib[name]
        elif lowered == "id":
            ids.add(value)
