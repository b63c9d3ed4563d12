"""Amounts and dates follow the person's language, not the English pattern."""

from datetime import date
from decimal import Decimal

import pytest

from bot.i18n import load_i18n
from handlers.formatting import date_text, money_text


@pytest.mark.parametrize(
    ("locale", "money", "day"),
    [
        ("en", "RM12,500.50", "Nov 21, 2026"),
        ("ms", "RM12,500.50", "21 Nov 2026"),
        ("id", "MYR12.500,50", "21 Nov 2026"),
        ("vi", "12.500,50 MYR", "21 thg 11, 2026"),
        ("zh", "MYR12,500.50", "2026年11月21日"),
    ],
)
def test_each_language_writes_amounts_and_dates_its_own_way(
    locale: str, money: str, day: str
) -> None:
    i18n = load_i18n()
    with i18n.context(), i18n.use_locale(locale):
        assert money_text(Decimal("12500.50"), "MYR").replace("\xa0", " ") == money
        assert date_text(date(2026, 11, 21)) == day


@pytest.mark.parametrize(
    ("locale", "amount", "currency", "money"),
    [
        # Tamil in Malaysia groups in thousands, not the Indian lakh grouping of plain Tamil.
        ("ta", "99999999.99", "MYR", "RM 99,999,999.99"),
        ("en", "2500", "PHP", "₱2,500.00"),
        ("th", "2500", "THB", "฿2,500.00"),
        # No Lao-in-Malaysia in CLDR: plain Lao.
        ("lo", "2500", "MYR", "MYR2.500,00"),
    ],
)
def test_amounts_are_written_as_the_language_writes_them_in_the_currencys_country(
    locale: str, amount: str, currency: str, money: str
) -> None:
    i18n = load_i18n()
    with i18n.context(), i18n.use_locale(locale):
        assert money_text(Decimal(amount), currency).replace("\xa0", " ") == money
