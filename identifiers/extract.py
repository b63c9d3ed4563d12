"""Every identifier in a message: phone numbers, links, emails, handles, accounts, wallets.

Works on plain text (and Telegram's entity list, without importing aiogram) so that handlers,
the command line and tests share it. National ID numbers (a Malaysian IC such as
880512-10-1234), dates, times, amounts and our own report references are deliberately not
identifiers: an IC is the victim's own personal data.
"""

import re
from collections.abc import Iterable
from datetime import date
from typing import Protocol

from identifiers.banks import ACCOUNT_DIGITS, bank_before, ewallet_before
from identifiers.crypto import WALLET_CANDIDATE, normalise_wallet
from identifiers.model import Identifier, IdentifierKind
from identifiers.normalise import EMAIL, normalise
from identifiers.phones import find_phones
from identifiers.urls import canonical_url, registrable_domain
from reports.money import CURRENCY_AMOUNT

_DOTS = (r"\.", r"\[\.\]", r"\(\.\)", r"\[dot\]")
_DOT = f"(?:{'|'.join(_DOTS)})"
# A host starts where a run of host characters starts, not after "label.": tried from every
# label of a long run instead, the patterns would take time quadratic in its length.
_HOST_START = "(?<![a-z0-9-])" + "".join(f"(?<![a-z0-9-]{dot})" for dot in _DOTS)
_URL = re.compile(
    rf"\b(?:(?:https?|hxxps?)(?:://|\[:\]//)|www{_DOT})[^\s<>\"']+"
    # A bare domain counts with a path, or when defanged, which only links get.
    rf"|{_HOST_START}[a-z0-9-]++(?:{_DOT}[a-z0-9-]++)*\.[a-z]{{2,}}/[^\s<>\"']*+"
    rf"|{_HOST_START}[a-z0-9-]++(?:{_DOT}[a-z0-9-]++)*(?:\[\.\]|\(\.\)|\[dot\])[a-z]{{2,}}\b"
    rf"(?:/[^\s<>\"']*+)?",
    re.IGNORECASE,
)
# A domain written alone ("sahkan di maybank2u-secure.com"), lowercase as people type them;
# it counts only when its ending is a real public suffix, so "fail.txt" or "Hi.How" is none.
_BARE_DOMAIN = re.compile(
    r"(?<![\w@.-])[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*"
    r"\.[a-z]{2,24}(?![\w-]|\.\w)"
)
# Suffixes that are also file extensions people name: "invoice.zip" is more likely a file.
_FILE_SUFFIXES = frozenset({"zip", "mov"})
_HANDLE = re.compile(r"(?<![\w@.])@([A-Za-z][A-Za-z0-9_]{3,31})\b")
_MALAYSIAN_IC = re.compile(r"(?<![\w-])(\d{2})(\d{2})(\d{2})([- ]?)(\d{2})([- ]?)\d{4}(?![\w-])")
_IC_STATE_CODES = {*range(1, 17), *range(21, 69), 71, 72, *range(74, 80), *range(82, 94), 98, 99}
_REFERENCE = re.compile(r"\bWSP-?[0-9A-Z]{4}-?[0-9A-Z]{4}\b", re.IGNORECASE)
_DATE = re.compile(r"\b(?:\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{4}-\d{1,2}-\d{1,2})\b")
# A dot time needs its am/pm: "0.00" may end a phone number written with dots.
_TIME = re.compile(
    r"(?<![\d.])\d{1,2}(?::\d{2}(?::\d{2})?(?:\s*[ap]\.?m\b\.?)?|\.\d{2}\s*[ap]\.?m\b\.?)(?![\d:])",
    re.IGNORECASE,
)
_DIGIT_RUN = re.compile(r"(?<![\d\w])\d(?:[\d -]{6,22}\d)(?![\d\w])")
_TRAILING_PUNCTUATION = ".,;:!?'\""
_CLOSING = {")": "(", "]": "[", "}": "{"}


class MessageEntity(Protocol):
    """The parts of a Telegram MessageEntity read here; aiogram's class fits it."""

    @property
    def type(self) -> str: ...
    @property
    def offset(self) -> int: ...
    @property
    def length(self) -> int: ...
    @property
    def url(self) -> str | None: ...


_ENTITY_KINDS = {
    "url": IdentifierKind.URL,
    "text_link": IdentifierKind.URL,
    "phone_number": IdentifierKind.PHONE,
    "email": IdentifierKind.EMAIL,
    "mention": IdentifierKind.SOCIAL_HANDLE,
}


