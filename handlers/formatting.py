"""Amounts, dates and country names written the way the person's language writes them
(Babel, CLDR)."""

from datetime import date
from decimal import Decimal

from aiogram.utils.i18n import I18n
from babel import Locale
from babel.dates import format_date
from babel.numbers import format_currency


def money_text(amount: Decimal, currency: str) -> str:
    return str(format_currency(amount, currency, locale=_locale()))


def date_text(day: date) -> str:
    return str(format_date(day, format="medium", locale=_locale()))


def country_name(code: str) -> str:
    """The country's name in the person's language; the code itself if CLDR has none."""
    return str(Locale.parse(_locale()).territories.get(code, code))


def _locale() -> str:
    return I18n.get_current(no_error=False).current_locale
