"""The laid-out print edition -> PDF bytes: tagged, PDF/UA-1, fonts embedded and subset."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

import pydyf

from bookbuilder.layout import PrintLayout


def render_pdf(layout: PrintLayout, modified: datetime) -> bytes:
    """The PDF file's bytes. Its /ID is a hash of its content, and the font subsets carry
    `modified` as their time stamp, so the same sources give the same bytes."""

    def add_page_labels(document, pdf) -> None:
        """Viewers then show the printed folios: iii in the front matter, 12 in the body."""
        first_body = next((i for i, label in enumerate(layout.page_labels) if label.isdigit()), 0)
        ranges = [0, pydyf.Dictionary({"S": "/r"})] if first_body else []
        ranges += [first_body, pydyf.Dictionary({"S": "/D", "St": 1})]
        pdf.catalog["PageLabels"] = pydyf.Dictionary({"Nums": pydyf.Array(ranges)})

    with _source_date_epoch(modified):
        return layout.document.write_pdf(
            pdf_variant="pdf/ua-1", pdf_identifier=True, finisher=add_page_labels
        )


@contextmanager
def _source_date_epoch(when: datetime) -> Iterator[None]:
    """fontTools stamps each font subset with SOURCE_DATE_EPOCH, or else the current time."""
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(int(when.timestamp()))
    try:
        yield
    finally:
        if previous is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous
