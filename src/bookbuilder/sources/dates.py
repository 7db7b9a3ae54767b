"""Dates in front matter, read as editors write them: a date that cannot be one says
why ("there is no month 15"), where it is written."""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime
from pathlib import Path

from bookbuilder.diagnostics import Report
from bookbuilder.sources.yamlfile import Located


def read_date(located: Located | None, key: str, path: Path, report: Report) -> date | None:
    """The date written as `key`, or None with an error that says what is wrong with it."""
    if located is None or located.value is None:
        return None
    value = located.value
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    try:
        if not _ISO_DATE.match(text):  # 20100615 and 2010-W24 are ISO too, but not ours
            raise ValueError(text)
        return date.fromisoformat(text) if len(text) == 10 else datetime.fromisoformat(text).date()
    except ValueError:
        reason = date_problem(text)
        report.error(
            "front-matter-type",
            path,
            located.line,
            f"'{key}': {reason}; write the date as YYYY-MM-DD, such as 2024-03-31",
            located.col,
        )
        return None


_ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}(?:[T ][0-9:.+\-Z]+)?$")
_DATE_PARTS = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


def date_problem(text: str) -> str:
    """Why `text` is not a date, in words: "there is no month 15"."""
    match = _DATE_PARTS.match(text)
    if match is None:
        return f"'{text}' is not a date"
    year, month, day = (int(part) for part in match.groups())
    if year < 1:
        return f"'{text}' is not a date: there is no year 0"
    if not 1 <= month <= 12:
        return f"'{text}' is not a date: there is no month {month}"
    if len(match[2]) != 2 or len(match[3]) != 2:
        return f"'{text}' is not a date in the form YYYY-MM-DD"
    last = calendar.monthrange(year, month)[1]
    name = calendar.month_name[month]
    if day < 1:
        return f"'{text}' is not a date: there is no day {day}"
    return f"'{text}' is not a date: {name} {year} has {last} days, not {day}"
