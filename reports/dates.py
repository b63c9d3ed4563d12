"""Dates as people in the region type them.

Day first (21/11/2026, 21-11-26, 21/11 for this year), ISO (2026-11-21), a Thai Buddhist-era
year (30/11/2569 is 2026), a month by name in the person's language or English ("27 Nov",
"27 tháng 11", "27 พ.ย.", "11月27日"), or a weekday ("last friday", "Jumaat lepas"): the most
recent one before today.
"""

import re
import unicodedata
from datetime import date, timedelta
from functools import cache

from babel import Locale
from babel.dates import get_day_names, get_month_names

_NUMERIC = re.compile(r"([0-9]{1,2})[/.\-]([0-9]{1,2})(?:[/.\-]([0-9]{2}|[0-9]{4}))?")
_ISO = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")
_CHINESE = re.compile(r"(?:([0-9]{4})年)?([0-9]{1,2})月([0-9]{1,2})[日号]?")
_VIETNAMESE = re.compile(r"(?:ngày\s*)?([0-9]{1,2})\s*tháng\s*([0-9]{1,2})(?:\s*năm\s*([0-9]{4}))?")
_DAY = re.compile(r"(?<![0-9])([0-9]{1,2})(?![0-9])")
_YEAR = re.compile(r"(?<![0-9])([0-9]{4})(?![0-9])")
# The Thai solar calendar counts from 543 BCE: 2569 is 2026.
_BUDDHIST_ERA_OFFSET = 543
_FIRST_BUDDHIST_ERA_YEAR = 2400
_WORD = re.compile(r"[^\W\d_]+\.?")


class FutureDateError(ValueError):
    """The date has not happened yet."""


def example_date(today: date) -> str:
    """The example shown wherever a date is asked for: today, as it would be typed."""
    return today.strftime("%d/%m/%Y")


def parse_incident_date(text: str, today: date, locale: str = "en") -> date | None:
    """The date in the text, None if it is not one; FutureDateError if after `today`."""
    written = unicodedata.normalize("NFC", text).strip().casefold()
    parsed = _numeric(written, today) or _named_month(written, today, locale)
    if parsed is None:
        parsed = _weekday(written, today, locale)
    if parsed is not None and parsed > today:
        raise FutureDateError(text)
    return parsed


def _numeric(written: str, today: date) -> date | None:
    if match := _ISO.fullmatch(written):
        year, month, day = (int(part) for part in match.groups())
        return _date(year, month, day)
    match = _NUMERIC.fullmatch(written) or _CHINESE.fullmatch(written)
    match = match or _VIETNAMESE.fullmatch(written)
    if match is None:
        return None
    if match.re is _CHINESE:
        year_text, month_text, day_text = match.groups()
    else:
        day_text, month_text, year_text = match.groups()
    day, month = int(day_text), int(month_text)
    if year_text is None:
        return _this_or_last_year(day, month, today)
    year = int(year_text)
    if year < 100:
        year += 2000
    return _date(_common_era(year), month, day)


def _named_month(written: str, today: date, locale: str) -> date | None:
    """ "27 Nov", "Nov 27, 2026", "27 พ.ย. 2569": a month's name and a day, maybe a year."""
    names = _month_names(locale)
    months = {
        names[word.rstrip(".")] for word in _WORD.findall(written) if word.rstrip(".") in names
    }
    months |= {names[name] for name in _written_inside(names, written)}
    days = _DAY.findall(written)
    if len(months) != 1 or len(days) != 1:
        return None
    month, day = months.pop(), int(days[0])
    year_match = _YEAR.search(written)
    if year_match is None:
        return _this_or_last_year(day, month, today)
    return _date(_common_era(int(year_match.group(1))), month, day)


def _weekday(written: str, today: date, locale: str) -> date | None:
    """The most recent such weekday before today: "last friday", "Jumaat lepas"."""
    names = _day_names(locale)
    found = {names[word] for word in _WORD.findall(written) if word in names}
    found |= {names[name] for name in _written_inside(names, written)}
    if len(found) != 1:
        return None
    weekday = found.pop()
    days_back = (today.weekday() - weekday) % 7 or 7
    return today - timedelta(days=days_back)


def _written_inside(names: dict[str, int], written: str) -> set[str]:
    """Names found inside the text, for scripts written without spaces or with marks and dots
    inside words ("พฤศจิกายน", "พ.ย."); a name inside a longer one found ("一月" in "十一月")
    does not count."""
    inside = {name for name in names if not name.isascii() and len(name) > 1 and name in written}
    return {name for name in inside if not any(name != other and name in other for other in inside)}


def _this_or_last_year(day: int, month: int, today: date) -> date | None:
    """A day and month without a year: the most recent one (a December date typed in January
    is last year's)."""
    this_year = _date(today.year, month, day)
    if this_year is not None and this_year > today:
        return _date(today.year - 1, month, day)
    return this_year


def _common_era(year: int) -> int:
    return year - _BUDDHIST_ERA_OFFSET if year >= _FIRST_BUDDHIST_ERA_YEAR else year


def _date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


@cache
def _month_names(locale: str) -> dict[str, int]:
    """Every name of each month, wide and short, in the locale and in English."""
    names: dict[str, int] = {}
    for language in dict.fromkeys([_babel_locale(locale), "en"]):
        for width in ("wide", "abbreviated"):
            for context in ("format", "stand-alone"):
                for month, name in get_month_names(width, context, language).items():
                    names.setdefault(name.casefold().rstrip("."), month)
    return names


@cache
def _day_names(locale: str) -> dict[str, int]:
    """Every name of each weekday (Monday is 0), in the locale and in English."""
    names: dict[str, int] = {}
    for language in dict.fromkeys([_babel_locale(locale), "en"]):
        for width in ("wide", "abbreviated"):
            for day, name in get_day_names(width, "format", language).items():
                names.setdefault(name.casefold().rstrip("."), day)
    return names


def _babel_locale(locale: str) -> str:
    try:
        return str(Locale.parse(locale))
    except (ValueError, LookupError):
        return "en"
