"""Readers see when information may be out of date: a chapter overdue for review says so
under its dates in every edition; `handout --strict` refuses it; a book may turn it off."""

from __future__ import annotations

from helpers import NS, REPOSITORY, Epub, Pdf, chapter_text, run, write_book

NOTICE = (
    "This information was due for review on 15 June 2013 and may be out of date. "
    "Ask your doctor or nurse."
)


def test_the_guides_overdue_chapter_says_so_in_the_epub(guide: Epub):
    notices = {
        href: guide.document(href).xpath("//x:p[@class='review-notice']", namespaces=NS)
        for href in guide.xhtml_documents
    }
    overdue = {href: found for href, found in notices.items() if found}
    assert list(overdue) == ["gene-therapy-for-back-pain.xhtml"]
    (notice,) = overdue["gene-therapy-for-back-pain.xhtml"]
    assert " ".join("".join(notice.itertext()).split()) == NOTICE
    assert notice.get("role") == "note"
    assert notice.getparent().get("class") == "chapter-header"


def test_and_in_the_print_pdf_under_its_dates(guide_pdf_path):
    pdf = Pdf(guide_pdf_path)
    pages = [i for i in range(len(pdf)) if "may be out of date" in pdf.text(i)]
    assert len(pages) == 1
    text = pdf.text(pages[0])
    assert NOTICE in text
    assert text.index("Next review due 15 June 2013") < text.index(NOTICE)


def test_handouts_judge_the_day_they_are_printed(tmp_path):
    book = write_book(
        tmp_path / "book",
        {"01-a.md": chapter_text("Text.\n", updated="2020-01-01")},  # due 2023-01-01
    )
    for epoch, expected in (("1600000000", False), ("1700000000", True)):  # 2020, 2023
        out = tmp_path / epoch
        result = run(
            "handout", str(book), "--all", "-o", str(out), env={"SOURCE_DATE_EPOCH": epoch}
        )
        assert result.exit_code == 0, result.stderr
        text = Pdf(out / "handouts" / "a.pdf").text(0)
        assert ("was due for review on 1 January 2023" in text) is expected


def test_handout_strict_refuses_an_overdue_chapter(tmp_path):
    result = run(
        "handout", str(REPOSITORY), "gene-therapy-for-back-pain", "--strict", "-o", str(tmp_path)
    )
    assert result.exit_code == 1
    assert "[handout-overdue]" in result.stderr
    assert not (tmp_path / "handouts").exists()
    fresh = run("handout", str(REPOSITORY), "about-this-guide", "--strict", "-o", str(tmp_path))
    assert fresh.exit_code == 0, fresh.stderr


def test_a_book_can_turn_the_notice_off(tmp_path):
    toml = (REPOSITORY / "tests" / "books" / "minimal" / "book.toml").read_text("utf-8")
    book = write_book(
        tmp_path / "book",
        {"01-a.md": chapter_text("Text.\n", updated="2001-01-01")},
        toml=toml + "\n[check]\nstale_notice = false\n",
    )
    result = run("build", str(book), "-f", "epub", "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.stderr
    (epub_path,) = (tmp_path / "out").glob("*.epub")
    assert b"review-notice" not in Epub(epub_path).read("a.xhtml")
    assert "[review-due]" in result.stderr, "the editor is still warned"
