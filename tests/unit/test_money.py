from decimal import Decimal

import pytest

from reports.money import Money, parse_money


@pytest.mark.parametrize(
    ("typed", "amount", "currency"),
    [
        ("RM 5,000", "5000", "MYR"),
        ("rm5000", "5000", "MYR"),
        ("5000 ringgit", "5000", "MYR"),
        ("RM5k", "5000", "MYR"),
        ("S$ 1,234.56", "1234.56", "SGD"),
        ("Rp 1.000.000", "1000000", "IDR"),
        ("Rp 1.000.000,50", "1000000.50", "IDR"),
        ("2 juta rupiah", "2000000", "IDR"),
        ("Rp 1,5 jt", "1500000", "IDR"),
        ("50rb", "50000", "IDR"),
        ("50,000 baht", "50000", "THB"),
        ("฿1,200", "1200", "THB"),
        ("₱ 3,500", "3500", "PHP"),
        ("2.500.000 đồng", "2500000", "VND"),
        ("$200", "200", "USD"),
        ("US$ 99.99", "99.99", "USD"),
        ("150 USDT", "150", "USDT"),
        ("5 kip", "5", "LAK"),
    ],
)
def test_parse_money_reads_amounts_and_currencies_as_people_type_them(
    typed: str, amount: str, currency: str
) -> None:
    assert parse_money(typed, "IDR") == Money(Decimal(amount), currency)


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("1.000,50", "1000.50"),
        ("1,000.50", "1000.50"),
        ("1.000", "1000"),
        ("1,000", "1000"),
        ("10.50", "10.50"),
        ("10,5", "10.5"),
        ("1,234,567.89", "1234567.89"),
        ("0.50", "0.50"),
    ],
)
def test_parse_money_tells_the_decimal_mark_from_the_grouping(typed: str, amount: str) -> None:
    money = parse_money(typed, "MYR")
    assert money is not None
    assert money.amount == Decimal(amount)


def test_decimal_amounts_are_exact() -> None:
    money = parse_money("1.000,10", "MYR")
    assert money is not None
    assert isinstance(money.amount, Decimal)
    assert money.amount == Decimal("1000.10")
    assert str(money.amount) == "1000.10"


@pytest.mark.parametrize("default_currency", ["MYR", "THB", "IDR"])
def test_without_a_currency_the_default_applies(default_currency: str) -> None:
    assert parse_money("300", default_currency) == Money(Decimal("300"), default_currency)
    assert parse_money("2 juta", default_currency) == Money(Decimal("2000000"), default_currency)


@pytest.mark.parametrize(
    ("typed", "currency"),
    [
        ("thanks 500 baht", "THB"),
        ("confirm 300", "SGD"),
    ],
)
def test_a_currency_word_inside_another_word_is_not_a_currency(typed: str, currency: str) -> None:
    money = parse_money(typed, "SGD")
    assert money is not None
    assert money.currency == currency


@pytest.mark.parametrize(
    "typed",
    [
        "0",
        "RM 0",
        "0.00",
        "-500",
        "RM -500",
        "-RM500",
        "999999999999999999",
        "RM 10,000,000,000,000,000",
        "",
        "   ",
        "RM",
        "abc",
        "lots of money",
        "12abc",
    ],
)
def test_parse_money_rejects_zero_negative_absurd_and_garbage(typed: str) -> None:
    assert parse_money(typed, "MYR") is None
