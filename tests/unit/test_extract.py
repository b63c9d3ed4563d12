from urllib.parse import urlsplit

import phonenumbers
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from identifiers.extract import extract_identifiers
from identifiers.model import Identifier, IdentifierKind

PHONE = IdentifierKind.PHONE
URL = IdentifierKind.URL
EMAIL = IdentifierKind.EMAIL
HANDLE = IdentifierKind.SOCIAL_HANDLE
BANK_ACCOUNT = IdentifierKind.BANK_ACCOUNT


def found(text: str, region: str = "MY") -> set[tuple[str, str]]:
    return {(item.kind.value, item.value) for item in extract_identifiers(text, region)}


@pytest.mark.parametrize(
    ("text", "region", "e164"),
    [
        ("Call 012-345 6789 now", "MY", "+60123456789"),
        ("call 0123456789", "MY", "+60123456789"),
        ("WhatsApp +60 12-345 6789", "MY", "+60123456789"),
        ("nombor 011-2345 6789", "MY", "+601123456789"),
        ("hubungi 0812-3456-7890", "ID", "+6281234567890"),
        ("call 9123 4567", "SG", "+6591234567"),
        ("โทร 081 234 5678", "TH", "+66812345678"),
        ("WhatsApp +60 12-345 6789", "TH", "+60123456789"),
    ],
)
def test_phone_numbers_come_out_in_e164(text: str, region: str, e164: str) -> None:
    assert found(text, region) == {(PHONE, e164)}


@pytest.mark.parametrize(
    ("text", "url"),
    [
        ("Visit https://Bit.ly/AbC123.", "https://bit.ly/AbC123"),
        (
            "Log in at HTTPS://SECURE-MAYBANK.COM/Login?Token=XyZ!",
            "https://secure-maybank.com/Login?Token=XyZ",
        ),
        ("go to www.Maybank2u-Secure.com/login, then pay", "http://www.maybank2u-secure.com/login"),
        ("open maybank-verify.xyz/claim;", "http://maybank-verify.xyz/claim"),
        ("(link: https://example.com/parcel)", "https://example.com/parcel"),
        ('he said "https://t.me/pos_laju_help"', "https://t.me/pos_laju_help"),
    ],
)
def test_links_lose_trailing_punctuation_and_get_a_lowercase_host(text: str, url: str) -> None:
    assert found(text) == {(URL, url)}


def test_a_link_without_a_path_keeps_the_case_of_its_query() -> None:
    [identifier] = extract_identifiers("claim at https://Example.com?ref=AbC9", "MY")
    parts = urlsplit(identifier.value)
    assert identifier.kind == URL
    assert parts.hostname == "example.com"
    assert parts.query == "ref=AbC9"


@pytest.mark.parametrize(
    ("text", "email"),
    [
        ("email Support@MayBank-Help.COM.", "support@maybank-help.com"),
        ("reply to refund.team+my@pos-laju.com.my now", "refund.team+my@pos-laju.com.my"),
    ],
)
def test_emails_are_lowercased(text: str, email: str) -> None:
    assert found(text) == {(EMAIL, email)}


def test_social_handles_are_lowercased_and_keep_their_at_sign() -> None:
    assert found("message @Scammer_Boss or @InvestNow88 on Telegram") == {
        (HANDLE, "@scammer_boss"),
        (HANDLE, "@investnow88"),
    }


@pytest.mark.parametrize("text", ["hi @ab", "mail agent@example.com", "price 5@", "@1234567"])
def test_short_handles_and_email_addresses_are_not_handles(text: str) -> None:
    assert all(kind != HANDLE for kind, _ in found(text))


@pytest.mark.parametrize(
    ("text", "account"),
    [
        ("transfer to Maybank 5140 1234 5678", "514012345678"),
        ("CIMB acc 8001234567", "8001234567"),
        ("BCA 1234-5678-90", "1234567890"),
        ("akaun 1234567890123", "1234567890123"),
    ],
)
def test_bank_accounts_come_out_as_plain_digits(text: str, account: str) -> None:
    assert found(text) == {(BANK_ACCOUNT, account)}


