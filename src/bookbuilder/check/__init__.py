"""Stage 3c, check: a `Book` (and its built outputs) -> `Diagnostic`s.

Takes the loaded `Book` and a `Report`. Adds editorial findings (review dates, glossary
use, reading level, links) and, on request, what EPUBCheck, DAISY Ace and a PDF reader
say of the outputs. Returns nothing: the findings are in the report; nothing changes.
"""
