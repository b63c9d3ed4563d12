from urllib.parse import urlsplit

import phonenumbers
import pytest
from aiogram.types import MessageEntity
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from identifiers.extract import extract_from_message, extract_identifiers
from identifiers.model import Identifier, IdentifierKind, PhoneOrigin
from identifiers.normalise import normalise

PHONE = IdentifierKind.PHONE
URL = IdentifierKind.URL
EMAIL = IdentifierKind.EMAIL
HANDLE = IdentifierKind.SOCIAL_HANDLE
BANK_ACCOUNT = IdentifierKind.BANK_ACCOUNT
EWALLET = IdentifierKind.EWALLET
WALLET = IdentifierKind.CRYPTO_WALLET


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
        ('he said "https://pos-laju.help/track"', "https://pos-laju.help/track"),
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
        ("My IC is 880512101234", "MY"),
        ("IC 880512 10 1234", "MY"),
        ("your reference is WSP-7K3M-9Q2D", "MY"),
        ("ref WSP-1234-5678", "MY"),
        ("he called at 10:30:15 and 9.45pm", "MY"),
    ],
)
def test_ic_numbers_amounts_and_dates_are_not_identifiers(text: str, region: str) -> None:
    assert extract_identifiers(text, region) == []


def test_twelve_digits_that_are_no_ic_date_stay_an_account() -> None:
    # 88 05 32 is no date, so this cannot be an IC written without dashes.
    assert found("Maybank 880532101234") == {(BANK_ACCOUNT, "880532101234")}


def test_an_ic_next_to_a_phone_number_leaves_only_the_phone() -> None:
    assert found("IC: 880512-10-1234, phone 012-345 6789") == {(PHONE, "+60123456789")}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "012-345 6789, +60 12 345 6789 and 0123456789",
            Identifier(PHONE, "+60123456789", origin=PhoneOrigin.DEPLOYMENT),
        ),
        ("a@b.com, A@B.COM and a@b.com", Identifier(EMAIL, "a@b.com")),
        ("acc 12345678 and again 1234 5678", Identifier(BANK_ACCOUNT, "12345678")),
        ("@Scammer_Boss @scammer_boss", Identifier(HANDLE, "@scammer_boss")),
        ("https://bit.ly/x, HTTPS://BIT.LY/x", Identifier(URL, "https://bit.ly/x")),
    ],
)
def test_the_same_identifier_written_twice_comes_out_once(text: str, expected: Identifier) -> None:
    assert extract_identifiers(text, "MY") == [expected]


def test_accounts_carry_the_bank_the_text_names() -> None:
    assert extract_identifiers("Pay to Maybank 5140 1234 5678 (Ali)", "MY") == [
        Identifier(BANK_ACCOUNT, "514012345678", "MBB")
    ]
    assert extract_identifiers("akaun 1234567890123", "MY") == [
        Identifier(BANK_ACCOUNT, "1234567890123")
    ]


def test_a_phone_after_an_ewallet_name_is_also_that_ewallet() -> None:
    assert extract_identifiers("send to my Touch 'n Go 012-345 6789", "MY") == [
        Identifier(PHONE, "+60123456789", origin=PhoneOrigin.DEPLOYMENT),
        Identifier(EWALLET, "+60123456789", "TNG", PhoneOrigin.DEPLOYMENT),
    ]


def test_a_neighbouring_countrys_number_is_found() -> None:
    assert found("call him on 0812-3456-7890 or 00 66 81 234 5678", "MY") == {
        (PHONE, "+6281234567890"),
        (PHONE, "+66812345678"),
    }


@pytest.mark.parametrize(
    ("text", "url"),
    [
        ("do not open hxxps://maybank-verify[.]com/login!", "https://maybank-verify.com/login"),
        ("blocked: evil(.)top", "http://evil.top/"),
        ("see https://mäybank.com/login.", "https://xn--mybank-bua.com/login"),
        ("https://WWW.Example.com:443/a/./b/../c#top", "https://www.example.com/a/c"),
        (
            "wiki https://en.wikipedia.org/wiki/Scam_(fraud).",
            "https://en.wikipedia.org/wiki/Scam_(fraud)",
        ),
    ],
)
def test_links_are_canonical(text: str, url: str) -> None:
    assert found(text) == {(URL, url)}


