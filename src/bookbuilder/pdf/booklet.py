"""Saddle-stitch imposition: the A5 book two pages to a side of an A4 landscape sheet (a
Letter book's half-Letter pages on Letter).

Printed double-sided (flip on the short edge), folded and stapled, the sheets read in
order. Blank pages pad the book to a multiple of four at the end, before the back cover
when there is one, so that the back cover is the booklet's last page.
"""

from __future__ import annotations

import io

from pypdf import PageObject, PdfReader, PdfWriter, Transformation

A4_LANDSCAPE = (841.89, 595.28)  # points
LETTER_LANDSCAPE = (792.0, 612.0)


def sheet_sides(
    page_count: int, *, back_cover: bool = False
) -> list[tuple[int | None, int | None]]:
    """(left, right) page numbers (1-based; None for a blank) of each sheet side in print
    order: sheet 1 front, sheet 1 back, sheet 2 front, … With `back_cover`, the last page
    stays last and the blanks go before it."""
    total = -(-page_count // 4) * 4

    def page(number: int) -> int | None:
        if back_cover and number == total:
            return page_count
        limit = page_count - 1 if back_cover else page_count
        return number if number <= limit else None

    sides = []
    for sheet in range(total // 4):
        outer, inner = 2 * sheet + 1, 2 * sheet + 2
        sides.append((page(total - 2 * sheet), page(outer)))  # front
        sides.append((page(inner), page(total - 2 * sheet - 1)))  # back
    return sides


def impose(pdf: bytes, *, back_cover: bool = False) -> bytes:
    """The booklet's PDF from the A5 book's PDF (whose last page is the back cover when
    `back_cover`)."""
    reader = PdfReader(io.BytesIO(pdf))
    writer = PdfWriter()
    first = reader.pages[0].mediabox
    # Half-Letter (396 pt wide) pages go on Letter; A5 on A4.
    width, height = LETTER_LANDSCAPE if round(float(first.width)) == 396 else A4_LANDSCAPE
    for left, right in sheet_sides(len(reader.pages), back_cover=back_cover):
        side = PageObject.create_blank_page(width=width, height=height)
        for number, x in ((left, 0.0), (right, width / 2)):
            if number is None:
                continue
            source = reader.pages[number - 1]
            box = source.mediabox
            scale = min((width / 2) / float(box.width), height / float(box.height))
            # Both pages meet at the fold (A5 is half a millimetre narrower than half of
            # A4): a cover's colour runs across it without a white hairline.
            spare = (width / 2) - float(box.width) * scale
            offset_x = x + (spare if x == 0 else 0.0)
            offset_y = (height - float(box.height) * scale) / 2
            side.merge_transformed_page(
                source, Transformation().scale(scale).translate(offset_x, offset_y)
            )
        writer.add_page(side).compress_content_streams()
    writer.add_metadata({key: value for key, value in (reader.metadata or {}).items()})
    writer.compress_identical_objects(remove_duplicates=True, remove_unreferenced=True)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
