"""The people and works a chapter's front matter names: its authors and reviewers (names
with credentials), and the work it was adapted from (`source:`)."""

from __future__ import annotations

from pathlib import Path

from bookbuilder.diagnostics import Report
from bookbuilder.model import Author, SourceWork
from bookbuilder.sources.dates import read_date
from bookbuilder.sources.yamlfile import Located

PERSON_KEYS = ("name", "credentials")
SOURCE_KEYS = ("title", "author", "publisher", "site", "date", "url")


def read_people(
    located: Located | None, key: str, path: Path, report: Report
) -> tuple[Author, ...]:
    """The names under `key` (authors, reviewed_by): each a string, or a mapping with a
    `name` and maybe `credentials`."""
    if located is None or located.value is None:
        return ()
    one = "an author" if key == "authors" else "a reviewer"
    items = located.items if isinstance(located.value, list) else (located,)
    people: list[Author] = []
    for item in items:
        value, at = item.value, item.line
        if isinstance(value, str) and value.strip():
            people.append(Author(value.strip()))
        elif (
            isinstance(value, dict) and isinstance(value.get("name"), str) and value["name"].strip()
        ):
            credentials = value.get("credentials")
            if credentials is not None and not isinstance(credentials, str):
                report.error(
                    "front-matter-type",
                    path,
                    item.key_lines.get("credentials", at),
                    f"{one}'s 'credentials' must be text",
                )
                continue
            what = f"{one.split()[1]} key"
            item.warn_unknown_keys(PERSON_KEYS, what, path, report, warning="front-matter-unknown")
            people.append(Author(value["name"].strip(), (credentials or "").strip() or None))
        else:
            report.error(
                "front-matter-type",
                path,
                at,
                f"each {one.split()[1]} must have a 'name' (and may have 'credentials')",
            )
    return tuple(people)


def read_source_work(located: Located | None, path: Path, report: Report) -> SourceWork | None:
    """The work a chapter was adapted from: a mapping with at least its title."""
    if located is None or located.value is None:
        return None
    fields = located.value
    if not isinstance(fields, dict):
        report.error(
            "front-matter-type",
            path,
            located.line,
            "'source' must be a mapping: title, author, publisher (or site), date and url, "
            "such as  source: {title: Gene Therapy for Back Pain, author: Suzanne Elvidge}",
            located.col,
        )
        return None
    located.warn_unknown_keys(
        SOURCE_KEYS, "source key", path, report, warning="front-matter-unknown"
    )
    texts = {}
    for name in ("title", "author", "publisher", "site", "url"):
        value = fields.get(name)
        if value is not None and (not isinstance(value, str | int) or isinstance(value, bool)):
            line = located.key_lines.get(name, located.line)
            report.error("front-matter-type", path, line, f"source '{name}' must be text")
            value = None
        texts[name] = " ".join(str(value).split()) if value is not None else None
    if not texts["title"]:
        report.error(
            "front-matter-required", path, located.line, "'source' needs the 'title' of the work"
        )
        return None
    if texts["publisher"] and texts["site"]:
        line = located.key_lines.get("site", located.line)
        report.error(
            "front-matter-value", path, line, "source: give 'publisher' or 'site', not both"
        )
    url = texts["url"]
    if url and not url.lower().startswith(("https://", "http://")):
        line = located.key_lines.get("url", located.line)
        report.error("front-matter-value", path, line, f"source url '{url}' is not a web address")
        url = None
    return SourceWork(
        title=texts["title"],
        author=texts["author"],
        publisher=texts["publisher"] or texts["site"],
        issued=_issued(located.child("date"), path, report),
        url=url,
    )


def _issued(located: Located | None, path: Path, report: Report) -> str | None:
    """A source's date: a full date, or a year alone when that is all that is known."""
    if located is None or located.value is None:
        return None
    if isinstance(located.value, int) and not isinstance(located.value, bool):
        return f"{located.value:04d}"
    if isinstance(located.value, str) and located.value.strip().isdigit():
        return located.value.strip().zfill(4)
    day = read_date(located, "source date", path, report)
    return day.isoformat() if day else None