def test_checked_crypto_wallets_are_found() -> None:
    text = (
        "send USDT to TNPeeaaFB7K9cmo4uQpcU32zGK8G1NYqeL or "
        "0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed, BTC to 1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa "
        "or bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq"
    )
    assert found(text) == {
        (WALLET, "TNPeeaaFB7K9cmo4uQpcU32zGK8G1NYqeL"),
        (WALLET, "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"),
        (WALLET, "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa"),
        (WALLET, "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq"),
    }


def test_a_wallet_with_a_broken_checksum_is_not_listed() -> None:
    assert found("send to 1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb") == set()


def test_entities_bring_the_hidden_address_of_a_text_link() -> None:
    text = "Claim your prize here or ask @Prize_Desk 😀 at +60 12-345 6789"
    entities = [
        MessageEntity(type="text_link", offset=20, length=4, url="HTTPS://Prize-Claim.top/win"),
        MessageEntity(type="mention", offset=29, length=11),
        # Telegram counts in UTF-16 units, and the emoji takes two.
        MessageEntity(type="phone_number", offset=47, length=15),
        MessageEntity(type="bold", offset=0, length=5),
    ]
    assert extract_from_message(text, entities, "MY") == [
        Identifier(URL, "https://prize-claim.top/win"),
        Identifier(HANDLE, "@prize_desk"),
        Identifier(PHONE, "+60123456789", origin=PhoneOrigin.WRITTEN),
    ]


@pytest.mark.parametrize(
    ("text", "url"),
    [
        ("Sahkan segera di maybank2u-secure.com.", "http://maybank2u-secure.com/"),
        ("claim at mayb4nk.xyz now", "http://mayb4nk.xyz/"),
        ("bayar kat pos-laju.my", "http://pos-laju.my/"),
    ],
)
def test_a_domain_written_alone_is_a_link(text: str, url: str) -> None:
    assert extract_identifiers(text, "MY") == [Identifier(URL, url)]


@pytest.mark.parametrize(
    "text", ["open invoice.zip and report.pdf", "Hi.How are you", "Dr.Tan said v1.2.3"]
)
def test_files_and_missing_spaces_are_not_domains(text: str) -> None:
    assert extract_identifiers(text, "MY") == []


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


@settings(deadline=None)
@given(kind=st.sampled_from(IdentifierKind), text=st.text(max_size=60), region=REGIONS)
def test_normalising_any_kind_is_idempotent_and_never_raises(
    kind: IdentifierKind, text: str, region: str
) -> None:
    value = normalise(kind, text, region)
    if value is not None:
        assert normalise(kind, value, region) == value


@settings(deadline=None)
@given(text=st.text(max_size=80), region=REGIONS)
def test_every_extracted_value_is_already_normal(text: str, region: str) -> None:
    for item in extract_identifiers(text, region):
        assert normalise(item.kind, item.value, region) == item.value


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
    assert found(f"call {digits} now", "MY") == {(PHONE, "+60" + national)}


def identified(text: str, region: str = "MY") -> list[tuple[str, str, str | None]]:
    return [
        (item.kind.value, item.value, item.provider) for item in extract_identifiers(text, region)
    ]


@pytest.mark.parametrize(
    ("text", "url"),
    [
        ("http://user:pass@evil.example/login", "http://evil.example/login"),
        ("log in: maybank2u.com.my@evil.example/login", "http://evil.example/login"),
        ("paypal.com@evil.example", "http://evil.example/"),
        ("bank.com@evil.example:8080/x", "http://evil.example/x"),
    ],
)
def test_a_link_dressed_as_an_email_is_the_link_it_leads_to(text: str, url: str) -> None:
    assert found(text) == {(URL, url)}


@pytest.mark.parametrize(
    ("text", "url"),
    [
        ("Sila sahkan di Maybank2u-Secure.Com segera", "http://maybank2u-secure.com/"),
        ("claim at Example88.Com now", "http://example88.com/"),
        ("MAYBANK2U.COM.MY-VERIFY.XYZ", "http://maybank2u.com.my-verify.xyz/"),
        ("update at Pos-Laju.Com.My today", "http://pos-laju.com.my/"),
        # A Cyrillic "a" (U+0430) in the bank's name, the very lookalike to flag.
        ("log in at m\u0430ybank2u.com.my now", "http://xn--mybank2u-16g.com.my/"),
        ("visit http://[2001:db8::1]/login", "http://[2001:db8::1]/login"),
    ],
)
def test_domains_in_capitals_or_other_scripts_are_links(text: str, url: str) -> None:
    assert found(text) == {(URL, url)}


