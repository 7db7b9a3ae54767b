"""Two things citeproc-py 0.11 lacks, added when it is loaded.

1. A localized date's delimiter. A style that formats dates with its locale's text form
(`<date form="text" variable="accessed"/>`, as NLM/Vancouver does) gets the parts joined
by the calling element's delimiter, which is none: "[cited 2024Mar1]". CSL 1.0.2
(Localized Date Formats) says the locale's `cs:date` delimiter applies; the fix uses it
when the calling element gives none.

2. Suppress-author and the author's name, which pandoc's `[-@key]` and `@key says` need
and which citeproc-js has as citation flags. The first `cs:names` an item renders in a
citation's layout (not its sorting) is the author, or what substitutes for it. Each item
keeps what that rendered under its `AUTHOR` key, for "Foster et al. (2018)"; an item
whose `SUPPRESS` key is true renders without that text and the delimiter after it.
(Suppressing the `cs:names` element itself does not work with citeproc-py: styles such
as APA then fall back to the title.)
"""

from __future__ import annotations

from citeproc import model


def _render_single_date(self, date, show_parts=None, context=None):
    parts = (
        self.parts(date, show_parts, context) if context != self else self.parts(date, show_parts)
    )
    if not parts:
        return None
    if self.is_locale_date() and context is not None and context.get("delimiter") is not None:
        return context.join(parts)
    return self.join(parts)


SUPPRESS = "bookbuilder-suppress-author"
AUTHOR = "bookbuilder-author"
_names_process = model.Names.process
_rendering: list = []  # the citation item whose text is being rendered (not sorted)


def _names_process_with_author(self, item, names_context=None, context=None, **kwargs):
    text = _names_process(self, item, names_context, context, **kwargs)
    if text is None or not _rendering or _rendering[-1] is not item or AUTHOR in item:
        return text
    dict.__setitem__(item, AUTHOR, str(text))
    return text


def _render_citation(self, citation, callback):
    """citeproc-py's Layout.render_citation, with each item's rendering marked."""
    bibliography = citation.bibliography
    good = [cite for cite in citation.cites if not cite.is_bad()]
    bad = [cite for cite in citation.cites if cite.is_bad()]
    good.sort(key=lambda item: bibliography.keys.index(item.key))
    if self.getparent().sort is not None:
        good = self.getparent().sort.sort(good, self)
    out = []
    for item in good:
        self.repressed = {}
        _rendering.append(item)
        try:
            output = self.render_children(item)
        except model.VariableError:
            continue
        finally:
            _rendering.pop()
        if output is not None and dict.get(item, SUPPRESS) and item.get(AUTHOR):
            output = str(output).replace(item[AUTHOR], "", 1).lstrip(" ,;:") or output
        if output is not None:
            out.append(item.get("prefix", "") + output + item.get("suffix", ""))
            self.getparent().cites.append(item)
    out.extend(callback(item) or f"{item.key}?" for item in bad)
    return self.format(self.wrap(self.join(out)))


model.Date.render_single_date = _render_single_date
model.Names.process = _names_process_with_author
model.Layout.render_citation = _render_citation
