"""A first extractor: phone numbers, links, emails, social handles and bank accounts.

Works on plain text so that handlers, the command line and tests share it. National ID
numbers (a Malaysian IC such as 880512-10-1234), dates and amounts are deliberately not
identifiers: an IC is the victim's own personal data.
"""

import re
from urllib.parse import urlsplit, urlunsplit

import phonenumbers

from identifiers.model import Identifier, IdentifierKind
from reports.money import CURRENCY_AMOUNT

_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
_URL = re.compile(
    r"\b(?:https?://|www\.)[^\s<>\"']+|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}/[^\s<>\"']*",
    re.IGNORECASE,
)
_HANDLE = re.compile(r"(?<![\w@.])@([A-Za-z][A-Za-z0-9_]{3,31})\b")
_MALAYSIAN_IC = re.compile(r"\b\d{6}-\d{2}-\d{4}\b")
_DATE = re.compile(r"\b(?:\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{4}-\d{1,2}-\d{1,2})\b")
_DIGIT_RUN = re.compile(r"(?<![\d\w])\d(?:[\d -]{6,22}\d)(?![\d\w])")
_TRAILING_PUNCTUATION = ".,;:!?)]}'\""
_ACCOUNT_DIGITS = range(8, 18)


def extract_identifiers(text: str, default_region: str) -> list[Identifier]:
    """Every identifier in the text, normalised, grouped by kind, without repeats."""
    found: list[Identifier] = []
    remaining = _blank(CURRENCY_AMOUNT, _blank(_MALAYSIAN_IC, text))

    for match in _EMAIL.finditer(remaining):
        found.append(Identifier(IdentifierKind.EMAIL, match.group().lower()))
    remaining = _blank(_EMAIL, remaining)

    for match in _URL.finditer(remaining):
        found.append(Identifier(IdentifierKind.URL, _normalise_url(match.group())))
    remaining = _blank(_URL, remaining)

    for match in _HANDLE.finditer(remaining):
        found.append(Identifier(IdentifierKind.SOCIAL_HANDLE, "@" + match.group(1).lower()))

    phone_spans = []
    for phone_match in phonenumbers.PhoneNumberMatcher(remaining, default_region):
        if phonenumbers.is_valid_number(phone_match.number):
            e164 = phonenumbers.format_number(
                phone_match.number, phonenumbers.PhoneNumberFormat.E164
            )
            found.append(Identifier(IdentifierKind.PHONE, e164))
            phone_spans.append((phone_match.start, phone_match.end))

    # Dates only now: a phone number may hold a date-shaped run such as 3-1-2026.
    for match in _DIGIT_RUN.finditer(_blank(_DATE, remaining)):
        if any(start < match.end() and match.start() < end for start, end in phone_spans):
            continue
        digits = re.sub(r"\D", "", match.group())
        if len(digits) in _ACCOUNT_DIGITS:
            found.append(Identifier(IdentifierKind.BANK_ACCOUNT, digits))

    return list(dict.fromkeys(found))


def _blank(pattern: re.Pattern[str], text: str) -> str:
    """Text with the pattern's matches blanked out; positions stay where they were."""
    return pattern.sub(lambda match: " " * len(match.group()), text)


def _normalise_url(raw: str) -> str:
    url = raw.rstrip(_TRAILING_PUNCTUATION)
    if not re.match(r"^https?://", url, re.IGNORECASE):
        url = "http://" + url
    parts = urlsplit(url)
    return urlunsplit(parts._replace(scheme=parts.scheme.lower(), netloc=parts.netloc.lower()))
