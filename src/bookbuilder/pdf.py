"""The laid-out print edition -> PDF bytes: tagged, PDF/UA-1, fonts embedded and subset."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

from bookbuilder.layout import PrintLayout


def render_pdf(layout: PrintLayout, modified: datetime) -> bytes:
    """The PDF file's bytes. Its /ID is a hash of its content, and the font subsets carry
    `modified` as their time stamp, so the same sources give the same bytes."""
    with _source_date_epoch(modified):
        return layout.document.write_pdf(pdf_variant="pdf/ua-1", pdf_identifier=True)


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
