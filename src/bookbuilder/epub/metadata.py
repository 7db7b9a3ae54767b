"""The EPUB's package metadata: Dublin Core, identifiers (ISBN, series), and the
accessibility metadata and conformance claim that EPUB Accessibility 1.1 asks for."""

from __future__ import annotations

from ebooklib import epub

from bookbuilder import __version__, theme
from bookbuilder.i18n import N_
from bookbuilder.model import Book
from bookbuilder.text import isbn_digits

ACCESSIBILITY_SUMMARY = N_(  # a message of the catalog: the book's language gives its words
    "This publication meets WCAG 2.1 Level AA. It has a table of contents, landmarks and "
    "a logical reading order; headings structure every chapter; glossary terms link to "
    "their definitions and back; images have text alternatives; text can be resized and "
    "restyled by the reader."
)


def add_metadata(package: epub.EpubBook, book: Book, *, paginated: bool) -> None:
    config = book.config
    package.metadata = {}  # drop ebooklib's random identifier and its generator line
    package.set_identifier(book.identifier)
    package.title = config.title
    package.set_language(config.language)
    package.add_metadata("DC", "title", config.title, {"id": "title"})
    package.add_metadata(None, "meta", "main", {"refines": "#title", "property": "title-type"})
    if config.subtitle:
        package.add_metadata("DC", "title", config.subtitle, {"id": "subtitle"})
        package.add_metadata(
            None, "meta", "subtitle", {"refines": "#subtitle", "property": "title-type"}
        )
    for number, author in enumerate(book.authors, start=1):
        package.add_author(author.name, role="aut", uid=f"creator-{number}")
    _identifiers(package, book)
    package.add_metadata("DC", "publisher", config.publisher)
    if config.rights:
        package.add_metadata("DC", "rights", config.rights)
    package.add_metadata("DC", "date", book.edition_date.isoformat())
    package.add_metadata("DC", "description", config.description or config.subtitle or config.title)
    for keyword in book.keywords:
        package.add_metadata("DC", "subject", keyword)
    package.add_metadata(None, "meta", "", {"name": "cover", "content": "cover-image"})
    package.add_metadata(
        None, "meta", "", {"name": "generator", "content": f"bookbuilder {__version__}"}
    )
    for prop, values in _accessibility(book, paginated).items():
        for value in values:
            package.add_metadata(None, "meta", value, {"property": prop})


def _identifiers(package: epub.EpubBook, book: Book) -> None:
    """The EPUB's ISBN (ONIX code list 5, value 15: ISBN-13), the print edition's ISBN and
    the works chapters were adapted from as `dc:source`, the series as a collection."""
    config = book.config
    if config.epub_isbn:
        isbn = f"urn:isbn:{isbn_digits(config.epub_isbn)}"
        package.add_metadata("DC", "identifier", isbn, {"id": "isbn"})
        package.add_metadata(
            None,
            "meta",
            "15",
            {"refines": "#isbn", "property": "identifier-type", "scheme": "onix:codelist5"},
        )
    if config.isbn:
        package.add_metadata("DC", "source", f"urn:isbn:{isbn_digits(config.isbn)}")
    works = dict.fromkeys(c.source.adapted_from for c in book.chapters if c.source.adapted_from)
    for work in works:
        package.add_metadata("DC", "source", work.url or work.as_text)
    if config.series:
        series = {"property": "belongs-to-collection", "id": "series"}
        package.add_metadata(None, "meta", config.series, series)
        kind = {"refines": "#series", "property": "collection-type"}
        package.add_metadata(None, "meta", "series", kind)
        if config.series_number is not None:
            position = {"refines": "#series", "property": "group-position"}
            package.add_metadata(None, "meta", f"{config.series_number:g}", position)
    if config.edition:
        package.add_metadata(None, "meta", config.edition, {"property": "schema:bookEdition"})


def print_edition(book: Book) -> str:
    """The name of the print edition whose pages the EPUB's page list follows."""
    _ = theme.translations(book.config).gettext
    return _("%(title)s, print edition (%(size)s), %(date)s") % {
        "title": book.config.title,
        "size": book.config.page_size,
        "date": book.edition_date.isoformat(),
    }


def _accessibility(book: Book, paginated: bool) -> dict[str, list[str]]:
    """Schema.org accessibility metadata and the EPUB Accessibility 1.1 conformance claim."""
    features = [
        "structuralNavigation",
        "tableOfContents",
        "readingOrder",
        "alternativeText",
        "displayTransformability",
    ]
    metadata = {
        "schema:accessMode": ["textual", "visual"],
        "schema:accessModeSufficient": ["textual"],
        "schema:accessibilityFeature": features,
        "schema:accessibilityHazard": ["none"],
        "schema:accessibilitySummary": [
            theme.translations(book.config).gettext(ACCESSIBILITY_SUMMARY)
        ],
        "dcterms:conformsTo": ["EPUB Accessibility 1.1 - WCAG 2.1 Level AA"],
        "a11y:certifiedBy": [book.config.publisher],
    }
    if paginated:
        features += ["pageBreakMarkers", "pageNavigation"]
        metadata["pageBreakSource"] = [print_edition(book)]
    return metadata
