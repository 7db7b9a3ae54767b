"""Stage 2, html: Markdown -> format-neutral XHTML.

Takes `ChapterSource`s and `GlossaryTerm`s. Returns `Chapter`s (XHTML with book-unique
ids, headings, glossary uses, cross-references, images) and rendered `GlossaryEntry`s.
Links are neutral anchors (`#slug--id`, `#chapter-slug`, `#gl-term`) that each renderer
maps to its own form. Raw HTML is sanitised here; rendered chapters are cached between
builds and rendered in parallel on large books.
"""
