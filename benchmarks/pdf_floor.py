"""PDF build time of a book against its floor: WeasyPrint alone on the same final HTML.

    python benchmarks/pdf_floor.py [BOOK_DIR] [--runs N] [--write]

Both sides run in this process, alternately, on the same HTML, stylesheets, fonts and
URL fetcher; the floor is `HTML(...).render()` plus `write_pdf()`, nothing else. Prints the
medians and their ratio; --write records them in benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import weasyprint
from weasyprint.text.fonts import FontConfiguration

from bookbuilder import templates
from bookbuilder.assemble import load_book
from bookbuilder.build import build_formats
from bookbuilder.layout import BOOK_URL, BookFetcher
from bookbuilder.print_html import page_css, print_document

HERE = Path(__file__).parent


def ours(book_dir: Path, out: Path) -> float:
    start = time.perf_counter()
    book, _ = load_book(book_dir)
    build_formats(book, ("pdf",), out, print_ready=False)
    return time.perf_counter() - start


def floor(html: str, css: list[str], root: Path, out: Path) -> float:
    fetcher = BookFetcher(root)
    start = time.perf_counter()
    font_config = FontConfiguration()
    stylesheets = [weasyprint.CSS(string=c, url_fetcher=fetcher, font_config=font_config,
                                  base_url=f"{BOOK_URL}styles/") for c in css]
    document = weasyprint.HTML(string=html, base_url=BOOK_URL,
                               url_fetcher=fetcher).render(
        stylesheets=stylesheets, font_config=font_config, pdf_variant="pdf/ua-1")
    (out / "floor.pdf").write_bytes(document.write_pdf(pdf_variant="pdf/ua-1"))
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("book", nargs="?", default=str(HERE.parent))
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    root = Path(args.book).resolve()
    book, _ = load_book(root)
    html = print_document(book)
    css = [templates.stylesheet(book.config, "print.css"), page_css(book, print_ready=False)]
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch)
        ours(root, out), floor(html, css, root, out)  # warm caches and imports
        our_times, floor_times = [], []
        for _ in range(args.runs):
            our_times.append(ours(root, out))
            floor_times.append(floor(html, css, root, out))
    ours_median, floor_median = statistics.median(our_times), statistics.median(floor_times)
    ratio = ours_median / floor_median
    line = (f"| {datetime.now(UTC):%Y-%m-%d} | {platform.node()} ({platform.machine()}, "
            f"Python {platform.python_version()}, WeasyPrint {weasyprint.__version__}) | "
            f"{book.config.title} | {args.runs} | {ours_median:.3f} s | {floor_median:.3f} s | "
            f"{ratio:.3f} |")
    print(f"ours  median {ours_median:.3f} s  {sorted(round(t, 3) for t in our_times)}")
    print(f"floor median {floor_median:.3f} s  {sorted(round(t, 3) for t in floor_times)}")
    print(f"ratio {ratio:.3f} (target <= 1.15)")
    if args.write:
        results = HERE / "RESULTS.md"
        if not results.exists():
            results.write_text(
                "# Benchmark results\n\n## PDF build against the WeasyPrint floor\n\n"
                "`python benchmarks/pdf_floor.py --write`: our whole PDF build (read sources, "
                "Markdown, lay out, write) against WeasyPrint alone rendering the same final "
                "HTML and CSS. Medians of alternating runs in one process.\n\n"
                "| date | machine | book | runs | ours | floor | ratio |\n"
                "|---|---|---|---|---|---|---|\n", "utf-8")
        with results.open("a", encoding="utf-8") as stream:
            stream.write(line + "\n")
        print(f"recorded in {results}")


if __name__ == "__main__":
    main()
