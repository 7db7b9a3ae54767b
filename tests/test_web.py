"""The web edition (`-f html`), read as files (html5lib's strict parser, lxml, the Nu HTML
checker) and used in Debian's Chromium: pages, links, glossary popovers, search, axe."""

from __future__ import annotations

import functools
import http.server
import json
import re
import threading
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from lxml import html as lxml_html

from browser import axe_violations, launch, vnu_messages
from helpers import BOOKS, REPOSITORY, run

BOOKS_ON_THE_WEB = {
    "guide": REPOSITORY,
    "print": BOOKS / "print",  # figures, tables, footnotes
    "lang-ar": BOOKS / "lang-ar",  # right to left
    "references": BOOKS / "references",  # citations and reference lists
}
EPOCH = {"SOURCE_DATE_EPOCH": "1700000000"}


def build_site(book: Path, out: Path) -> Path:
    result = run("build", str(book), "-o", str(out), "-f", "html", "-q", env=EPOCH)
    assert result.exit_code == 0, result.stderr
    (site,) = out.glob("*-html")
    return site


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> dict[str, Path]:
    return {
        name: build_site(book, tmp_path_factory.mktemp(name))
        for name, book in BOOKS_ON_THE_WEB.items()
    }


@pytest.fixture(scope="module")
def guide_site(sites) -> Path:
    return sites["guide"]


def pages(site: Path) -> list[Path]:
    return sorted(site.glob("*.html"))


def parsed(page: Path):
    return lxml_html.fromstring(page.read_bytes())


def test_the_guide_has_its_pages(guide_site):
    names = {page.name for page in pages(guide_site)}
    assert names == {
        "index.html",
        "about-this-guide.html",
        "gene-therapy-for-back-pain.html",
        "when-back-pain-does-not-respond-to-treatment.html",
        "glossary.html",
        "about.html",
        "search.html",
    }
    home = parsed(guide_site / "index.html")
    assert home.xpath("string(//h1)") == "Treating Back Pain"
    contents = [a.text_content() for a in home.xpath("//nav[@id='toc']//a[@class='toc-link']")]
    assert [" ".join(text.split()) for text in contents] == [
        "1 About this guide",
        "2 Gene Therapy for Back Pain",
        "3 When back pain does not respond to treatment",
    ]
    about = parsed(guide_site / "about.html")
    assert "It is not medical advice" in about.xpath("string(//section[@class='disclaimer'])")
    assert about.xpath("//h1/text()") == ["About this edition"]


def test_a_chapter_page_has_its_byline_dates_and_the_overdue_notice(guide_site):
    page = parsed(guide_site / "gene-therapy-for-back-pain.html")
    assert page.xpath("string(//h1)") == "Gene Therapy for Back Pain"
    assert "Suzanne Elvidge, BSc (hons), MSc" in page.xpath("string(//p[@class='byline'])")
    assert page.xpath("//p[@class='dates']//time/@datetime")[0] == "2010-06-15"
    notice = page.xpath("string(//p[@class='review-notice'])")
    assert "was due for review on 15 June 2013" in notice
    assert "Adapted from" in page.xpath("string(//p[@class='adapted-from'])")


@pytest.mark.parametrize("name", BOOKS_ON_THE_WEB)
def test_every_page_parses_strictly(sites, name):
    import html5lib

    for page in pages(sites[name]):
        html5lib.HTMLParser(strict=True).parse(page.read_bytes())  # raises on any parse error


def test_the_nu_html_checker_finds_nothing(sites):
    messages = []
    for site in sites.values():
        messages += [m for m in vnu_messages(site) if m.get("type") != "info"]
    assert messages == []


def local_targets(page: Path):
    """Every URL `page` points at with a (tag, attribute, url) tuple."""
    tree = parsed(page)
    for tag, attribute in (("a", "href"), ("link", "href"), ("script", "src"), ("img", "src")):
        for element in tree.iter(tag):
            if element.get(attribute) is not None:
                yield tag, element.get(attribute)


@pytest.mark.parametrize("name", BOOKS_ON_THE_WEB)
def test_every_link_and_resource_is_relative_and_resolves(sites, name):
    site = sites[name]
    ids = {page.name: set(parsed(page).xpath("//@id")) for page in pages(site)}
    broken = []
    for page in pages(site):
        for tag, url in local_targets(page):
            parts = urlsplit(url)
            if tag == "a" and parts.scheme in ("http", "https", "mailto"):
                continue  # a link to the web, followed only when the reader chooses
            assert not parts.scheme and not parts.netloc and not url.startswith("/"), (page, url)
            target = unquote(parts.path) or page.name
            if not (site / target).is_file():
                broken.append(f"{page.name}: {url}")
            elif parts.fragment and unquote(parts.fragment) not in ids.get(target, set()):
                broken.append(f"{page.name}: {url} (no such id)")
    assert broken == []


