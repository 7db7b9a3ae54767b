"""The words bookbuilder writes, in the book's language (issue 15, item 1): gettext
catalogs that match the source, a German book read back from its EPUB and its PDFs,
fallback along BCP 47 with a warning, and a book's own wording in [strings]."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from bookbuilder import i18n
from helpers import NS, REPOSITORY, Epub, Pdf, copy_book, run

LOCALES = REPOSITORY / "src" / "bookbuilder" / "locales"
PLACEHOLDER = re.compile(r"%\(\w+\)s")


def source_messages() -> set[str]:
    """Every message the templates and the code mark, as `pybabel extract` finds them."""
    found = extract_from_dir(
        str(REPOSITORY),
        method_map=[
            ("src/bookbuilder/**.py", "python"),
            ("src/bookbuilder/templates/**.jinja", "jinja2"),
        ],
        options_map={"src/bookbuilder/templates/**.jinja": {"extensions": "jinja2.ext.i18n"}},
        keywords={"_": None, "gettext": None, "N_": None},
    )
    return {message for _, _, message, _, _ in found}


def test_the_template_catalog_holds_every_message_of_the_source():
    assert i18n.messages() == source_messages(), "run pybabel extract (README, Languages)"


@pytest.mark.parametrize("locale", ["en", "de", "fr", "es", "pl", "ar", "hi", "ur", "zh_Hans"])
def test_each_catalog_translates_every_message_with_its_placeholders(locale):
    assert locale in i18n.shipped()
    path = LOCALES / locale / "LC_MESSAGES" / "bookbuilder.po"
    with path.open("rb") as po:
        catalog = read_po(po)
    translated = {m.id: m for m in catalog if m.id}
    assert set(translated) == set(i18n.messages())
    for message_id, message in translated.items():
        assert message.string.strip(), (locale, message_id)
        assert not message.fuzzy, (locale, message_id)
        assert sorted(PLACEHOLDER.findall(message_id)) == sorted(
            PLACEHOLDER.findall(message.string)
        ), (locale, message_id)


@pytest.mark.parametrize(
    ("tag", "locale"),
    [
        ("de", "de"),
        ("de-AT", "de"),
        ("en-GB", "en"),
        ("zh-CN", "zh_Hans"),
        ("zh", "zh_Hans"),
        ("zh-Hans-SG", "zh_Hans"),
        ("ur-PK", "ur"),
        ("pt-BR", None),
        ("zh-TW", None),
    ],
)
def test_a_language_falls_back_along_its_tag(tag, locale):
    assert i18n.catalog_locale(tag) == locale


def built_nav(book: Path):
    """The navigation document of the EPUB built into `book`/output."""
    return Epub(next((book / "output").glob("*.epub"))).document("nav.xhtml")


def contents_heading(nav) -> str:
    return nav.xpath("string(//x:nav[@id='toc']/x:h2)", namespaces=NS)


def german_book(tmp_path: Path, extra: str = "") -> Path:
    book = copy_book("tagged", tmp_path)
    toml = book / "book.toml"
    text = toml.read_text().replace('language = "en-GB"', 'language = "de-DE"')
    toml.write_text(text + '\n[clinic]\nname = "Praxis am See"\nphone = "030 1234"\n' + extra)
    return book


@pytest.fixture(scope="module")
def german(tmp_path_factory) -> dict[str, Path]:
    book = german_book(tmp_path_factory.mktemp("de"))
    result = run("build", str(book), "-q", "-f", "epub", "-f", "pdf")
    assert result.exit_code == 0, result.stderr
    assert run("handout", str(book), "moving", "-q").exit_code == 0
    out = book / "output"
    return {
        "epub": next(out.glob("*.epub")),
        "pdf": next(out.glob("*.pdf")),
        "handout": out / "handouts" / "moving.pdf",
    }


def test_a_german_epub_speaks_german(german):
    epub = Epub(german["epub"])
    nav = epub.document("nav.xhtml")
    assert contents_heading(nav) == "Inhalt"
    landmarks = nav.xpath("//x:nav[@epub:type='landmarks']//x:a/text()", namespaces=NS)
    assert landmarks[:2] == ["Umschlag", "Inhalt"] and "Glossar" in landmarks
    chapter = epub.document("moving.xhtml")
    text = " ".join(chapter.xpath("string(//x:header)", namespaces=NS).split())
    assert text.startswith("Kapitel 1 Keeping moving Von Tagging Test Press")
    assert "Aktualisiert am 1. Mai 2025 · Nächste Überprüfung fällig am 1. Mai 2028" in text
    label = chapter.xpath("string(//x:h1/@aria-label)", namespaces=NS)
    assert label == "Kapitel 1: Keeping moving"
    caption = chapter.xpath("string(//x:figcaption)", namespaces=NS)
    assert caption.startswith("Abbildung 1.1 ")
    backlinks = chapter.xpath("//x:a[@role='doc-backlink']/@aria-label", namespaces=NS)
    assert backlinks and set(backlinks) == {"Zurück zum Text"}
    summary = epub.meta("schema:accessibilitySummary")
    assert summary[0].startswith("Diese Publikation erfüllt WCAG 2.1")


def test_a_german_pdf_and_handout_speak_german(german):
    pdf = Pdf(german["pdf"])
    text = " ".join(pdf.text(i) for i in range(len(pdf)))
    for words in (
        "Über diese Ausgabe",
        "Herausgegeben von",
        "Mitwirkende",
        "Haftungsausschluss",
        "Inhalt",
        "Glossar",
        "Resting well (Seite 5)",
    ):
        assert words in text, words
    assert pdf.reader.page_labels[0] == "Umschlag 1"
    handout = Pdf(german["handout"])
    assert handout.folio(0).startswith("Seite 1 von ")
    assert "Gedruckt am" in handout.folio(0)
    first = handout.text(0)
    assert "Telefon: 030 1234" in first and "Wörter in diesem Merkblatt" in " ".join(
        handout.text(i) for i in range(len(handout))
    )


def test_an_untranslated_language_warns_and_stays_english(tmp_path):
    book = copy_book("tagged", tmp_path)
    toml = book / "book.toml"
    toml.write_text(toml.read_text().replace('language = "en-GB"', 'language = "pt-BR"'))
    result = run("build", str(book), "-f", "epub")
    assert result.exit_code == 0
    assert re.search(
        r"book\.toml:\d+:1: warning: bookbuilder has no translation for Portuguese \(Brazil\) "
        r"\('pt-BR'\).*\[language-untranslated\]",
        result.stderr,
    )
    assert contents_heading(built_nav(book)) == "Contents"


def test_a_book_rewords_any_message_in_strings(tmp_path):
    extra = '\n[strings]\n"Contents" = "Was steht in diesem Heft"\n"Glossary" = "Wörter"\n'
    book = german_book(tmp_path, extra)
    assert run("build", str(book), "-q", "-f", "epub").exit_code == 0
    nav = built_nav(book)
    assert contents_heading(nav) == "Was steht in diesem Heft"
    assert "Wörter" in nav.xpath("//x:nav[@id='toc']//x:a/text()", namespaces=NS)


def test_an_unknown_message_in_strings_is_an_error_with_a_suggestion(tmp_path):
    book = german_book(tmp_path, '\n[strings]\n"Content" = "Inhalt"\n')
    result = run("build", str(book), "-f", "epub")
    assert result.exit_code == 1
    assert re.search(
        r"book\.toml:\d+:1: error: \[strings\] has no message 'Content' "
        r"\(did you mean 'Contents'\?\).*\[config-unknown\]",
        result.stderr,
    )


# ---- reading level by language (issue 15, item 7) ------------------------------------

GERMAN = (
    "Rückenschmerzen sind häufig. Meistens gehen sie nach einigen Wochen von selbst weg. "
    "Bewegung hilft, z. B. ein kurzer Spaziergang am Tag."
)


def test_german_is_measured_with_amstads_formula():
    from bookbuilder.check.readability import formula_for, measure

    result = measure([GERMAN], "de-DE")
    assert result.sentences == 3, "z. B. does not end a sentence"
    assert result.words == 21
    formula = formula_for("de-DE")
    expected = 180 - result.words / result.sentences - 58.5 * result.syllables / result.words
    assert formula.name == "Flesch reading ease (Amstad)" and not formula.is_grade
    assert formula.score(result) == pytest.approx(expected)
    assert result.syllables >= 36, "syllables of German words, not of their ASCII pieces"


@pytest.mark.parametrize(
    ("language", "name"),
    [("es", "Fernández Huerta reading ease"), ("fr-CA", "Kandel–Moles reading ease")],
)
def test_spanish_and_french_have_their_own_formulas(language, name):
    from bookbuilder.check.readability import formula_for

    assert formula_for(language).name == name


def test_a_language_without_a_formula_is_not_measured(tmp_path):
    book = copy_book("tagged", tmp_path)
    toml = book / "book.toml"
    toml.write_text(toml.read_text().replace('language = "en-GB"', 'language = "pl"'))
    result = run("check", str(book))
    said = result.stdout + result.stderr
    assert "info: reading level not measured for Polish" in said
    assert "[reading-not-measured]" in said and "Flesch–Kincaid" not in said


def test_a_books_wording_means_what_it_says(tmp_path):
    """ "&" and "%" in [strings] are text, in the EPUB, the PDF and the CSS alike."""
    extra = (
        '\n[strings]\n"Contents" = "Fragen & Antworten 100%"\n'
        '"Updated %(date)s" = "Stand: %(date)s (100%)"\n'
        '"Printed %(date)s" = "Druck: %(date)s, 1%"\n'
    )
    book = german_book(tmp_path, extra)
    assert run("build", str(book), "-q", "-f", "epub", "-f", "pdf").exit_code == 0
    assert run("handout", str(book), "moving", "-q").exit_code == 0
    assert contents_heading(built_nav(book)) == "Fragen & Antworten 100%"
    pdf = Pdf(next((book / "output").glob("*.pdf")))
    assert "Stand: 1. Mai 2025 (100%)" in " ".join(pdf.text(i) for i in range(len(pdf)))
    handout = Pdf(book / "output" / "handouts" / "moving.pdf")
    assert "Druck: " in handout.folio(0) and ", 1%" in handout.folio(0)


def test_a_placeholder_the_message_lacks_is_an_error(tmp_path):
    book = german_book(tmp_path, '\n[strings]\n"Page %(page)s" = "S. %(seite)s"\n')
    result = run("build", str(book), "-f", "epub")
    assert result.exit_code == 1
    assert "error: [strings] 'Page %(page)s': %(seite)s is not one of its placeholders" in (
        result.stderr
    )


def test_glossary_terms_are_whole_words_in_every_script():
    from bookbuilder.html.glossary import GlossaryMatcher
    from bookbuilder.model import GlossaryTerm

    def found(term: str, text: str) -> list[str]:
        entry = GlossaryTerm("gl-x", term, (), "d", Path("g.yaml"), 1)
        return [match[0] for match, _ in GlossaryMatcher((entry,)).find(text)]

    assert found("रोग", "यह रोगी है") == [], "not inside a word with a vowel sign"
    assert found("रोग", "यह रोग है") == ["रोग"]
    assert found("坐骨神经痛", "叫作坐骨神经痛它") == ["坐骨神经痛"], "no spaces in Chinese"
    assert found("disc", "discs and a disc") == ["disc"]