def test_every_kind_in_one_message() -> None:
    text = (
        "Pay RM 5,000 to Maybank 5140 1234 5678 (Ali), then WhatsApp 012-345 6789 "
        "or @Agent_Ali, send the receipt to Claims@Fast-Loan.my and track at "
        "https://Fast-Loan.my/track."
    )
    assert found(text) == {
        (BANK_ACCOUNT, "514012345678"),
        (PHONE, "+60123456789"),
        (HANDLE, "@agent_ali"),
        (EMAIL, "claims@fast-loan.my"),
        (URL, "https://fast-loan.my/track"),
    }


@pytest.mark.parametrize(
    ("text", "region"),
    [
        ("My IC is 880512-10-1234", "MY"),
        ("IC 880512-10-1234.", "MY"),
        ("I lost RM 5,000", "MY"),
        ("I lost RM 5,000.00 yesterday", "MY"),
        ("lost RM 10,000,000", "MY"),
        ("lost RM 10000000", "MY"),
        ("50,000 baht gone", "TH"),
        ("sudah transfer Rp 1.000.000", "ID"),
        ("sudah transfer Rp 15000000", "ID"),
        ("on 21/11/2026 at 10:30", "MY"),
        ("on 21-11-2026 he called", "MY"),
        ("on 2026-11-21 he called", "MY"),
    ],
)
def test_ic_numbers_amounts_and_dates_are_not_identifiers(text: str, region: str) -> None:
    assert extract_identifiers(text, region) == []


def test_an_ic_next_to_a_phone_number_leaves_only_the_phone() -> None:
    assert found("IC: 880512-10-1234, phone 012-345 6789") == {(PHONE, "+60123456789")}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("012-345 6789, +60 12 345 6789 and 0123456789", Identifier(PHONE, "+60123456789")),
        ("a@b.com, A@B.COM and a@b.com", Identifier(EMAIL, "a@b.com")),
        ("acc 12345678 and again 1234 5678", Identifier(BANK_ACCOUNT, "12345678")),
        ("@Scammer_Boss @scammer_boss", Identifier(HANDLE, "@scammer_boss")),
        ("https://bit.ly/x, HTTPS://BIT.LY/x", Identifier(URL, "https://bit.ly/x")),
    ],
)
def test_the_same_identifier_written_twice_comes_out_once(text: str, expected: Identifier) -> None:
    assert extract_identifiers(text, "MY") == [expected]


def test_text_without_identifiers_gives_nothing() -> None:
    assert extract_identifiers("He said he was from the police and I was scared.", "MY") == []


REGIONS = st.sampled_from(["MY", "SG", "ID", "TH", "PH", "VN", "KH", "MM", "LA", "BN"])


@settings(deadline=None)
@given(text=st.text(), region=REGIONS)
def test_extraction_never_raises_on_arbitrary_text(text: str, region: str) -> None:
    identifiers = extract_identifiers(text, region)
    assert len(identifiers) == len(set(identifiers))
    assert all(item.value for item in identifiers)


@settings(deadline=None)
@given(
    text=st.text(alphabet=st.sampled_from("0123456789 +-.()/@:abcRMrp,"), max_size=80),
    region=REGIONS,
)
def test_extraction_never_raises_on_digit_heavy_text(text: str, region: str) -> None:
    extract_identifiers(text, region)


MALAYSIAN_MOBILE = st.one_of(
    st.builds(
        "".join,
        st.tuples(
            st.sampled_from(["10", "12", "13", "14", "16", "17", "18", "19"]),
            st.text(alphabet="0123456789", min_size=7, max_size=7),
        ),
    ),
    st.builds(
        "".join,
        st.tuples(st.just("11"), st.text(alphabet="0123456789", min_size=8, max_size=8)),
    ),
)
SEPARATOR = st.sampled_from(["", "", " ", "-", "."])


@settings(deadline=None)
@given(
    national=MALAYSIAN_MOBILE,
    international=st.booleans(),
    data=st.data(),
)
def test_a_malaysian_mobile_with_any_separators_normalises_to_one_e164(
    national: str, international: bool, data: st.DataObject
) -> None:
    assume(phonenumbers.is_valid_number(phonenumbers.parse("+60" + national)))
    digits = ("+60" if international else "0") + national[0]
    for digit in national[1:]:
        digits += data.draw(SEPARATOR) + digit
    assert extract_identifiers(f"call {digits} now", "MY") == [Identifier(PHONE, "+60" + national)]
