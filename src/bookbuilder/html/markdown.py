"""Markdown -> a well-formed XHTML fragment: Python-Markdown does the Markdown, lxml makes
the result (raw HTML included) well-formed, and the serialiser writes it as XHTML."""

from __future__ import annotations

import markdown as python_markdown
from lxml import etree
from lxml import html as lxml_html

EXTENSIONS = ["extra", "toc", "smarty", "sane_lists"]


def new_markdown() -> python_markdown.Markdown:
    """One converter, reset between texts: building one costs more than converting."""
    return python_markdown.Markdown(extensions=EXTENSIONS, output_format="xhtml")


def parse(md: python_markdown.Markdown, text: str) -> lxml_html.HtmlElement:
    """Markdown as an lxml tree under a `div` that is not part of the text."""
    md.reset()
    return lxml_html.fragment_fromstring(md.convert(text) or "", create_parent="div")


def render_block(md: python_markdown.Markdown, text: str) -> str:
    """Block Markdown (the disclaimer, a glossary definition) as an XHTML fragment."""
    return serialize_children(parse(md, text))


def serialize_children(element: lxml_html.HtmlElement) -> str:
    """The element's content as well-formed XHTML markup (no wrapper, no namespace)."""
    parts = [_escape(element.text or "")]
    parts.extend(etree.tostring(child, method="xml", encoding="unicode") for child in element)
    return "".join(parts)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
