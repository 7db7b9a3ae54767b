"""Writes the corpus of real-world chapter oddities in tests/corpus/chapters/.

    python tests/corpus/make_corpus.py

Each chapter is one oddity from what editors paste and what public Markdown collections
hold (raw HTML of every kind, odd front matter, dates, encodings, line ends, very long
lines, Markdown edge cases), most of them placed in several contexts: a paragraph, a list
item, a block quote, a table cell and a footnote. tests/test_corpus.py checks that each
one either builds into an EPUBCheck-clean book or fails with located errors, and never
with an internal error.
"""

from __future__ import annotations

from pathlib import Path

FOLDER = Path(__file__).parent / "chapters"
FRONT = "---\ntitle: {title}\nauthors: [A. Writer]\nupdated: 2024-01-01\n---\n"

# Inline oddities, each put in several contexts.
INLINE = {
    "doctype": "<!DOCTYPE html>",
    "processing-instruction": '<?xml version="1.0"?> text',
    "php": "<?php echo 'x'; ?> text",
    "cdata": "<![CDATA[ x < y && z ]]> text",
    "comment": "<!-- a comment --> text",
    "unclosed-comment": "<!-- never closed",
    "control-characters": "bell \x07 escape \x1b form feed \x0c vertical \x0b end",
    "nul": "before \x00 after",
    "ref-surrogate": "a &#xD800; b &#55296; c",
    "ref-zero": "a &#0; b &#x0; c",
    "ref-too-large": "a &#x110000; b &#99999999; c",
    "ref-noncharacter": "a &#xFFFE; b &#xFFFF; c",
    "unknown-entity": "a &bogus; b &amp c &#x; d",
    "script": "<script>alert(1)</script> text",
    "style-element": "<style>p { color: red }</style> text",
    "iframe": '<iframe src="https://example.org"></iframe> text',
    "object-embed": '<object data="x.swf"><embed src="x.swf"></object> text',
    "form": '<form action="/x"><input name="a"><button>Go</button></form> text',
    "select": "<select><option>a</option></select> text",
    "textarea": "<textarea>a <b>b</b></textarea> text",
    "onclick": '<span onclick="steal()">click</span>',
    "javascript-link": '<a href="javascript:alert(1)">link</a>',
    "data-link": '<a href="data:text/html,<script>x</script>">link</a>',
    "vbscript": '<a href="vbscript:x">link</a>',
    "style-url": '<span style="background: url(https://example.org/x.png)">x</span>',
    "unknown-element": "<blink>old</blink> <marquee>older</marquee> <foo-bar>custom</foo-bar>",
    "uppercase-tags": "<B>bold</B> <I>italic</I> <SPAN CLASS=x>span</SPAN>",
    "unquoted-attributes": "<span class=a title=b>x</span>",
    "duplicate-attributes": '<span class="a" class="b">x</span>',
    "bad-id": '<span id="has space">a</span> <span id="">b</span> <span id="1x">c</span>',
    "nested-links": '<a href="https://a.example"><a href="https://b.example">b</a></a>',
    "stray-close": "text </div></span></p> more",
    "broken-tag": "<p <b>broken</b> text",
    "angle-brackets": "a < b > c and 3<4 and x<y",
    "ampersands": "Q&A, AT&T, &&, & more",
    "svg": '<svg width="10" height="10"><circle r="3" onload="x()"/></svg> text',
    "svg-script": "<svg><script>alert(1)</script></svg> text",
    "mathml": "<math><mi>x</mi><mo>=</mo><mn>2</mn></math> text",
    "base-meta-link": '<base href="https://x.example/"><meta charset="x"><link rel="x" href="y">',
    "noscript-template": "<noscript>no</noscript><template><p>t</p></template> text",
    "xmp-plaintext": "<xmp><b>x</b></xmp> text",
    "media": '<video src="x.mp4"></video><audio src="x.mp3"></audio> text',
    "img-no-src": '<img alt="nothing">',
    "img-remote": '<img src="https://example.org/x.png" alt="remote">',
    "img-absolute": '<img src="/etc/passwd" alt="absolute">',
    "img-outside": '<img src="../../../../etc/hosts" alt="outside">',
    "img-file-url": '<img src="file:///etc/passwd" alt="file">',
    "markdown-image-remote": "![remote](https://example.org/x.png)",
    "markdown-image-missing-alt": "![](missing.png)",
    "link-to-nothing": "[nowhere](#nowhere)",
    "link-to-missing-chapter": "[gone](99-gone.md)",
    "link-outside": "[out](../../README.md)",
    "link-odd-scheme": "[odd](ftp://example.org) [mail](mailto:a@example.org) [tel](tel:+441)",
    "empty-link": "[]() and [x]() and [](#)",
    "reference-undefined": "[text][nowhere] and ![img][none]",
    "autolinks": "<https://example.org/a?b=1&c=2> and <a@example.org>",
    "zero-width": "zero\u200bwidth\u200djoiner\ufeffbom\u2060joiner",
    "bidi": "right-to-left \u202eevil\u202c and \u200fmark and עברית and العربية",
    "combining": "e\u0301 a\u0308 \u0915\u094d\u0937",
    "emoji": "pain 😣 relief 💊 family 👨‍👩‍👧",
    "cjk": "腰痛の治療 요통 治疗腰痛",
    "long-word": "x" * 300,
    "long-url": "https://example.org/" + "a" * 500,
    "emphasis-soup": "***a** b* __c_ d_ **e _f** g_ *** ___ **",
    "escapes": r"\*not\* \_em\_ \[not link\](x) \<b\> \\ \` ",
    "smart-quotes": "\"double\" 'single' don't ``back'' -- --- ...",
    "html-in-code": "`<script>x</script>` and `&amp;`",
    "footnote-ref-undefined": "text[^nope]",
    "abbreviation-like": "*[HTML]: Hyper Text",
    "attr-list-bad": "text\n{: #1bad .x onclick=y }",
    "attr-list-id-dup": "a {: #same }\n\nb {: #same }",
    "br-variants": "a<br>b<br/>c<br />d</br>e",
    "p-in-span": "<span><p>para</p></span>",
    "div-in-p": "text <div>block</div> text",
    "li-outside": "<li>item</li>",
    "table-in-p": "x <table><tr><td>a</td></tr></table> y",
    "details": "<details>no summary</details>",
    "ruby": "<ruby>漢<rt>kan</rt></ruby>",
    "wbr-bdi": "long<wbr>word <bdi>x</bdi>",
    "deep-span": "<span>" * 200 + "deep" + "</span>" * 200,
}

