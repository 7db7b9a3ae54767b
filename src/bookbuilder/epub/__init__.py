"""Stage 3a, epub: a `Book` -> the bytes of an EPUB 3.

Takes the frozen `Book` and, optionally, the print edition's `PageBreak`s. Returns the
EPUB's bytes: documents from the package's (or the book's) templates, neutral anchors
mapped to `file.xhtml#id`, packaged by ebooklib and zipped reproducibly.
"""
