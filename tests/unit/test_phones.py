import phonenumbers
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from identifiers.model import IdentifierKind, PhoneOrigin
from identifiers.normalise import normalise
from identifiers.phones import ASEAN_REGIONS, Phone, find_phones, normalise_phone


@pytest.mark.parametrize(
    ("raw", "region", "e164"),
    [
        ("012-345 6789", "MY", "+60123456789"),
        ("(012) 345.6789", "MY", "+60123456789"),
        ("+60 12-345 6789", "TH", "+60123456789"),
        ("0060 12 345 6789", "MY", "+60123456789"),
        ("0060123456789", "SG", "+60123456789"),
        ("60123456789", "MY", "+60123456789"),
        ("6591234567", "MY", "+6591234567"),
        ("+65 9123-4567", "MY", "+6591234567"),
        ("081 234 5678", "TH", "+66812345678"),
        ("+62 812-3456-7890", "MY", "+6281234567890"),
        ("+63 917 123 4567", "MY", "+639171234567"),
        ("+84 91 234 56 78", "MY", "+84912345678"),
    ],
)
def test_numbers_normalise_to_e164(raw: str, region: str, e164: str) -> None:
    assert normalise_phone(raw, region) == e164


def test_a_number_invalid_at_home_is_tried_in_the_other_asean_countries() -> None:
    # 0812-3456-7890 is no Malaysian number, but it is an Indonesian mobile.
    assert normalise_phone("0812-3456-7890", "MY") == "+6281234567890"


def test_the_users_country_comes_first() -> None:
    # 0123456789 is valid in Malaysia, so a Malaysian user gets the Malaysian number.
    assert normalise_phone("0123456789", "MY") == "+60123456789"


@pytest.mark.parametrize("raw", ["", "12", "hello", "+60 12", "123456789012345678901", "+999 1234"])
def test_non_numbers_are_none(raw: str) -> None:
    assert normalise_phone(raw, "MY") is None


def test_find_phones_gives_positions_numbers_and_how_their_country_was_known() -> None:
    text = "call 0812-3456-7890 or +65 9123 4567 today"
    assert find_phones(text, "MY") == [
        (5, 19, Phone("+6281234567890", PhoneOrigin.GUESSED)),
        (23, 36, Phone("+6591234567", PhoneOrigin.WRITTEN)),
    ]


def test_a_bare_ten_digit_account_is_not_a_phone() -> None:
    assert find_phones("CIMB acc 8001234567", "MY") == []


# Example numbers phonenumbers holds for each ASEAN country: real formats, not invented ones.
EXAMPLES = [
    (region, number)
    for region in ASEAN_REGIONS
    for kind in (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE)
    if (number := phonenumbers.example_number_for_type(region, kind)) is not None
]
SEPARATORS = st.sampled_from(["", "", " ", "-", ".", " - "])


@settings(deadline=None)
@given(
    example=st.sampled_from(EXAMPLES),
    style=st.sampled_from(["national", "plus", "00", "bare"]),
    data=st.data(),
)
def test_any_valid_number_with_random_separators_gives_the_same_e164(
    example: tuple[str, phonenumbers.PhoneNumber], style: str, data: st.DataObject
) -> None:
    region, number = example
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    if style == "national":
        formatted = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
        digits = "".join(ch for ch in formatted if ch.isdigit())
    else:
        digits = {"plus": "+", "00": "00", "bare": ""}[style] + e164[1:]
    written = digits[0]
    for digit in digits[1:]:
        written += data.draw(SEPARATORS) + digit
    assert normalise_phone(written, region) == e164


@settings(deadline=None)
@given(raw=st.text(alphabet="0123456789 +-.()", max_size=25), region=st.sampled_from(ASEAN_REGIONS))
def test_normalising_a_phone_is_idempotent(raw: str, region: str) -> None:
    e164 = normalise(IdentifierKind.PHONE, raw, region)
    if e164 is not None:
        assert e164.startswith("+")
        assert normalise(IdentifierKind.PHONE, e164, region) == e164
        assert normalise(IdentifierKind.PHONE, e164, "MY") == e164


@settings(deadline=None)
@given(text=st.text(max_size=80), region=st.sampled_from(ASEAN_REGIONS))
def test_phones_never_raise(text: str, region: str) -> None:
    normalise_phone(text, region)
    find_phones(text, region)
