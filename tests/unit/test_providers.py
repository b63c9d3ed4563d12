import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from identifiers.accounts import normalise_account
from identifiers.model import IdentifierKind
from identifiers.normalise import normalise
from identifiers.providers import bank_before, ewallet_before


@pytest.mark.parametrize(
    ("raw", "digits"),
    [
        ("5140 1234 5678", "514012345678"),
        ("1234-5678-90", "1234567890"),
        ("8001.234.567", "8001234567"),
        ("12345678", "12345678"),
    ],
)
def test_accounts_become_plain_digits(raw: str, digits: str) -> None:
    assert normalise_account(raw) == digits


@pytest.mark.parametrize("raw", ["", "1234567", "123456789012345678", "12a45678", "RM 5000000"])
def test_too_short_too_long_or_not_digits_is_no_account(raw: str) -> None:
    assert normalise_account(raw) is None


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("transfer to Maybank ", "MBB"),
        ("bank in to MAYBANK2U acc ", "MBB"),
        ("CIMB acc ", "CIMB"),
        ("Public Bank account ", "PBB"),
        ("Hong Leong no. akaun ", "HLB"),
        ("pay Bank Islam ", "BIMB"),
        ("Bank Rakyat ", "BKRM"),
        ("first Maybank, no wait, RHB ", "RHB"),
        ("BCA ", "BCA"),
    ],
)
def test_the_bank_named_closest_before_a_number_is_its_bank(text: str, code: str) -> None:
    assert bank_before(text + "1234567890", len(text)) == code


@pytest.mark.parametrize(
    "text",
    [
        "I called my bank. Then he sent ",
        "Maybank told me to be careful. He sent ",
        "the cimbalom player sent ",
        "Maybank " + "x" * 60,
    ],
)
def test_a_bank_in_another_sentence_a_word_or_far_away_is_not_named(text: str) -> None:
    assert bank_before(text + "1234567890", len(text)) is None


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Touch 'n Go ", "TNG"),
        ("TNG eWallet ", "TNG"),
        ("send to my GrabPay ", "GRABPAY"),
        ("GCash ", "GCASH"),
        ("akun DANA ", "DANA"),
    ],
)
def test_ewallets_are_named(text: str, code: str) -> None:
    assert ewallet_before(text + "0123456789", len(text)) == code


def test_the_indonesian_word_for_funds_is_not_the_dana_wallet() -> None:
    text = "transfer dana ke "
    assert ewallet_before(text + "081234567890", len(text)) is None


@settings(deadline=None)
@given(
    digits=st.text(alphabet="0123456789", min_size=8, max_size=17),
    separators=st.lists(st.sampled_from(["", " ", "-", "."]), min_size=17, max_size=17),
)
def test_an_account_with_any_separators_normalises_to_its_digits(
    digits: str, separators: list[str]
) -> None:
    written = digits[0] + "".join(sep + d for sep, d in zip(separators, digits[1:], strict=False))
    account = normalise(IdentifierKind.BANK_ACCOUNT, written, "MY")
    assert account == digits
    assert normalise(IdentifierKind.BANK_ACCOUNT, account, "MY") == account


@settings(deadline=None)
@given(text=st.text(max_size=80), position=st.integers(min_value=0, max_value=80))
def test_bank_lookups_never_raise(text: str, position: int) -> None:
    bank_before(text, position)
    ewallet_before(text, position)
    normalise_account(text)
