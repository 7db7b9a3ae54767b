"""Every diagnostic code bookbuilder can report: its kind, default severity and meaning.

One registry, in the manner of ruff's rule list and Standard Ebooks' lint codes: the
report groups by `kind`, `make-book check --list-codes` prints it, and a test fails when
the source raises a code that is not here or when a code here is never raised. Codes
that come from outside tools (EPUBCheck's message IDs, the axe rules DAISY Ace reports)
are families matched by pattern.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

KINDS = (
    "schema",
    "dates",
    "glossary",
    "references",
    "links and images",
    "readability",
    "outputs",
)


@dataclass(frozen=True)
class Code:
    code: str  # for a family, a pattern such as "ace-<rule>"
    kind: str
    severity: str  # "error", "warning" or "info"; "varies" for a family: as its tool says
    help: str


def _codes(kind: str, *entries: tuple[str, str, str]) -> dict[str, Code]:
    return {code: Code(code, kind, severity, help) for code, severity, help in entries}


# code -> (where the rule comes from, what fails). "7.1-3" is ISO 14289-1's clause and
# test as veraPDF numbers them; "MH 01-005" the Matterhorn Protocol's failure condition.
PDF_UA_RULES: dict[str, tuple[str, str]] = {
    "pdf-untagged-content": ("7.1-3, MH 01-005", "content is neither tagged nor an artifact"),
    "pdf-no-lang": ("7.2-34", "the document declares no natural language"),
    "pdf-no-title": ("7.1-9, MH 06-003", "the metadata has no dc:title"),
    "pdf-title-hidden": ("7.1-10, MH 07-001", "viewers are not told to show the title"),
    "pdf-no-pdfua-id": ("5-1, MH 06-002", "the metadata does not identify PDF/UA"),
    "pdf-font-no-tounicode": ("7.21.7-1", "a font has no ToUnicode map"),
    "pdf-font-widths": ("7.21.5-1", "a font's widths differ from its program's"),
    "pdf-notdef": ("7.21.8-1, MH 31-030", "text uses the .notdef glyph (an empty box)"),
    "pdf-heading-first": ("7.4.2-1, MH 14-002", "the first heading is not H1"),
    "pdf-heading-skip": ("7.4.2-1, MH 14-003", "a heading level is skipped"),
    "pdf-figure-alt": ("7.3-1, MH 13-004", "a figure has no alternative text"),
    "pdf-figure-bbox": ("ISO 32000-1 14.8.5.4.3", "a figure's BBox is not on its page"),
    "pdf-th-scope": ("7.5-1, MH 15-003", "a table header cell has no Scope"),
    "pdf-headers-id": ("7.5, ISO 32000-1 14.8.5.7", "a cell's Headers name no cell ID"),
    "pdf-note-id": ("7.9, MH 19-003", "a footnote (Note) has no ID"),
    "pdf-link-untagged": ("7.18.5-1, MH 28-011", "a link annotation is not in a Link element"),
    "pdf-link-contents": ("7.18.5-2, MH 28-012", "a link's /Contents is missing or an id"),
    "pdf-link-dead": ("ISO 32000-1 12.3.2.3", "a link leads to a destination that is not there"),
    "pdf-annot-tabs": ("7.18.3-1, MH 28-008", "a page with links lacks /Tabs /S"),
    "pdf-toc": ("7.2-26", "a TOCI is outside a TOC, or a TOC holds other items"),
}


CODES: dict[str, Code] = {
    **_codes(
        "schema",
        ("config-missing", "error", "the folder has no book.toml"),
        ("toml-syntax", "error", "book.toml is not valid TOML"),
        ("config-unknown", "error", "a table or key book.toml does not know (a typo, mostly)"),
        ("config-required", "error", "a key the book needs is missing from book.toml"),
        ("config-type", "error", "a value in book.toml has the wrong type"),
        ("config-value", "error", "a value in book.toml is not one of those allowed"),
        ("no-chapters", "error", "the book has no chapters"),
        ("file-missing", "error", "a file named in book.toml does not exist"),
        ("file-too-large", "error", "a source file is larger than the 5 MB limit"),
        ("file-unreadable", "error", "a source file cannot be read (a folder, no permission)"),
        ("path-outside", "error", "a path leads outside the book folder, or is a URL"),
        ("encoding", "error", "a source file is not UTF-8 text"),
        ("encoding-control", "warning", "characters XML forbids were removed from a file"),
        ("front-matter-missing", "error", "a chapter does not start with front matter"),
        ("front-matter-unclosed", "error", "a chapter's front matter has no closing ---"),
        ("front-matter-type", "error", "a front matter value has the wrong type"),
        ("front-matter-required", "error", "front matter lacks title, authors or updated"),
        ("front-matter-value", "error", "front matter values contradict each other"),
        ("front-matter-unknown", "warning", "a front matter key bookbuilder does not know"),
        ("front-matter-markup", "warning", "a title holds HTML, which is shown as written"),
        ("yaml-syntax", "error", "front matter or the glossary is not valid YAML"),
        ("duplicate-slug", "error", "two chapter files give one slug, or a reserved one"),
        ("chapter-empty", "warning", "a chapter has no text"),
        ("glossary-type", "error", "the glossary or an entry has the wrong shape"),
        ("glossary-required", "error", "a glossary entry lacks its term or definition"),
        ("glossary-unknown", "warning", "a glossary entry key bookbuilder does not know"),
        ("cover-image", "error", "the cover is not a readable PNG or JPEG image"),
        ("cover-size", "warning", "the cover is smaller than stores ask for"),
        ("source-date-epoch", "warning", "SOURCE_DATE_EPOCH is not a Unix time"),
        ("language-untranslated", "warning", "no catalog translates the book's language"),
    ),
    **_codes(
        "dates",
        ("date-future", "error", "a chapter's updated or reviewed date is in the future"),
        ("review-due", "warning", "a chapter is due for medical review"),
        ("review-interval", "warning", "next_review is further off than the review interval"),
        ("handout-overdue", "error", "handout --strict refuses a chapter overdue for review"),
    ),
    **_codes(
        "glossary",
        ("glossary-duplicate", "error", "a term or alias is in the glossary twice"),
        ("glossary-unused", "warning", "no chapter uses a glossary entry"),
    ),
    **_codes(
        "references",
        ("bibliography-syntax", "error", "the bibliography is not valid BibTeX, JSON or YAML"),
        (
            "bibliography-entry",
            "error",
            "an entry lacks its key or type, or cannot be read",
        ),
        ("bibliography-duplicate", "error", "two bibliography entries have one key"),
        ("citation-missing", "error", "a citation names no entry of the bibliography"),
        (
            "citation-no-bibliography",
            "error",
            "a chapter cites, but the book has no bibliography",
        ),
        ("reference-unused", "warning", "no chapter cites a bibliography entry"),
    ),
    **_codes(
        "links and images",
        ("link-target", "error", "a link is neither a web address nor a chapter file"),
        ("link-chapter", "error", "a link names no chapter of the book"),
        ("link-heading", "error", "a link names a heading the chapter does not have"),
        ("link-anchor", "error", "a link names no heading or anchor in its chapter"),
        ("link-external", "info", "a link to a web page, listed for checking"),
        ("image-alt", "error", "an image has no alt text"),
        ("glyph-missing", "varies", "no shipped font draws a character (error in print)"),
        ("image-missing", "error", "an image file does not exist"),
        ("image-type", "error", "an image is not PNG, JPEG, GIF, SVG or WebP"),
        ("image-corrupt", "error", "an image file is empty, broken or not self-contained"),
        ("footnote-unused", "warning", "a footnote nothing refers to was left out"),
        ("unsafe-html", "warning", "raw HTML that is unsafe or invalid was removed"),
        ("image-place", "warning", "a picture in a glossary definition or the disclaimer"),
        ("table-wide", "warning", "a table has too many columns to read"),
        ("table-no-header", "warning", "a table has no header cells to read its cells by"),
        ("heading-empty", "warning", "a heading has no text to list in the contents"),
        ("heading-skip", "warning", "a heading skips a level below the one before it"),
        ("style-url", "error", "a book style's url() is not a font or image in the book"),
        ("style-import", "error", "a book style uses @import"),
    ),
    **_codes(
        "readability",
        ("reading-level", "info", "a chapter's reading level, within the target"),
        ("reading-grade", "warning", "a chapter reads above the target grade"),
        ("reading-grade-accepted", "info", "a chapter reads above the target, as explained"),
        ("reading-not-measured", "info", "no readability formula exists here for the language"),
    ),
    **_codes(
        "outputs",
        ("checks-skipped", "info", "the book did not load, so the later checks did not run"),
        ("print-layout", "warning", "WeasyPrint's warning while laying out pages"),
        ("output-failed", "error", "a library failed while making an output: please report it"),
        ("new-folder", "error", "make-book new was given a folder that is not empty"),
        ("chapter-failed", "error", "a library failed on a chapter's text: please report it"),
        ("output-missing", "warning", "an output to check has not been built"),
        ("epubcheck-ok", "info", "EPUBCheck found nothing to report"),
        ("epubcheck-unavailable", "info", "EPUBCheck is not installed, so it did not run"),
        ("epubcheck-failed", "error", "EPUBCheck ran but wrote no report"),
        ("ace-ok", "info", "DAISY Ace found no accessibility violations"),
        ("ace-unavailable", "info", "DAISY Ace is not installed, so it did not run"),
        ("ace-failed", "error", "DAISY Ace ran but wrote no report"),
        ("pdf-unreadable", "error", "a built PDF does not open"),
        ("pdf-font-not-embedded", "error", "a built PDF uses a font it does not embed"),
        ("pdf-untagged", "error", "a built PDF is not tagged"),
        ("pdf-untagged-booklet", "info", "the booklet is an imposition and carries no tags"),
        *((code, "error", message) for code, (_, message) in PDF_UA_RULES.items()),
    ),
}

# Codes other tools give, passed on as they come.
FAMILIES: dict[re.Pattern[str], Code] = {
    re.compile(r"^[A-Z]{3}-[0-9]{3}[a-z]?$"): Code(
        "PKG-001 …", "outputs", "varies", "an EPUBCheck message, by its ID"
    ),
    re.compile(r"^ace-[a-z0-9-]+$"): Code(
        "ace-<rule>", "outputs", "varies", "an accessibility rule DAISY Ace reports"
    ),
}


class UnknownCode(KeyError):
    """A stage reported a code that is not registered: a bug in bookbuilder."""


def lookup(code: str) -> Code:
    if code in CODES:
        return CODES[code]
    for pattern, family in FAMILIES.items():
        if pattern.match(code):
            return family
    raise UnknownCode(code)


def kind_of(code: str) -> str:
    return lookup(code).kind


def registry_lines() -> list[str]:
    """The registry as `make-book check --list-codes` prints it: by kind, one code a line."""
    lines: list[str] = []
    width = max(len(code.code) for code in (*CODES.values(), *FAMILIES.values()))
    for kind in KINDS:
        lines.append(f"{'' if not lines else chr(10)}== {kind}")
        entries = [c for c in (*CODES.values(), *FAMILIES.values()) if c.kind == kind]
        for entry in entries:
            lines.append(f"{entry.code:<{width}}  {entry.severity:<7}  {entry.help}")
    return lines
