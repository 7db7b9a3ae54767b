"""Stage 3b, pdf: a `Book` -> paginated print editions.

Takes the frozen `Book`. Returns a `PrintLayout` (one WeasyPrint layout: pages, page
labels and the `PageBreak`s the EPUB shares) and PDF bytes: the book, large print, the
saddle-stitch booklet and single-chapter handouts.
"""
