"""`make-book new`: a small book that builds in every format and passes `make-book check
--strict` as it is, for an editor to write in.

Takes the folder to create, the title, the language and the author. Returns the paths it
wrote: book.toml with every key explained (from the one schema, sources/schema.py), a
sample chapter in the book's language that shows a figure, a footnote, glossary terms
and links, the glossary, the disclaimer, example styles and a README for the editor.
"""
