"""Header cells for tables written without them, so that a screen reader can say what
each cell means ("Monday: walked ten minutes") in the EPUB and in the PDF's tags.

A Markdown table always has a header row; a raw HTML table may have none. When every
first cell of its rows is a short, distinct label (a day, a week, a name), that column
is what a reader scans, and its cells become row headers (`<th scope="row">`). Any
other table without headers is left as written, and `check` warns about it.
"""

from __future__ import annotations

import re

from lxml import html as lxml_html

MAX_LABEL_LENGTH = 40
_NUMBER = re.compile(r"^[\d\s.,:%/+-]+$")


def infer_row_headers(fragment: lxml_html.HtmlElement) -> None:
    for table in fragment.iter("table"):
        if table.find(".//th") is not None:
            continue
        rows = [row for row in table.iter("tr") if row.findall("td")]
        firsts = [row.findall("td")[0] for row in rows]
        labels = [" ".join(cell.text_content().split()) for cell in firsts]
        if _are_labels(rows, labels):
            for cell in firsts:
                cell.tag = "th"
                cell.set("scope", "row")


def _are_labels(rows: list, labels: list[str]) -> bool:
    return (
        len(rows) >= 2
        and all(len(row.findall("td")) >= 2 for row in rows)
        and all(0 < len(label) <= MAX_LABEL_LENGTH for label in labels)
        and not any(_NUMBER.match(label) for label in labels)
        and len({label.casefold() for label in labels}) == len(labels)
    )
