"""Markdown -> a well-formed XHTML fragment: Python-Markdown does the Markdown, lxml makes
the result (raw HTML included) well-formed, and the serialiser writes it as XHTML."""

from __future__ import annotations

import markdown as python_markdown
from lxml import etree
from lxml import html as lxml_html

from bookbuilder.html.citation_syntax import CitationExtension
from bookbuilder.html.inline_triggers import SkippingInlineExtension
from bookbuilder.html.positions import PositionsExtension
from bookbuilder.text import slugify

EXTENSIONS = ["extra", "toc", "smarty", "sane_lists"]


def new_markdown(*, citations: bool = False) -> python_markdown.Markdown:
    """One converter, reset between texts: building one costs more than converting.
    `citations`: read pandoc's citations (in chapters, not in the glossary or disclaimer)."""
    extra = [CitationExtension()] if citations else []
    return python_markdown.Markdown(
        extensions=[*EXTENSIONS, PositionsExtension(), *extra, SkippingInlineExtension()],
        # Headings in any script get an id (an Arabic heading would get none, then "_1").
        extension_configs={"toc": {"slugify": slugify}},
        output_format="xhtml",
    )


def parse(md: python_markdown.Markdown, text: str) -> lxml_html.HtmlElement:
    """Markdown as an lxml tree under a `div` that is not part of the text."""
    md.reset()
    return parse_html(md.convert(text) or "")


def parse_html(html: str) -> lxml_html.HtmlElement:
    """HTML as an lxml tree under a `div`. Raw HTML may be anything: a lone doctype or
    `<html></html>` leaves lxml's fragment parser with no body, so the text is then read
    as a whole document and its body kept (nothing, if it has none)."""
    try:
        return lxml_html.fragment_fromstring(html, create_parent="div")
    except (etree.ParserError, AssertionError):
        holder = lxml_html.Element("div")
        try:
            body = lxml_html.document_fromstring(html).find("body")
        except etree.ParserError:  # nothing but a doctype, comments or white space
            return holder
        if body is not None:
            holder.text = body.text
            holder.extend(body)
        return holder


def serialize_children(element: lxml_html.HtmlElement) -> str:
    """The element's content as well-formed XHTML markup (no wrapper, no namespace)."""
    parts = [_escape(element.text or "")]
    parts.extend(etree.tostring(child, method="xml", encoding="unicode") for child in element)
    return "".join(parts)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