@pytest.mark.parametrize("name", BOOKS_ON_THE_WEB)
def test_styles_load_nothing_from_elsewhere(sites, name):
    for stylesheet in (sites[name] / "styles").glob("*.css"):
        for url in re.findall(r"url\(\s*['\"]?([^'\")]+)", stylesheet.read_text("utf-8")):
            assert not urlsplit(url).scheme and not url.startswith("/"), (stylesheet.name, url)
            assert (stylesheet.parent / url).resolve().is_file(), (stylesheet.name, url)


def test_glossary_terms_carry_their_definition_and_link_to_the_glossary(guide_site):
    page = parsed(guide_site / "gene-therapy-for-back-pain.html")
    glossary = parsed(guide_site / "glossary.html")
    buttons = page.xpath("//button[@class='glossref']")
    assert len(buttons) >= 10
    for button in buttons:
        card = page.get_element_by_id(button.get("popovertarget"))
        assert card.get("popover") == ""
        assert card.tag == "span" and card.getparent().tag != "button"
        link = card.xpath(".//a[@class='gloss-more']")[0]
        page_name, _, entry_id = link.get("href").partition("#")
        assert page_name == "glossary.html"
        definition = glossary.get_element_by_id(entry_id).getnext()  # the entry's dd
        wanted = " ".join(definition.xpath("string(./p[1])").split())
        shown = " ".join(card.xpath("string(.//span[@class='gloss-definition'])").split())
        assert shown == wanted
    dna = page.xpath("//button[@id='gene-therapy-for-back-pain--use-gl-dna']")[0]
    assert dna.text == "DNA"
    # the glossary links back to the use, which is the button
    assert glossary.xpath(
        "//a[@href='gene-therapy-for-back-pain.html#gene-therapy-for-back-pain--use-gl-dna']"
    )


def test_previous_and_next_walk_the_whole_book(guide_site):
    walked, here = [], "index.html"
    while here:
        walked.append(here)
        nexts = parsed(guide_site / here).xpath("//nav[@class='pager']/a[@rel='next']/@href")
        here = nexts[0] if nexts else None
    assert walked == [
        "index.html",
        "about-this-guide.html",
        "gene-therapy-for-back-pain.html",
        "when-back-pain-does-not-respond-to-treatment.html",
        "glossary.html",
        "about.html",
    ]
    back = parsed(guide_site / "glossary.html").xpath("//a[@rel='prev']/@href")
    assert back == ["when-back-pain-does-not-respond-to-treatment.html"]


def test_the_search_index_holds_every_section(guide_site):
    text = (guide_site / "scripts/search-index.js").read_text("utf-8")
    index = json.loads(text.removeprefix("window.bookSearchIndex = ").rstrip().rstrip(";"))
    assert "endorphins" in index["words"]
    assert len(index["words"]) == len(index["postings"])
    hrefs = [section[0] for section in index["sections"]]
    assert "glossary.html#gl-endorphin" in hrefs
    assert "gene-therapy-for-back-pain.html#gene-therapy-for-back-pain--what-is-gene-therapy" in (
        hrefs
    )
    assert index["words"] == sorted(index["words"])


def test_a_right_to_left_book_is_right_to_left_on_the_web(sites):
    for page in pages(sites["lang-ar"]):
        root = parsed(page)
        assert (root.get("lang"), root.get("dir")) == ("ar", "rtl"), page.name


def test_the_same_sources_give_the_same_site(tmp_path, guide_site):
    again = build_site(REPOSITORY, tmp_path)
    files = sorted(p.relative_to(again) for p in again.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(guide_site) for p in guide_site.rglob("*") if p.is_file())
    for name in files:
        assert (again / name).read_bytes() == (guide_site / name).read_bytes(), name


def test_a_rebuild_removes_the_pages_of_chapters_that_went(tmp_path):
    from helpers import chapter_text, write_book

    book = write_book(
        tmp_path / "book",
        {"01-first.md": chapter_text("One."), "02-second.md": chapter_text("Two.", title="B")},
    )
    site = build_site(book, tmp_path / "out")
    assert (site / "second.html").is_file()
    (book / "chapters" / "02-second.md").unlink()
    assert build_site(book, tmp_path / "out") == site
    assert not (site / "second.html").exists()
    assert (site / "first.html").is_file()


def test_a_chapter_named_like_a_page_of_the_site_keeps_its_own_page(tmp_path):
    from helpers import chapter_text, write_book

    book = write_book(
        tmp_path / "book",
        {"01-index.md": chapter_text("Body of the index chapter.", title="Index")},
    )
    site = build_site(book, tmp_path / "out")
    assert "Body of the index chapter." in (site / "index-2.html").read_text("utf-8")
    assert parsed(site / "index.html").xpath("//a[@class='toc-link']/@href") == ["index-2.html"]


