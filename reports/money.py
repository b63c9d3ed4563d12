"""Amounts of money as people type them: "RM 5,000", "Rp 1.000.000", "50,000 baht", "300"."""

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

# Symbols and words people write, mapped to ISO 4217.
_CURRENCY_WORDS = {
    "rm": "MYR",
    "myr": "MYR",
    "ringgit": "MYR",
    "s$": "SGD",
    "sgd": "SGD",
    "rp": "IDR",
    "idr": "IDR",
    "rupiah": "IDR",
    "฿": "THB",
    "thb": "THB",
    "baht": "THB",
    "บาท": "THB",
    "₱": "PHP",
    "php": "PHP",
    "peso": "PHP",
    "pesos": "PHP",
    "₫": "VND",
    "vnd": "VND",
    "đ": "VND",
    "dong": "VND",
    "đồng": "VND",
    "៛": "KHR",
    "khr": "KHR",
    "riel": "KHR",
    "ks": "MMK",
    "mmk": "MMK",
    "kyat": "MMK",
    "₭": "LAK",
    "lak": "LAK",
    "kip": "LAK",
    "$": "USD",
    "usd": "USD",
    "us$": "USD",
    "usdt": "USDT",
    "¥": "CNY",
    "rmb": "CNY",
    "cny": "CNY",
    "元": "CNY",
    "€": "EUR",
    "eur": "EUR",
}
# A currency word counts only as a whole word: "thanks" holds no kyat, "confirm" no ringgit.
_CURRENCY_TOKEN = (
    r"(?<![^\W\d_])(?:"
    + "|".join(re.escape(word) for word in sorted(_CURRENCY_WORDS, key=len, reverse=True))
    + r")(?![^\W\d_])"
)
_MULTIPLIERS = {"k": 1_000, "rb": 1_000, "ribu": 1_000, "jt": 1_000_000, "juta": 1_000_000}
# Every pattern here starts at a currency or at the first digit of a run, and never rescans
# that run from a later digit: user text of any length is read in linear time.
_AMOUNT = re.compile(
    rf"(?:(?P<before>{_CURRENCY_TOKEN})\s*+)?(?P<number>\d[\d.,\s]*\d|\d)"
    rf"\s*(?P<multiplier>{'|'.join(_MULTIPLIERS)})?\b\s*(?P<after>{_CURRENCY_TOKEN})?",
    re.IGNORECASE,
)
_MAX_AMOUNT = Decimal("1e15")


# An amount written with its currency, such as "RM 10000000" or "15000000 rupiah".
CURRENCY_AMOUNT = re.compile(
    rf"{_CURRENCY_TOKEN}\s*+\d[\d.,]*+|(?<![\d.,])\d[\d.,]*+\s*+{_CURRENCY_TOKEN}",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Money:
    amount: Decimal
    currency: str


# Amounts past these are questioned (never refused): a slip of the keyboard is likelier than a
# loss of over about a million US dollars. Per currency, since a rupiah is not a ringgit.
_IMPLAUSIBLE_FROM = {
    "IDR": Decimal("15e9"),
    "VND": Decimal("25e9"),
    "KHR": Decimal("4e9"),
    "LAK": Decimal("20e9"),
    "MMK": Decimal("2e9"),
    "THB": Decimal("35e6"),
    "PHP": Decimal("55e6"),
}
_IMPLAUSIBLE_OTHERWISE = Decimal("5e6")


def is_implausible(money: Money) -> bool:
    return money.amount >= _IMPLAUSIBLE_FROM.get(money.currency, _IMPLAUSIBLE_OTHERWISE)


def parse_money(text: str, default_currency: str) -> Money | None:
    match = _AMOUNT.search(text.strip())
    if match is None or "-" in text[: match.start("number")]:
        return None
    amount = _parse_number(match["number"])
    if amount is not None and match["multiplier"]:
        amount *= _MULTIPLIERS[match["multiplier"].lower()]
    if amount is None or amount <= 0 or amount >= _MAX_AMOUNT:
        return None
    word = (match["before"] or match["after"] or "").lower()
    return Money(amount=amount, currency=_CURRENCY_WORDS.get(word, default_currency))


def _parse_number(number: str) -> Decimal | None:
    """Reads both 1,000.50 and 1.000,50; a lone separator followed by three digits groups."""
    digits = re.sub(r"\s", "", number)
    last_dot, last_comma = digits.rfind("."), digits.rfind(",")
    decimal_mark = "." if last_dot > last_comma else ","
    position = max(last_dot, last_comma)
    if position >= 0:
        separators = digits.count(decimal_mark)
        decimals = len(digits) - position - 1
        if separators > 1 or decimals == 3:
            decimal_mark = ""
    grouping = {".", ","} - {decimal_mark}
    cleaned = "".join(ch for ch in digits if ch not in grouping)
    if decimal_mark:
        cleaned = cleaned.replace(decimal_mark, ".")
    try:
        return Decimal(cleaned)
    except InvalidOperation:
        return None
