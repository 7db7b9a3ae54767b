"""DAISY Ace (axe in Chromium) on the guide and on the book of references: no
accessibility violations."""

from __future__ import annotations

import pytest

from bookbuilder.check.outputs import ToolMissing, ace_json


@pytest.mark.parametrize("book", ["guide", "references"])
def test_ace_reports_no_violations(book, request):
    epub_path = request.getfixturevalue(f"{book}_epub_path")
    try:
        report = ace_json(epub_path)
    except ToolMissing as missing:
        pytest.skip(
            f"DAISY Ace cannot run: {missing} is not installed. .ci/run installs both (npm "
            "@daisy/ace, Debian's chromium); set ACE_PUPPETEER to its ace-puppeteer"
        )
    assert report is not None, "DAISY Ace wrote no report"
    violations = [
        (
            document["earl:testSubject"]["url"],
            check["earl:test"]["dct:title"],
            check["earl:result"]["dct:description"],
        )
        for document in report["assertions"]
        for check in document["assertions"]
    ]
    assert violations == []
    assert report["earl:result"]["earl:outcome"] == "pass"
