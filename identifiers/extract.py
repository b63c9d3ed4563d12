"""Every identifier in a message: phone numbers, links, emails, handles, accounts, wallets,
each with who holds it when the message says (a bank, an e-wallet, a platform).

Works on plain text (and Telegram's entity list, without importing aiogram) so that handlers,
the command line and tests share it. What is never the scammer's (the victim's identity card,
a payment's reference, a one-time code, dates, amounts) is blanked first: identifiers/
exclusions.py.
"""

import re
from collections.abc import Iterable
from typing import Protocol

from identifiers.accounts import ACCOUNT_DIGITS
from identifiers.crypto import WALLET_CANDIDATE, normalise_wallet
from identifiers.exclusions import (
    DATE,
    blank,
    blank_identity_cards,
    blank_references_codes_and_amounts,
    blank_spans,
)
from identifiers.links import BARE_DOMAIN, PATH_LINK, SCHEME_LINK, is_link_domain, link_in
from identifiers.model import Identifier, IdentifierKind, PhoneOrigin
from identifiers.normalise import EMAIL, normalise
from identifiers.phones import find_phones
from identifiers.providers import bank_after, bank_before, ewallet_before, platform_before
from identifiers.urls import canonical_url, registrable_domain
from languages.detection import detect_language
from languages.names import HOME_COUNTRIES

_HANDLE = re.compile(r"(?<![\w@.])@([A-Za-z][A-Za-z0-9_]{3,31})\b")
# A LINE ID is often written without its "@": "Line ID: scam_88", "ไลน์ไอดี scam_88".
_LINE_ID = re.compile(
    r"(?:(?<![^\W_])line\s*id|(?<![^\W_])id\s*line|ไลน์\s*ไอดี|ไลน์)(?![^\W_])[\s:\uff1a]*@?"
    r"(?P<id>[A-Za-z0-9][A-Za-z0-9._-]{3,19})(?![\w.-])",
    re.IGNORECASE,
)
# Contact links name the scammer's number or account on the platform itself.
_CONTACT_LINKS = {
    "wa.me": ("WHATSAPP", IdentifierKind.PHONE),
    "t.me": ("TELEGRAM", IdentifierKind.SOCIAL_HANDLE),
    "telegram.me": ("TELEGRAM", IdentifierKind.SOCIAL_HANDLE),
}
_DIGIT_RUN = re.compile(r"(?<![\w])[0-9](?:[0-9 -]{6,22}[0-9])(?![\w])")
_NOT_DIGITS = re.compile(r"[^0-9]")
_TOKEN_REST = re.compile(r"[^\s<>\"']*")


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
    return unique([*found, *extract_identifiers(text, default_region)])


