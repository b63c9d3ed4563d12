"""Phone numbers in E.164, read the way people in South-East Asia write them.

A number written without its country code could belong to several countries. The country is
chosen in a fixed order, and how it was chosen travels with the number (`PhoneOrigin`), so a
guess is always said out loud, never hidden:

1. a number written with + or 00 or its country code is that country's;
2. the deployment's country, where the number is valid there, or only possible there (a range
   libphonenumber does not list yet: "unverified range");
3. the country of the message's language, where the number is valid there;
4. another ASEAN country where it is valid: a guess.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import phonenumbers

from identifiers.model import PhoneOrigin

ASEAN_REGIONS = ("MY", "SG", "ID", "TH", "PH", "VN", "KH", "MM", "LA", "BN", "TL")
_ASEAN_CALLING_CODES = tuple(
    str(phonenumbers.country_code_for_region(region)) for region in ASEAN_REGIONS
)
# A phone number as written: digits with spaces, dashes, dots or brackets, maybe a leading +.
PHONE_CANDIDATE = re.compile(r"(?<![\w+])\+?\(?[0-9][0-9\s().-]{5,22}[0-9](?!\w)")
_SEPARATORS = re.compile(r"[\s().-]")
_WRITTEN = re.compile(r"\+?[0-9]{6,17}")
_MAX_DIGITS = 17
_MIN_BARE_INTERNATIONAL = 10


@dataclass(frozen=True)
class Phone:
    e164: str
    origin: PhoneOrigin


def read_phone(raw: str, default_region: str, language_region: str | None = None) -> Phone | None:
    """The number and how its country was known, or None when no ASEAN country has it."""
    written = _SEPARATORS.sub("", raw.strip())
    if not _WRITTEN.fullmatch(written):
        return None
    digits = written.lstrip("+")
    if written.startswith("+"):
        return _international("+" + digits)
    if digits.startswith("00"):
        return _international("+" + digits[2:])
    # At home people dial a trunk 0, except in Singapore, Brunei and Timor-Leste, whose numbers
    # have at most eight digits: ten or more digits led by a country code are international.
    if len(digits) >= _MIN_BARE_INTERNATIONAL and digits.startswith(_ASEAN_CALLING_CODES):
        international = _phone("+" + digits, None, PhoneOrigin.WRITTEN)
        if international is not None:
            return international
    home = _home_region(default_region)
    tries = [
        (home, PhoneOrigin.DEPLOYMENT, phonenumbers.is_valid_number),
        (home, PhoneOrigin.UNVERIFIED_RANGE, _possible),
    ]
    if language_region in ASEAN_REGIONS and language_region != home:
        tries.append((language_region, PhoneOrigin.MESSAGE_LANGUAGE, phonenumbers.is_valid_number))
    tries.extend(
        (region, PhoneOrigin.GUESSED, phonenumbers.is_valid_number)
        for region in ASEAN_REGIONS
        if region not in (home, language_region)
    )
    for region, origin, accepted in tries:
        phone = _phone(digits, region, origin, accepted)
        if phone is not None:
            return phone
    return None


def normalise_phone(raw: str, default_region: str) -> str | None:
    """The number in E.164, or None when no ASEAN country has such a number."""
    phone = read_phone(raw, default_region)
    return phone.e164 if phone else None


def find_phones(
    text: str, default_region: str, language_region: str | None = None
) -> list[tuple[int, int, Phone]]:
    """(start, end, phone) of each phone number in the text.

    Numbers valid in the deployment's country come from phonenumbers' matcher, which also wants
    a national prefix where the country uses one, so "8001234567" stays a bank account. Other
    numbers count only when written with + or 00, a trunk 0, or a bare ASEAN country code.
    """
    found: list[tuple[int, int, Phone]] = []
    home = _home_region(default_region)
    for match in phonenumbers.PhoneNumberMatcher(text, home):
        e164 = phonenumbers.format_number(match.number, phonenumbers.PhoneNumberFormat.E164)
        written_abroad = match.raw_string.lstrip("(").startswith(("+", "00"))
        origin = PhoneOrigin.WRITTEN if written_abroad else PhoneOrigin.DEPLOYMENT
        found.append((match.start, match.end, Phone(e164, origin)))
    for candidate in PHONE_CANDIDATE.finditer(text):
        if any(start < candidate.end() and candidate.start() < end for start, end, _ in found):
            continue
        written = candidate.group().lstrip("(")
        if not written.startswith(("+", "0", *_ASEAN_CALLING_CODES)):
            continue
        phone = read_phone(written, home, language_region)
        if phone is not None:
            found.append((candidate.start(), candidate.end(), phone))
    return sorted(found, key=lambda item: item[:2])


def region_of(e164: str) -> str | None:
    """The country a number in E.164 belongs to."""
    return phonenumbers.region_code_for_number(phonenumbers.parse(e164)) or None


def _international(number: str) -> Phone | None:
    """A number written with its country code: valid, or of a possible length in an ASEAN
    country whose ranges libphonenumber may not list yet."""
    phone = _phone(number, None, PhoneOrigin.WRITTEN)
    if phone is None:
        phone = _phone(number, None, PhoneOrigin.UNVERIFIED_RANGE, _possible)
        if phone is not None and region_of(phone.e164) not in ASEAN_REGIONS:
            return None
    return phone


def _possible(number: Any) -> bool:
    """Of a length the country's mobile or fixed-line numbers have."""
    return any(
        phonenumbers.is_possible_number_for_type_with_reason(number, kind)
        == phonenumbers.ValidationResult.IS_POSSIBLE
        for kind in (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE)
    )


def _home_region(default_region: str) -> str:
    region = default_region.upper()
    return region if region in ASEAN_REGIONS else "MY"


def _phone(
    number: str,
    region: str | None,
    origin: PhoneOrigin,
    accepted: Callable[[Any], bool] = phonenumbers.is_valid_number,
) -> Phone | None:
    if len(number.lstrip("+")) > _MAX_DIGITS:
        return None
    try:
        parsed = phonenumbers.parse(number, region)
    except phonenumbers.NumberParseException:
        return None
    if not accepted(parsed):
        return None
    return Phone(phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164), origin)