@pytest.mark.parametrize(
    "text", ["Hi.My name is Ali", "Ok.So what now", "Tq.Ya sama2", "Hello.It is me"]
)
def test_capitalised_words_joined_by_a_dot_are_no_link(text: str) -> None:
    assert found(text) == set()


@pytest.mark.parametrize(
    ("text", "region"),
    [
        ("Ref no: 1234567890. Thank you", "MY"),
        ("Transaction ID: 2026113012345678", "MY"),
        ("No. Rujukan 88123456789 berjaya", "MY"),
        ("Your OTP is 12345678. Do not share it", "SG"),
        ("TAC: 834512 untuk pemindahan RM500", "MY"),
        ("12345678 is your verification code", "SG"),
        ("kode OTP anda 9012 3456", "ID"),
        ("เลขที่อ้างอิง 202611301234567 โอนสำเร็จ", "TH"),
        ("Mã giao dịch FT23456789012 thành công", "VN"),
        ("NIK 3171234501900001 atas nama Budi", "ID"),
        ("KTP saya 3171234501900001", "ID"),
        ("3171234501900001", "ID"),
        ("เลขบัตรประชาชน 1-1017-00230-70-8", "TH"),
        ("1101700230708", "TH"),
        ("NRIC S1234567D", "SG"),
        ("CCCD 001099012345 của tôi", "VN"),
        ("số CMND 123456789", "VN"),
    ],
)
def test_references_codes_and_identity_cards_are_not_identifiers(text: str, region: str) -> None:
    assert found(text, region) == set()


def test_a_reference_spares_the_scammers_number_beside_it() -> None:
    assert found("Ref 5566778899 from 012-345 6789") == {(PHONE, "+60123456789")}


@pytest.mark.parametrize(
    ("text", "region", "expected"),
    [
        ("Maybank 5140 1234 5678", "MY", ("bank_account", "514012345678", "MBB")),
        ("โอนเข้ากสิกร 123-4-56789-0 ด่วน", "TH", ("bank_account", "1234567890", "KBANK")),
        ("STK 0071001234567 Vietcombank", "VN", ("bank_account", "0071001234567", "VCB")),
        ("BDO acct 001234567890", "PH", ("bank_account", "001234567890", "BDO")),
        ("add telegram @scammer_88 now", "MY", ("social_handle", "@scammer_88", "TELEGRAM")),
        ("IG @cheap_iphone_my", "MY", ("social_handle", "@cheap_iphone_my", "INSTAGRAM")),
        ("Line ID: scam_88", "TH", ("social_handle", "@scam_88", "LINE")),
        ("แอดไลน์ไอดี jobonline99", "TH", ("social_handle", "@jobonline99", "LINE")),
    ],
)
def test_who_holds_an_account_or_handle_is_kept(
    text: str, region: str, expected: tuple[str, str, str]
) -> None:
    assert identified(text, region) == [expected]


def test_a_contact_link_also_names_the_number_or_handle_behind_it() -> None:
    assert set(identified("chat wa.me/60123456789 or https://t.me/Scam_Admin")) == {
        ("url", "http://wa.me/60123456789", None),
        ("phone", "+60123456789", "WHATSAPP"),
        ("url", "https://t.me/Scam_Admin", None),
        ("social_handle", "@scam_admin", "TELEGRAM"),
    }


@pytest.mark.parametrize(
    ("text", "region", "e164", "origin"),
    [
        ("call 012-345 6789", "MY", "+60123456789", PhoneOrigin.DEPLOYMENT),
        ("call +84 91 234 56 78", "MY", "+84912345678", PhoneOrigin.WRITTEN),
        # Possible in Malaysia, though libphonenumber does not list the range: Malaysia wins.
        ("call 03-9876 5432", "MY", "+60398765432", PhoneOrigin.UNVERIFIED_RANGE),
        # Impossible in Singapore; the message is Vietnamese, and so is the number.
        ("Gọi ngay 0912 345 678 để nhận quà", "SG", "+84912345678", PhoneOrigin.MESSAGE_LANGUAGE),
        ("call 0912 345 678", "SG", "+66912345678", PhoneOrigin.GUESSED),
    ],
)
def test_a_phones_country_and_how_it_was_known(
    text: str, region: str, e164: str, origin: PhoneOrigin
) -> None:
    [phone] = extract_identifiers(text, region)
    assert (phone.value, phone.origin) == (e164, origin)


@pytest.mark.parametrize("text", ["http://example.com:\u00b9/", "call \u0660\u0661\u0662 3456789"])
def test_unicode_digits_never_crash(text: str) -> None:
    extract_identifiers(text, "MY")
