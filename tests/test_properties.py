"""Property-based tests: generated Markdown and front matter. Every build succeeds or
fails with a clean diagnostic, and every chapter that builds passes EPUBCheck: the
chapters are gathered into one book, so that one EPUBCheck run validates the batch."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from corpus.make_corpus import INLINE
from helpers import epubcheck_report, run

GLOSSARY = """\
- term: Endorphin
  aliases: [endorphins]
  definition: A protein that eases pain.
- term: Gene therapy
  definition: Treatment with genes.
- term: DNA
  definition: The molecule of heredity.
"""
BOOK_TOML = '[book]\ntitle = "Generated"\nlanguage = "en-GB"\npublisher = "Hypothesis"\n'

# Letters of any script (Latin, Hebrew, Arabic, CJK…), combining marks, numbers,
# punctuation, symbols (emoji among them) and spaces.
text = st.text(st.characters(categories=("L", "M", "N", "P", "S", "Zs")), max_size=30)
words = text.map(lambda t: t.replace("\n", " "))
term = st.sampled_from(
    ["endorphin", "Endorphins", "ENDORPHIN", "gene therapy", "DNA", "dna", "Gene Therapy"]
)
odd_term = term.flatmap(
    lambda t: st.sampled_from(
        [
            f"**{t}**",
            f"*{t[:3]}*{t[3:]}",
            f"[{t}](https://example.org/{t.replace(' ', '-')})",
            f"`{t}`",
            f"<span>{t}</span>",
            f"{t}s",
            f"pre{t}",
            f"{t}-like",
            f"({t})",
            f"“{t}”",
        ]
    )
)
raw_html = st.sampled_from(
    [
        "<b>unclosed bold",
        "<div><p>crossed</div></p>",
        '<span onclick="x()">handler</span>',
        '<a href="javascript:alert(1)">script link</a>',
        "<script>alert(1)</script>",
        "<table><tr><td>cell</td></tr></table>",
        "<blink>old</blink>",
        "<br><hr>",
        '<img src="nowhere.png">',
        '<p style="color: red">red</p>',
        "<!-- comment -->",
        '<p id="dup">a</p><p id="dup">b</p>',
        "<svg><circle r='3'/></svg>",
        "&nbsp;&amp;&lt;",
        "&#x1F600; &#0; &bogus; &#xD800;",
        "<details><summary>More</summary>hidden</details>",
        *INLINE.values(),  # the corpus's raw HTML and text oddities
    ]
)
paragraph = st.lists(st.one_of(words, term, odd_term, raw_html), min_size=1, max_size=6).map(
    " ".join
)
heading = st.tuples(st.integers(1, 6), st.one_of(words, term)).map(
    lambda h: "#" * h[0] + " " + (h[1].strip() or "Heading")
)
nested_list = st.lists(st.tuples(st.integers(0, 3), paragraph), min_size=1, max_size=5).map(
    lambda items: "\n".join(
        "  " * depth + ("- " if depth % 2 == 0 else "1. ") + line for depth, line in items
    )
)
table = st.lists(
    st.lists(st.one_of(words, term), min_size=2, max_size=2), min_size=1, max_size=3
).map(
    lambda rows: (
        "| A | B |\n|---|---|\n"
        + "\n".join("| " + " | ".join(c.replace("|", "/") for c in row) + " |" for row in rows)
    )
)
footnote = paragraph.map(lambda p: f"With a note.[^n]\n\n[^n]: {p}")
code = words.map(lambda t: f"```\n{t} endorphin\n```")
block = st.one_of(paragraph, heading, nested_list, table, footnote, code, raw_html)
body = st.lists(block, min_size=0, max_size=6).map("\n\n".join)


def _with_review_date(matter: dict) -> dict:
    """next_review mostly after updated (and, now and then, before it: an error)."""
    days = matter.pop("review_after_days", None)
    if days is not None and isinstance(matter["updated"], date):
        matter["next_review"] = date.fromordinal(matter["updated"].toordinal() + days)
    return matter


name = words.filter(lambda w: w.strip() and not w.strip().startswith(("-", "?", ":")))
front = st.fixed_dictionaries(
    {
        "title": st.one_of(name, term, raw_html),
        "authors": st.lists(
            st.one_of(name, st.fixed_dictionaries({"name": name, "credentials": words})),
            min_size=1,
            max_size=2,
        ),
        "updated": st.one_of(
            # mostly real dates, so that most books build; now and then an editor's typo
            *[st.dates(date(1990, 1, 1), date(2026, 1, 1))] * 6,
            # impossible or odd dates, as editors type them
            st.from_regex(r"\A[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}\Z"),
            st.sampled_from(["15/06/2010", "June 2010", "2010-06-15 10:30", "20100615"]),
        ),
        "keywords": st.lists(words, max_size=3),
    },
    optional={"review_after_days": st.integers(-30, 2000), "summary": paragraph},
).map(_with_review_date)

built_chapters: list[str] = []


def chapter_text(matter: dict, text_body: str, line_end: str = "\n", bom: str = "") -> str:
    text = "---\n" + yaml.safe_dump(matter, allow_unicode=True) + "---\n\n" + text_body + "\n"
    return bom + text.replace("\n", line_end)


@settings(
    max_examples=30,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    chapters=st.lists(
        st.tuples(
            front, body, st.sampled_from(["\n", "\r\n", "\r"]), st.sampled_from(["", "\ufeff"])
        ),
        min_size=1,
        max_size=3,
    )
)
def test_generated_books_build_or_fail_cleanly(chapters):
    with tempfile.TemporaryDirectory() as scratch:
        book = Path(scratch) / "book"
        (book / "chapters").mkdir(parents=True)
        (book / "book.toml").write_text(BOOK_TOML, "utf-8")
        (book / "glossary.yaml").write_text(GLOSSARY, "utf-8")
        sources = [chapter_text(*chapter) for chapter in chapters]
        for number, source in enumerate(sources, start=1):
            (book / "chapters" / f"{number:02d}-chapter-{number}.md").write_text(source, "utf-8")
        result = run("build", str(book), "-o", str(book / "out"), "-f", "epub")
        assert "Traceback" not in result.stderr
        assert "internal error" not in result.stderr, result.stderr
        if result.exit_code == 0:
            assert (book / "out" / "generated.epub").is_file()
            built_chapters.extend(sources)
        else:
            assert result.exit_code == 1
            assert any(
                ": error: " in line and line.endswith("]") for line in result.stderr.splitlines()
            ), result.stderr


def test_every_generated_chapter_passes_epubcheck_in_one_batch(tmp_path):
    assert len(built_chapters) >= 10, "most generated books build"
    book = tmp_path / "batch"
    (book / "chapters").mkdir(parents=True)
    (book / "book.toml").write_text(BOOK_TOML, "utf-8")
    (book / "glossary.yaml").write_text(GLOSSARY, "utf-8")
    for number, source in enumerate(built_chapters, start=1):
        (book / "chapters" / f"{number:03d}-generated-{number}.md").write_text(source, "utf-8")
    result = run("build", str(book), "-o", str(tmp_path / "out"), "-f", "epub", "-q")
    assert result.exit_code == 0, result.stderr
    # Print refuses characters that no shipped font draws (they would print as boxes):
    # it builds, or it says so at each one, and writes nothing.
    printed = run("build", str(book), "-o", str(tmp_path / "print"), "-f", "pdf", "-q")
    errors = [line for line in printed.stderr.splitlines() if ": error: " in line]
    if printed.exit_code:
        assert errors and all(line.endswith("[glyph-missing]") for line in errors), errors
        assert not (tmp_path / "print" / "generated.pdf").exists()
    else:
        assert (tmp_path / "print" / "generated.pdf").is_file()
    report = epubcheck_report(tmp_path / "out" / "generated.epub")
    problems = [
        (m["ID"], m["message"], m["locations"][:1])
        for m in report["messages"]
        if m["severity"] in ("FATAL", "ERROR", "WARNING")
    ]
    assert problems == []
