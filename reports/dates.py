"""Dates as people in the region type them: day first (21/11/2026), or ISO (2026-11-21)."""

import re
from datetime import date

_DAY_FIRST = re.compile(r"^\s*(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})\s*$")
_ISO = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")


class FutureDateError(ValueError):
    """The date has not happened yet."""


def parse_incident_date(text: str, today: date) -> date | None:
    """The date in the text, None if it is not a date; FutureDateError if after `today`."""
    if match := _ISO.match(text):
        year, month, day = (int(part) for part in match.groups())
    elif match := _DAY_FIRST.match(text):
        day, month, year = (int(part) for part in match.groups())
        if year < 100:
            year += 2000
    else:
        return None
    try:
        parsed = date(year, month, day)
    except ValueError:
        return None
    if parsed > today:
        raise FutureDateError(text)
    return parsed
