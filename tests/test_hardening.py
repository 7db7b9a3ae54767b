"""Real-world input never ends in a traceback or a wrong line (issue 12): each finding of
the issue, on a small book written for it."""

from __future__ import annotations

import pytest

from helpers import chapter_text, run, write_book


def errors_of(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if ": error: " in line]


@pytest.mark.parametrize(
    "written, reason",
    [
        ("2010-15-06", "there is no month 15"),
        ("2010-02-30", "February 2010 has 28 days, not 30"),
        ("2010-06-00", "there is no day 0"),
    ],
)
def test_an_impossible_date_is_a_located_error(tmp_path, monkeypatch, written, reason):
    write_book(tmp_path, {"01-a.md": chapter_text("Text.\n", updated=written)})
    monkeypatch.chdir(tmp_path)
    for command in (["check"], ["build", "-f", "epub"]):
        result = run(*command)
        assert result.exit_code == 1
        output = result.stdout + result.stderr
        assert "internal error" not in output and "Traceback" not in output
        expected = f"chapters/01-a.md:4:10: error: 'updated': '{written}' is not a date: {reason}"
        assert expected in output


def test_a_chapter_that_is_only_a_doctype_builds_in_a_large_book(tmp_path):
    """17 chapters: rendered by worker processes where there are cores for them."""
    chapters = {f"{n:02d}-c{n}.md": chapter_text(f"Chapter {n}.\n") for n in range(3, 18)}
    chapters["01-a.md"] = chapter_text("<!DOCTYPE html>\n")
    chapters["02-b.md"] = chapter_text("<html></html>\n")
    write_book(tmp_path, chapters)
    result = run("build", str(tmp_path), "-f", "epub", "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "out" / "stage-test.epub").is_file()


def test_chapters_rendered_in_worker_processes_fail_with_their_own_message(tmp_path, monkeypatch):
    """16 or more chapters are rendered in a process pool. An exception there (here one
    planted in the renderer, which forked workers inherit) comes back as a diagnostic
    naming its chapter, not as an unpicklable internal error; the rest still render."""
    import multiprocessing

    from bookbuilder.html import chapters as rendering
    from bookbuilder.html.chapter import ChapterRenderer

    if multiprocessing.get_start_method() != "fork":
        pytest.skip("workers inherit the planted failure only when forked")
    real_render = ChapterRenderer.render

    def failing_render(self, source, number):
        if source.slug == "c5":
            raise ValueError("a library choked")
        return real_render(self, source, number)

    monkeypatch.setattr(ChapterRenderer, "render", failing_render)
    monkeypatch.setattr(rendering.processes, "cores", lambda: 4)
    chapters = {f"{n:02d}-c{n}.md": chapter_text(f"Chapter {n}.\n") for n in range(1, 18)}
    write_book(tmp_path, chapters)
    result = run("build", str(tmp_path), "-f", "epub", "-o", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert errors_of(result) == [
        f"{tmp_path}/chapters/05-c5.md:6:1: error: this chapter could not be rendered "
        "(ValueError: a library choked); please report it, with the chapter [chapter-failed]"
    ]
    assert "internal error" not in result.stderr


def test_each_image_is_reported_where_it_was_written(tmp_path):
    body = "Intro.\n\n![A square](square.png)\n\nMore text.\n\n![](square.png)\n"
    write_book(tmp_path, {"01-a.md": chapter_text(body)})
    (tmp_path / "chapters" / "square.png").write_bytes(b"")
    result = run("check", str(tmp_path), "--json")
    import json

    found = {(d["code"], d["line"], d["col"]) for d in json.loads(result.stdout)}
    assert ("image-alt", 12, 1) in found
    assert ("image-alt", 8, 1) not in found
    assert ("image-corrupt", 8, 1) in found and ("image-corrupt", 12, 1) in found


def test_the_same_broken_link_twice_is_reported_twice_at_each_place(tmp_path, monkeypatch):
    body = "See [here](#nowhere).\n\nAnd also [there](#nowhere) on this line.\n"
    write_book(tmp_path, {"01-a.md": chapter_text(body)})
    monkeypatch.chdir(tmp_path)
    result = run("check")
    assert [
        line.split(": error")[0] for line in result.stdout.splitlines() if "link-anchor" in line
    ] == [
        "chapters/01-a.md:6:5",
        "chapters/01-a.md:8:10",
    ]


@pytest.mark.parametrize(
    "markup",
    [
        "An <abbr>MRI</abbr> scan",
        "An MRI scan.\n\n*[MRI]: Magnetic Resonance Imaging",
        "An *MRI* scan",
        "An **MRI** scan",
        "An <span>MRI</span> scan",
        "An <sup>MRI</sup> scan",
        "An <sub>MRI</sub> scan",
    ],
)
def test_glossary_terms_are_found_inside_inline_markup(tmp_path, markup):
    glossary = "- term: MRI\n  definition: A scan that uses magnets.\n"
    write_book(tmp_path, {"01-a.md": chapter_text(markup + "\n")}, glossary=glossary)
    result = run("check", str(tmp_path), "--json")
    assert "glossary-unused" not in result.stdout


def test_glossary_terms_are_never_linked_in_links_headings_or_code(tmp_path):
    body = "## MRI\n\n[MRI](https://example.org) and `MRI` and <code>MRI</code>.\n"
    glossary = "- term: MRI\n  definition: A scan that uses magnets.\n"
    write_book(tmp_path, {"01-a.md": chapter_text(body)}, glossary=glossary)
    result = run("check", str(tmp_path), "--json")
    assert "glossary-unused" in result.stdout


def test_a_colon_in_a_title_gets_advice_at_its_column(tmp_path):
    text = "---\ntitle: Gene Therapy: for Back Pain\nauthors: [A]\nupdated: 2024-01-01\n---\nX\n"
    write_book(tmp_path, {"01-a.md": text})
    result = run("check", str(tmp_path))
    assert result.exit_code == 1
    assert "chapters/01-a.md:2:20: error: a colon followed by a space inside a value: put " in (
        result.stdout
    )
    assert "in quotes" in result.stdout


def test_a_tab_in_front_matter_gets_advice(tmp_path):
    text = "---\ntitle: A\n\tauthors: [A]\nupdated: 2024-01-01\n---\nX\n"
    write_book(tmp_path, {"01-a.md": text})
    result = run("check", str(tmp_path))
    assert "chapters/01-a.md:3:1: error: a tab character: YAML indents with spaces only" in (
        result.stdout
    )


def test_bare_make_book_takes_every_build_option(tmp_path, monkeypatch):
    write_book(tmp_path / "book", {"01-a.md": chapter_text("Text.\n")})
    monkeypatch.chdir(tmp_path)
    result = run("book", "-f", "epub", "-o", str(tmp_path / "out"), "--force", "-q")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "" and (tmp_path / "out" / "stage-test.epub").is_file()
    monkeypatch.chdir(tmp_path / "book")
    result = run("-f", "epub", "-o", str(tmp_path / "out2"))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip().endswith("stage-test.epub")


def test_a_missing_image_says_where_it_looked_and_suggests_the_path_that_works(
    tmp_path, monkeypatch
):
    write_book(tmp_path, {"01-a.md": chapter_text("Text.\n\n![Lungs](images/lungs.png)\n")})
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "lungs.png").write_bytes(b"")
    monkeypatch.chdir(tmp_path)
    result = run("check")
    assert (
        "chapters/01-a.md:8:1: error: image 'images/lungs.png' does not exist: it would be "
        "chapters/images/lungs.png (paths are relative to the chapter's folder); did you "
        "mean '../images/lungs.png'? [image-missing]"
    ) in result.stdout.splitlines()


def test_a_missing_style_url_says_where_it_looked(tmp_path, monkeypatch):
    write_book(tmp_path, {"01-a.md": chapter_text("Text.\n")})
    (tmp_path / "styles").mkdir()
    (tmp_path / "styles" / "print.css").write_text(
        '@font-face { font-family: X; src: url("fonts/x.woff2"); }\n', "utf-8"
    )
    monkeypatch.chdir(tmp_path)
    result = run("check")
    assert "it would be styles/fonts/x.woff2 (relative to the style's folder)" in result.stdout


def test_check_report_can_be_redirected_to_a_file(tmp_path):
    from helpers import run_process

    write_book(tmp_path, {"01-a.md": chapter_text("Text.\n", updated="2030-01-01")})
    completed = run_process("check", str(tmp_path), cwd=tmp_path)
    assert completed.returncode == 1
    assert "[date-future]" in completed.stdout and completed.stderr == ""
