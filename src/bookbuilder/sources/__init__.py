"""Stage 1, sources: the book folder as the editor wrote it, read and checked.

Takes a book folder. Returns a validated `BookConfig` (config, from book.toml),
`ChapterSource`s (chapters: front matter parsed, bodies still Markdown),
`GlossaryTerm`s (glossary) and the style assets a book's CSS uses (assets). Every
problem is a `Diagnostic` with its file, line and column.
"""