def extract_from_message(
    text: str, entities: Iterable[MessageEntity], default_region: str
) -> list[Identifier]:
    """Identifiers Telegram marked in a text or caption, then those in the text itself.

    Entities matter for text_link, whose address is hidden behind the words shown.
    """
    utf16 = text.encode("utf-16-le")
    found = []
    for entity in entities:
        kind = _ENTITY_KINDS.get(entity.type)
        if kind is None:
            continue
        shown = utf16[entity.offset * 2 : (entity.offset + entity.length) * 2]
        raw = entity.url if entity.type == "text_link" else shown.decode("utf-16-le", "replace")
        value = normalise(kind, raw or "", default_region)
        if value is not None:
            found.append(Identifier(kind, value))
    return list(dict.fromkeys([*found, *extract_identifiers(text, default_region)]))


def extract_identifiers(text: str, default_region: str) -> list[Identifier]:
    """Every identifier in the text, normalised, grouped by kind, without repeats."""
    found: list[Identifier] = []
    remaining = _blank_identity_cards(text)

    for match in EMAIL.finditer(remaining):
        found.append(Identifier(IdentifierKind.EMAIL, match.group().lower()))
    remaining = _blank(EMAIL, remaining)

    for match in _URL.finditer(remaining):
        url = canonical_url(_without_trailing_punctuation(match.group()))
        if url is not None:
            found.append(Identifier(IdentifierKind.URL, url))
    remaining = _blank(_URL, remaining)

    for match in _BARE_DOMAIN.finditer(remaining):
        domain = match.group()
        if domain.rsplit(".", 1)[1] not in _FILE_SUFFIXES and registrable_domain(domain):
            url = canonical_url(domain)
            if url is not None:
                found.append(Identifier(IdentifierKind.URL, url))
    remaining = _blank(_BARE_DOMAIN, remaining)

    for match in _HANDLE.finditer(remaining):
        found.append(Identifier(IdentifierKind.SOCIAL_HANDLE, "@" + match.group(1).lower()))

    for match in WALLET_CANDIDATE.finditer(remaining):
        wallet = normalise_wallet(match.group())
        if wallet is not None:
            found.append(Identifier(IdentifierKind.CRYPTO_WALLET, wallet))
    remaining = _blank(WALLET_CANDIDATE, remaining)

    for pattern in (CURRENCY_AMOUNT, _REFERENCE, _TIME):
        remaining = _blank(pattern, remaining)

    # Digits after a bank's name are its account even when they could also dial somewhere.
    phones = [
        (start, end, e164)
        for start, end, e164 in find_phones(remaining, default_region)
        if remaining[start] in "+0(" or bank_before(text, start) is None
    ]
    for start, _, e164 in phones:
        found.append(Identifier(IdentifierKind.PHONE, e164))
        wallet_name = ewallet_before(text, start)
        if wallet_name is not None:
            found.append(Identifier(IdentifierKind.EWALLET, e164, wallet_name))

    # Dates only now: a phone number may hold a date-shaped run such as 3-1-2026.
    for match in _DIGIT_RUN.finditer(_blank(_DATE, remaining)):
        if any(start < match.end() and match.start() < end for start, end, _ in phones):
            continue
        digits = re.sub(r"\D", "", match.group())
        if len(digits) in ACCOUNT_DIGITS:
            bank = bank_before(text, match.start())
            found.append(Identifier(IdentifierKind.BANK_ACCOUNT, digits, bank))

    return list(dict.fromkeys(found))


def _blank(pattern: re.Pattern[str], text: str) -> str:
    """Text with the pattern's matches blanked out; positions stay where they were."""
    return pattern.sub(lambda match: " " * len(match.group()), text)


def _blank_identity_cards(text: str) -> str:
    """Text without Malaysian IC numbers: with both dashes always, otherwise when the date and
    state code make it one (else a twelve-digit bank account would be lost)."""

    def blank(match: re.Match[str]) -> str:
        year, month, day, dash, state, second_dash = match.groups()
        if dash == second_dash == "-" or (
            _is_date(year, month, day) and int(state) in _IC_STATE_CODES
        ):
            return " " * len(match.group())
        return match.group()

    return _MALAYSIAN_IC.sub(blank, text)


def _is_date(year: str, month: str, day: str) -> bool:
    try:
        date(2000 + int(year), int(month), int(day))
    except ValueError:
        return False
    return True


def _without_trailing_punctuation(url: str) -> str:
    """The link without the sentence's punctuation, keeping brackets that it opened itself."""
    while url:
        last = url[-1]
        if last in _TRAILING_PUNCTUATION or (
            last in _CLOSING and url.count(last) > url.count(_CLOSING[last])
        ):
            url = url[:-1]
        else:
            break
    return url
