"""The typed book model: frozen values that each stage builds once and hands on.

Takes nothing from the stages: it is the level below them all. Returns the value types
they pass along. Nothing here is filled in later: a stage that knows more builds a new
value. `config`
holds book.toml's values, `chapter` a chapter's, `evidence` the works a chapter comes
from and cites, and `book` the whole book.
"""

from bookbuilder.model.book import (
    GLOSSARY_PART,
    PART_OF_ANCHOR,
    RESERVED_SLUGS,
    Book,
    Cover,
    GlossaryEntry,
    GlossaryTerm,
    PageBreak,
)
from bookbuilder.model.chapter import (
    BLOCK_ID,
    BLOCKS,
    HEADINGS,
    Author,
    Chapter,
    ChapterSource,
    CrossReference,
    GlossaryUse,
    Heading,
    Resource,
    add_years,
    block_id,
    chapter_anchor,
)
from bookbuilder.model.config import DEFAULT_FORMATS, FORMATS, PAGE_SIZES, BookConfig
from bookbuilder.model.evidence import BibEntry, Bibliography, SourceWork

__all__ = [
    "BLOCKS",
    "BLOCK_ID",
    "DEFAULT_FORMATS",
    "FORMATS",
    "GLOSSARY_PART",
    "HEADINGS",
    "PAGE_SIZES",
    "PART_OF_ANCHOR",
    "RESERVED_SLUGS",
    "Author",
    "BibEntry",
    "Bibliography",
    "Book",
    "BookConfig",
    "Chapter",
    "ChapterSource",
    "Cover",
    "CrossReference",
    "GlossaryEntry",
    "GlossaryTerm",
    "GlossaryUse",
    "Heading",
    "PageBreak",
    "Resource",
    "SourceWork",
    "add_years",
    "block_id",
    "chapter_anchor",
]