def extract_identifiers(text: str, default_region: str) -> list[Identifier]:
    """Every identifier in the text, normalised, grouped by kind, without repeats."""
    found: list[Identifier] = []
    remaining = blank_identity_cards(text)

    # Links and emails, listed in the order they were written. Links with a scheme are read
    # first: "http://user:pass@host/" is a link, not an email.
    written: list[tuple[int, list[Identifier]]] = []
    for match in SCHEME_LINK.finditer(remaining):
        written.append((match.start(), _link_and_contact(link_in(match.group()), default_region)))
    remaining = blank(SCHEME_LINK, remaining)

    emails = []
    for match in EMAIL.finditer(remaining):
        as_written, identifiers = _email_or_disguised_link(match, remaining, default_region)
        written.append((match.start(), identifiers))
        emails.append((match.start(), match.start() + len(as_written)))
    remaining = blank_spans(remaining, emails)

    for match in PATH_LINK.finditer(remaining):
        written.append((match.start(), _link_and_contact(link_in(match.group()), default_region)))
    remaining = blank(PATH_LINK, remaining)

    for match in BARE_DOMAIN.finditer(remaining):
        if is_link_domain(match.group()):
            link = canonical_url(match.group())
            written.append((match.start(), _link_and_contact(link, default_region)))
    remaining = blank(BARE_DOMAIN, remaining)
    for _position, identifiers in sorted(written, key=lambda item: item[0]):
        found.extend(identifiers)

    for match in _LINE_ID.finditer(remaining):
        found.append(Identifier(IdentifierKind.SOCIAL_HANDLE, "@" + match["id"].lower(), "LINE"))
    remaining = blank(_LINE_ID, remaining)
    for match in _HANDLE.finditer(remaining):
        platform = platform_before(text, match.start())
        handle = "@" + match.group(1).lower()
        found.append(Identifier(IdentifierKind.SOCIAL_HANDLE, handle, platform))

    for match in WALLET_CANDIDATE.finditer(remaining):
        wallet = normalise_wallet(match.group())
        if wallet is not None:
            found.append(Identifier(IdentifierKind.CRYPTO_WALLET, wallet))
    remaining = blank(WALLET_CANDIDATE, remaining)

    remaining = blank_references_codes_and_amounts(remaining)
    language_region = HOME_COUNTRIES.get(detect_language(text) or "")
    # Digits after a bank's name are its account even when they could also dial somewhere,
    # unless written as a phone number is (with + or brackets, or a trunk 0 dialling a valid
    # number at home).
    phones = [
        (start, end, phone)
        for start, end, phone in find_phones(remaining, default_region, language_region)
        if remaining[start] in "+("
        or (remaining[start] == "0" and phone.origin == PhoneOrigin.DEPLOYMENT)
        or bank_before(text, start) is None
    ]
    for start, _, phone in phones:
        platform = platform_before(text, start)
        found.append(Identifier(IdentifierKind.PHONE, phone.e164, platform, phone.origin))
        # An e-wallet is reached through its owner's number: both are the scammer's.
        wallet_name = ewallet_before(text, start)
        if wallet_name is not None:
            found.append(Identifier(IdentifierKind.EWALLET, phone.e164, wallet_name, phone.origin))

    # Dates only now: a phone number may hold a date-shaped run such as 3-1-2026.
    for match in _DIGIT_RUN.finditer(blank(DATE, remaining)):
        if any(start < match.end() and match.start() < end for start, end, _ in phones):
            continue
        digits = _NOT_DIGITS.sub("", match.group())
        if len(digits) in ACCOUNT_DIGITS:
            bank = bank_before(text, match.start()) or bank_after(text, match.end())
            found.append(Identifier(IdentifierKind.BANK_ACCOUNT, digits, bank))

    return unique(found)


def unique(found: Iterable[Identifier]) -> list[Identifier]:
    """One identifier per kind and value, in first-seen order, keeping what any of its
    sightings knew of its provider and origin."""
    merged: dict[tuple[str, str], Identifier] = {}
    for identifier in found:
        key = (identifier.kind, identifier.value)
        earlier = merged.get(key)
        if earlier is None:
            merged[key] = identifier
        else:
            merged[key] = Identifier(
                identifier.kind,
                identifier.value,
                earlier.provider or identifier.provider,
                earlier.origin or identifier.origin,
            )
    return list(merged.values())


def _link_and_contact(url: str | None, default_region: str) -> list[Identifier]:
    """The link, and the number or handle a contact link (wa.me/60…, t.me/…) names."""
    if url is None:
        return []
    found = [Identifier(IdentifierKind.URL, url)]
    _scheme, _empty, host, path = url.split("/", 3)  # canonical: "http://host/path"
    contact = _CONTACT_LINKS.get(host.removeprefix("www."))
    account = path.split("/", 1)[0].split("?", 1)[0]
    if contact is not None and account:
        platform, kind = contact
        raw = "+" + account if kind == IdentifierKind.PHONE else account
        value = normalise(kind, raw, default_region)
        if value is not None:
            found.append(Identifier(kind, value, platform))
    return found


def _email_or_disguised_link(
    match: re.Match[str], text: str, default_region: str
) -> tuple[str, list[Identifier]]:
    """An email, or a link dressed as one: "maybank2u.com.my@evil.example/login" takes the
    reader to evil.example, as does anything followed by a path or a port. Returns what was
    written, and what it is."""
    local = match.group().split("@", 1)[0]
    follows = text[match.end() : match.end() + 1]
    if follows in ("/", ":", "?") or (registrable_domain(local) and is_link_domain(local)):
        rest = _TOKEN_REST.match(text, match.end())
        written = match.group() + (rest.group() if rest else "")
        return written, _link_and_contact(link_in(written), default_region)
    return match.group(), [Identifier(IdentifierKind.EMAIL, match.group().lower())]
