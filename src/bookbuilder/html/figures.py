"""Numbered figures: `![alt](image.png "Caption")` alone in its paragraph becomes a
`figure` with a `figcaption`, and every captioned figure of a chapter is numbered
"Figure 2.1", "Figure 2.2"… (chapter 2), the same in every edition.

The alt text says what the image shows, for those who cannot see it; the caption says
what it means, for everyone. Pandoc's `implicit_figures` reads the same syntax.
"""

from __future__ import annotations

from lxml import html as lxml_html


def make_figures(
    fragment: lxml_html.HtmlElement, chapter_number: int, figure_label: str = "Figure %(number)s"
) -> None:
    """Captioned images made figures, and every captioned figure numbered in order."""
    for paragraph in list(fragment.iter("p")):
        image = _lone_image(paragraph)
        if image is None or not " ".join(image.get("title", "").split()):
            continue
        figure = lxml_html.Element("figure")
        figure.attrib.update({k: v for k, v in paragraph.attrib.items() if k == "id"})
        caption = lxml_html.Element("figcaption")
        caption.text = " ".join(image.attrib.pop("title").split())
        image.tail = None
        figure.extend([image, caption])
        figure.tail = paragraph.tail
        paragraph.getparent().replace(paragraph, figure)
    for image in fragment.iter("img"):
        image.attrib.pop("title", None)  # a tooltip would repeat the caption or the alt
    figures = [f for f in fragment.iter("figure") if f.find("figcaption") is not None]
    for number, figure in enumerate(figures, start=1):
        caption = figure.find("figcaption")
        label = lxml_html.Element("span", {"class": "figure-label"})
        label.text = figure_label % {"number": f"{chapter_number}.{number}"}
        label.tail = " " + (caption.text or "").lstrip()
        caption.text = None
        caption.insert(0, label)


def _lone_image(paragraph: lxml_html.HtmlElement) -> lxml_html.HtmlElement | None:
    """The paragraph's image when it holds that and nothing else."""
    if len(paragraph) != 1 or (paragraph.text or "").strip():
        return None
    image = paragraph[0]
    if image.tag != "img" or (image.tail or "").strip():
        return None
    return image