CONTEXTS = {
    "paragraph": "Before.\n\n{x}\n\nAfter.\n",
    "list": "- one\n- {x}\n- three\n",
    "quote": "> Quoted.\n>\n> {x}\n",
    "table": "| a | b |\n|---|---|\n| {x} | 2 |\n",
    "footnote": "Text with a note.[^1]\n\n[^1]: {x}\n",
}

# Whole chapters: front matter, encodings, line ends, block structure.
WHOLE = {
    "date-month-15": "---\ntitle: T\nauthors: [A]\nupdated: 2010-15-06\n---\nText.\n",
    "date-feb-30": "---\ntitle: T\nauthors: [A]\nupdated: 2010-02-30\n---\nText.\n",
    "date-day-0": "---\ntitle: T\nauthors: [A]\nupdated: 2010-06-00\n---\nText.\n",
    "date-slashes": "---\ntitle: T\nauthors: [A]\nupdated: 15/06/2010\n---\nText.\n",
    "date-words": "---\ntitle: T\nauthors: [A]\nupdated: June 2010\n---\nText.\n",
    "date-datetime": "---\ntitle: T\nauthors: [A]\nupdated: 2010-06-15 10:30:00\n---\nText.\n",
    "date-timezone": "---\ntitle: T\nauthors: [A]\nupdated: 2010-06-15T10:30:00+02:00\n---\nX.\n",
    "date-number": "---\ntitle: T\nauthors: [A]\nupdated: 20100615\n---\nText.\n",
    "date-list": "---\ntitle: T\nauthors: [A]\nupdated: [2010, 6, 15]\n---\nText.\n",
    "date-year-0": "---\ntitle: T\nauthors: [A]\nupdated: 0000-01-01\n---\nText.\n",
    "date-year-9999": "---\ntitle: T\nauthors: [A]\nupdated: 9999-12-31\n---\nText.\n",
    "review-before-update": (
        "---\ntitle: T\nauthors: [A]\nupdated: 2020-01-01\nnext_review: 2019-01-01\n---\nX\n"
    ),
    "review-bad": "---\ntitle: T\nauthors: [A]\nupdated: 2020-01-01\nnext_review: soon\n---\nX\n",
    "title-number": "---\ntitle: 42\nauthors: [A]\nupdated: 2024-01-01\n---\nText.\n",
    "title-list": "---\ntitle: [a, b]\nauthors: [A]\nupdated: 2024-01-01\n---\nText.\n",
    "title-bool": "---\ntitle: yes\nauthors: [A]\nupdated: 2024-01-01\n---\nText.\n",
    "title-null": "---\ntitle:\nauthors: [A]\nupdated: 2024-01-01\n---\nText.\n",
    "title-mapping": "---\ntitle: {a: b}\nauthors: [A]\nupdated: 2024-01-01\n---\nText.\n",
    "title-colon": "---\ntitle: Gene Therapy: for Back Pain\nauthors: [A]\nupdated: 2024-01-01\n---\nX\n",
    "title-html": "---\ntitle: <b>Bold</b> & <script>x</script>\nauthors: [A]\nupdated: 2024-01-01\n---\nX\n",
    "title-long": "---\ntitle: " + "Long " * 200 + "\nauthors: [A]\nupdated: 2024-01-01\n---\nX\n",
    "title-unicode": "---\ntitle: 腰痛 — עברית — 😣\nauthors: [A]\nupdated: 2024-01-01\n---\nX\n",
    "authors-string": "---\ntitle: T\nauthors: A. Writer\nupdated: 2024-01-01\n---\nText.\n",
    "authors-mapping": "---\ntitle: T\nauthors: {name: A}\nupdated: 2024-01-01\n---\nText.\n",
    "authors-numbers": "---\ntitle: T\nauthors: [1, 2]\nupdated: 2024-01-01\n---\nText.\n",
    "authors-empty": "---\ntitle: T\nauthors: []\nupdated: 2024-01-01\n---\nText.\n",
    "authors-nested": "---\ntitle: T\nauthors: [[A]]\nupdated: 2024-01-01\n---\nText.\n",
    "authors-credentials-list": (
        "---\ntitle: T\nauthors:\n  - name: A\n    credentials: [BSc]\nupdated: 2024-01-01\n---\nX\n"
    ),
    "keywords-number": "---\ntitle: T\nauthors: [A]\nupdated: 2024-01-01\nkeywords: 5\n---\nX\n",
    "keywords-string": "---\ntitle: T\nauthors: [A]\nupdated: 2024-01-01\nkeywords: a, b\n---\nX\n",
    "summary-list": "---\ntitle: T\nauthors: [A]\nupdated: 2024-01-01\nsummary: [a]\n---\nX\n",
    "unknown-keys": "---\ntitle: T\nauthors: [A]\nupdated: 2024-01-01\ntags: [x]\nSummary: y\n---\nX\n",
    "front-matter-list": "---\n- title: T\n---\nText.\n",
    "front-matter-scalar": "---\njust text\n---\nText.\n",
    "front-matter-empty": "---\n---\nText.\n",
    "front-matter-unclosed": "---\ntitle: T\nauthors: [A]\nupdated: 2024-01-01\nText.\n",
    "front-matter-none": "# Just a heading\n\nText.\n",
    "front-matter-tab": "---\ntitle: T\n\tauthors: [A]\nupdated: 2024-01-01\n---\nText.\n",
    "front-matter-unclosed-quote": '---\ntitle: "T\nauthors: [A]\nupdated: 2024-01-01\n---\nX\n',
    "front-matter-unclosed-list": "---\ntitle: T\nauthors: [A\nupdated: 2024-01-01\n---\nX\n",
    "front-matter-bad-indent": "---\ntitle: T\n authors: [A]\nupdated: 2024-01-01\n---\nX\n",
    "front-matter-alias": "---\ntitle: &t T\nauthors: [*t]\nupdated: 2024-01-01\n---\nX\n",
    "front-matter-tags": "---\ntitle: !!python/object:os.system x\nauthors: [A]\nupdated: 2024-01-01\n---\n",
    "front-matter-duplicate-key": "---\ntitle: T\ntitle: U\nauthors: [A]\nupdated: 2024-01-01\n---\nX\n",
    "front-matter-trailing-spaces": "---   \ntitle: T\nauthors: [A]\nupdated: 2024-01-01\n---  \nX\n",
    "crlf": FRONT.replace("\n", "\r\n").format(title="CRLF") + "Line one.\r\n\r\n- a\r\n- b\r\n",
    "cr-only": FRONT.replace("\n", "\r").format(title="CR") + "Line one.\r\rLine two.\r",
    "bom": "\ufeff" + FRONT.format(title="BOM") + "Text after a byte order mark.\n",
    "bom-crlf": "\ufeff" + FRONT.replace("\n", "\r\n").format(title="BOM CRLF") + "Text.\r\n",
    "tabs-body": FRONT.format(title="Tabs") + "\tindented code\n\n-\titem\n\nword\tword\n",
    "long-line": FRONT.format(title="Long line") + ("word " * 40000) + "\n",
    "long-lines-many": FRONT.format(title="Many") + ("A sentence of text. " * 200 + "\n\n") * 50,
    "no-final-newline": FRONT.format(title="No newline") + "Text",
    "empty-body": FRONT.format(title="Empty"),
    "whitespace-body": FRONT.format(title="Spaces") + "   \n\t\n  \n",
    "only-comment": FRONT.format(title="Comment") + "<!-- nothing but a comment -->\n",
    "only-doctype": FRONT.format(title="Doctype") + "<!DOCTYPE html>\n",
    "html-document": FRONT.format(title="Document")
    + "<html><head><title>t</title><style>p{}</style></head><body><p>Hi</p></body></html>\n",
    "html-empty": FRONT.format(title="Html") + "<html></html>\n",
    "head-only": FRONT.format(title="Head") + "<head><title>t</title></head>\n",
    "frameset": FRONT.format(title="Frames") + '<frameset><frame src="x"></frameset>\n',
    "deep-divs": FRONT.format(title="Deep") + "<div>" * 500 + "x" + "</div>" * 500 + "\n",
    "deep-lists": FRONT.format(title="Lists")
    + "".join("    " * depth + "- level\n" for depth in range(60)),
    "deep-quotes": FRONT.format(title="Quotes") + ">" * 200 + " deep\n",
    "unclosed-table": FRONT.format(title="Table") + "<table><tr><td>a<td>b<tr><td>c\n",
    "table-ragged": FRONT.format(title="Ragged") + "| a | b |\n|---|\n| 1 | 2 | 3 | 4 |\n",
    "table-wide": FRONT.format(title="Wide")
    + "|"
    + "|".join("c" for _ in range(30))
    + "|\n|"
    + "|".join("-" for _ in range(30))
    + "|\n",
    "table-empty": FRONT.format(title="Empty table") + "<table></table>\n",
    "headings-all": FRONT.format(title="Headings")
    + "".join(f"{'#' * n} Level {n}\n\nText.\n\n" for n in range(1, 7)),
    "headings-skip": FRONT.format(title="Skip") + "## Two\n\n#### Four\n\n###### Six\n",
    "headings-empty": FRONT.format(title="Empty headings") + "##\n\n###   \n\nText.\n",
    "headings-duplicate": FRONT.format(title="Dups") + "## Same\n\n## Same\n\n[s](#same)\n",
    "setext": FRONT.format(title="Setext") + "Title\n=====\n\nSub\n---\n\nText.\n",
    "fence-unclosed": FRONT.format(title="Fence") + "```python\nprint('never closed')\n",
    "fence-html": FRONT.format(title="Code") + "```html\n<script>alert(1)</script>\n```\n",
    "footnotes-many": FRONT.format(title="Notes")
    + "".join(f"Note {n}.[^{n}]\n\n" for n in range(100))
    + "".join(f"[^{n}]: Text {n}.\n" for n in range(100)),
    "footnote-unused": FRONT.format(title="Unused") + "Text.\n\n[^x]: never used\n",
    "footnote-in-heading": FRONT.format(title="Note heading") + "## Head[^1]\n\n[^1]: note\n",
    "footnote-nested": FRONT.format(title="Nested") + "A[^1]\n\n[^1]: B[^2]\n[^2]: C\n",
    "definition-list": FRONT.format(title="Defs") + "Term\n:   Definition\n:   Another\n",
    "abbreviations": FRONT.format(title="Abbr")
    + "HTML and CSS.\n\n*[HTML]: Hyper Text\n*[CSS]: Styles\n",
    "hr-many": FRONT.format(title="Rules") + "***\n\n---\n\n___\n\n* * *\n",
    "same-image-twice": FRONT.format(title="Images")
    + "![A picture](missing.png)\n\nText.\n\n![](missing.png)\n",
    "link-same-anchor-twice": FRONT.format(title="Links") + "[a](#x)\n\n[b](#x)\n",
    "separator-in-body": FRONT.format(title="Rule body") + "Text.\n\n---\n\nMore.\n",
}


def chapters() -> dict[str, str]:
    """Every corpus chapter: its file name and its text."""
    found: dict[str, str] = {}
    for name, fragment in INLINE.items():
        for context, template in CONTEXTS.items():
            title = f"{name} in a {context}"
            found[f"{name}--{context}.md"] = FRONT.format(title=title) + template.format(x=fragment)
    for name, text in WHOLE.items():
        found[f"{name}.md"] = text
    return found


def main() -> None:
    FOLDER.mkdir(parents=True, exist_ok=True)
    for old in FOLDER.glob("*.md"):
        old.unlink()
    for name, text in chapters().items():
        (FOLDER / name).write_bytes(text.encode("utf-8", "surrogatepass"))
    print(f"{len(chapters())} chapters in {FOLDER}")


if __name__ == "__main__":
    main()
