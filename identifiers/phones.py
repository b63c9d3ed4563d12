"""Phone numbers in E.164, read the way people in South-East Asia write them."""

import re

import phonenumbers

# Tried, after the user's own country, for numbers that are not valid there: a scammer in a
# neighbouring country is common, and people copy numbers without a country code.
ASEAN_REGIONS = ("MY", "SG", "ID", "TH", "PH", "VN", "KH", "MM", "LA", "BN", "TL")
_ASEAN_CALLING_CODES = tuple(
    str(phonenumbers.country_code_for_region(region)) for region in ASEAN_REGIONS
)
# A phone number as written: digits with spaces, dashes, dots or brackets, maybe a leading +.
PHONE_CANDIDATE = re.compile(r"(?<![\w+])\+?\(?\d[\d\s().-]{5,22}\d(?!\w)")
_SEPARATORS = re.compile(r"[\s().-]")
_MAX_DIGITS = 17
_MIN_BARE_INTERNATIONAL = 10


def normalise_phone(raw: str, default_region: str) -> str | None:
    """The number in E.164, or None when no ASEAN country has such a valid number."""
    written = _SEPARATORS.sub("", raw.strip())
    if not re.fullmatch(r"\+?\d{6,17}", written):
        return None
    digits = written.lstrip("+")
    if written.startswith("+"):
        return _valid_e164("+" + digits, None)
    if digits.startswith("00"):
        return _valid_e164("+" + digits[2:], None)
    # At home people dial a trunk 0, except in Singapore, Brunei and Timor-Leste, whose numbers
    # have at most eight digits: ten or more digits led by a country code are international.
    if len(digits) >= _MIN_BARE_INTERNATIONAL and digits.startswith(_ASEAN_CALLING_CODES):
        e164 = _valid_e164("+" + digits, None)
        if e164 is not None:
            return e164
    for region in _regions_from(default_region):
        e164 = _valid_e164(digits, region)
        if e164 is not None:
            return e164
    return None


def find_phones(text: str, default_region: str) -> list[tuple[int, int, str]]:
    """(start, end, E.164) of each phone number phonenumbers finds in the text.

    Numbers valid in the user's country come from phonenumbers' matcher, which also wants a
    national prefix where the country uses one, so "8001234567" stays a bank account. The
    other ASEAN countries are tried only for numbers written with + or 00, a trunk 0, or a
    bare ASEAN country code.
    """
    found: list[tuple[int, int, str]] = []
    region = default_region.upper() if default_region.upper() in ASEAN_REGIONS else "MY"
    for match in phonenumbers.PhoneNumberMatcher(text, region):
        e164 = phonenumbers.format_number(match.number, phonenumbers.PhoneNumberFormat.E164)
        found.append((match.start, match.end, e164))
    for candidate in PHONE_CANDIDATE.finditer(text):
        if any(start < candidate.end() and candidate.start() < end for start, end, _ in found):
            continue
        written = candidate.group().lstrip("(")
        if not written.startswith(("+", "0", *_ASEAN_CALLING_CODES)):
            continue
        other = normalise_phone(written, region)
        if other is not None:
            found.append((candidate.start(), candidate.end(), other))
    return sorted(found)


def _regions_from(default_region: str) -> list[str]:
    first = default_region.upper()
    return [first, *(region for region in ASEAN_REGIONS if region != first)]


def _valid_e164(number: str, region: str | None) -> str | None:
    if len(number.lstrip("+")) > _MAX_DIGITS:
        return None
    try:
        parsed = phonenumbers.parse(number, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(parsed):
        return None
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
