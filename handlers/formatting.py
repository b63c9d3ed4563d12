"""Amounts, dates and country names written the way the person's language writes them
(Babel, CLDR)."""

from datetime import date
from decimal import Decimal

from aiogram.utils.i18n import I18n
from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from babel.numbers import format_currency


def money_text(amount: Decimal, currency: str) -> str:
    return str(format_currency(amount, currency, locale=_money_locale(currency)))


def date_text(day: date) -> str:
    return str(format_date(day, format="medium", locale=_locale()))


def country_name(code: str) -> str:
    """The country's name in the person's language; the code itself if CLDR has none."""
    return str(Locale.parse(_locale()).territories.get(code, code))


def _locale() -> str:
    return I18n.get_current(no_error=False).current_locale


def _money_locale(currency: str) -> Locale | str:
    """The language as written in the currency's country, where CLDR knows it: Tamil in
    Malaysia groups ringgit in thousands (RM 99,999,999.99), not the Indian way; English there
    writes RM. A national currency's code starts with its country's (ISO 4217)."""
    language = _locale()
    try:
        return Locale.parse(f"{language}_{currency[:2]}")
    except (UnknownLocaleError, ValueError):
        return language