# In Chromium ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser():
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context()
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on(
        "requestfailed",
        # axe-core reads stylesheets again with XMLHttpRequest, which file:// refuses
        lambda r: r.resource_type in ("xhr", "fetch") or errors.append(f"{r.url} {r.failure}"),
    )
    yield page
    context.close()
    assert errors == []


@pytest.mark.parametrize("name", BOOKS_ON_THE_WEB)
def test_axe_finds_nothing_on_any_page(sites, name, page):
    found = {}
    for html in pages(sites[name]):
        page.goto(html.as_uri())
        found[html.name] = axe_violations(page)
        if page.locator("button.glossref").count():  # and with a definition open
            page.locator("button.glossref").first.click()
            found[f"{html.name} (definition open)"] = axe_violations(page)
    page.goto((sites[name] / "search.html").as_uri() + "?q=a")
    found["search.html?q=a"] = axe_violations(page)
    assert {where: v for where, v in found.items() if v} == {}


def test_a_click_on_a_term_shows_its_definition_and_escape_hides_it(guide_site, page):
    page.goto((guide_site / "gene-therapy-for-back-pain.html").as_uri())
    term = page.locator("#gene-therapy-for-back-pain--use-gl-dna")
    card = page.locator("#gene-therapy-for-back-pain--use-gl-dna-definition")
    assert not card.is_visible()
    term.click()
    assert card.is_visible()
    assert "instructions" in card.inner_text()
    page.keyboard.press("Escape")
    assert not card.is_visible()
    term.focus()  # the keyboard alone opens it too
    page.keyboard.press("Enter")
    assert card.is_visible()
    card.locator("a.gloss-more").click()
    page.wait_for_url(re.compile(r"glossary\.html#gl-dna$"))


def test_search_finds_endorphin_from_any_page(guide_site, page):
    page.goto((guide_site / "about-this-guide.html").as_uri())
    page.fill("#site-search-query", "endorphin")
    page.press("#site-search-query", "Enter")
    page.wait_for_url(re.compile(r"search\.html\?q=endorphin$"))
    results = page.locator("#search-results li")
    results.first.wait_for()
    hrefs = [a.get_attribute("href") for a in page.locator("#search-results a").all()]
    assert "glossary.html#gl-endorphin" in hrefs
    assert any(href.startswith("gene-therapy-for-back-pain.html") for href in hrefs)
    assert "endorphin" in page.locator("#search-status").inner_text()
    assert page.locator("#search-results mark").count() >= 1
    page.fill("#search-query", "no-such-word-anywhere")
    page.press("#search-query", "Enter")
    page.locator("#search-results li").first.wait_for(state="detached")
    assert "Nothing in this book matches" in page.locator("#search-status").inner_text()


def test_search_in_a_script_without_spaces(tmp_path, page):
    site = build_site(BOOKS / "lang-zh", tmp_path)
    page.goto((site / "search.html").as_uri() + "?q=" + "背痛")
    page.locator("#search-results li").first.wait_for()
    assert page.locator("#search-results li").count() >= 1


@pytest.fixture
def served(guide_site):
    """The folder above the site, served over HTTP: the site sits at a sub-path."""
    handler = functools.partial(
        http.server.SimpleHTTPRequestHandler, directory=str(guide_site.parent.parent)
    )
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/{guide_site.parent.name}/{guide_site.name}"
    server.shutdown()


def test_the_site_works_from_a_sub_path_of_a_server(served, page):
    statuses = []
    page.on("response", lambda response: statuses.append((response.status, response.url)))
    page.goto(f"{served}/gene-therapy-for-back-pain.html")
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.fonts.check('16px \"Atkinson Hyperlegible\"')")
    assert [s for s in statuses if s[0] >= 400] == []
    assert all(url.startswith(served) for _, url in statuses)
    assert any(url.endswith(".woff2") for _, url in statuses)
    page.click("a.pager-next")
    page.wait_for_url(f"{served}/when-back-pain-does-not-respond-to-treatment.html")


def test_on_a_phone_nothing_is_wider_than_the_screen(guide_site, browser):
    context = browser.new_context(viewport={"width": 320, "height": 640}, is_mobile=True)
    page = context.new_page()
    for html in pages(guide_site):
        page.goto(html.as_uri())
        width = page.evaluate("document.scrollingElement.scrollWidth")
        assert width <= 320, html.name
    context.close()


def test_printed_from_the_browser_the_page_is_the_text_alone(guide_site, page):
    page.goto((guide_site / "gene-therapy-for-back-pain.html").as_uri())
    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible()
    assert not page.locator(".pager").is_visible()
    assert page.locator("h1").is_visible()
    pdf = page.pdf()  # Chromium's own print of the page
    assert pdf.startswith(b"%PDF")
