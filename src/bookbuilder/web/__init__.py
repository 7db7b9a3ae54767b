"""Stage 3d, web: a `Book` -> a static web edition, and the pages `make-book serve` shows.

Takes the frozen `Book`. Returns the site's files by their path in it (`index.html`, a
page per chapter, the glossary, the imprint, the search page and its index, styles,
fonts, images): pages from the package's (or the book's) `templates/web/`, neutral
anchors mapped to `page.html#id`, every link relative, so the site works from any folder,
from a sub-path of any server and from `file://`.
"""
