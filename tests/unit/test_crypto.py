import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from identifiers.crypto import eip55, normalise_wallet
from identifiers.model import IdentifierKind
from identifiers.normalise import normalise

BITCOIN_GENESIS = "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa"
BITCOIN_SCRIPT = "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy"
BECH32 = "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq"
BECH32M_TAPROOT = "bc1p5d7rjq7g6rdk2yhzks9smlaqtedr4dekq08ge8ztwac72sfr9rusxg3297"
ETHEREUM = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"
TRON = "TNPeeaaFB7K9cmo4uQpcU32zGK8G1NYqeL"
VALID = [BITCOIN_GENESIS, BITCOIN_SCRIPT, BECH32, BECH32M_TAPROOT, ETHEREUM, TRON]


@pytest.mark.parametrize("address", VALID)
def test_real_addresses_are_valid_and_already_canonical(address: str) -> None:
    assert normalise_wallet(address) == address


@pytest.mark.parametrize("address", VALID)
def test_one_flipped_character_fails_the_checksum(address: str) -> None:
    position = len(address) - 3
    original = address[position]
    replacement = "q" if original != "q" else "p"
    if address.startswith("0x"):
        replacement = "0" if original != "0" else "1"
    broken = address[:position] + replacement + address[position + 1 :]
    assert normalise_wallet(broken) is None


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        (ETHEREUM.lower(), ETHEREUM),
        ("0x" + ETHEREUM[2:].upper(), ETHEREUM),
        (BECH32.upper(), BECH32),
    ],
)
def test_single_case_forms_normalise_to_the_checksummed_form(written: str, canonical: str) -> None:
    assert normalise_wallet(written) == canonical


def test_an_ethereum_address_with_broken_case_is_invalid() -> None:
    broken = ETHEREUM[:3] + ETHEREUM[3].upper() + ETHEREUM[4:]
    assert broken != ETHEREUM
    assert normalise_wallet(broken) is None


@pytest.mark.parametrize(
    ("lowercase", "checksummed"),
    [
        # Test vectors from EIP-55 itself.
        (
            "fb6916095ca1df60bb79ce92ce3ea74c37c5d359",
            "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
        ),
        (
            "dbf03b407c01e7cd3cbea99509d93f8dddc8c6fb",
            "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB",
        ),
    ],
)
def test_eip55_uses_keccak_not_sha3(lowercase: str, checksummed: str) -> None:
    assert eip55(lowercase) == checksummed


@pytest.mark.parametrize(
    "address",
    [
        "",
        "0x123",
        "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5MDQ",  # mixed case is not bech32
        "tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx",  # testnet, not a real wallet
        "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfN0",  # 0 is not base58
        "TNPeeaaFB7K9cmo4uQpcU32zGK8G1NYqe",
    ],
)
def test_malformed_addresses_are_invalid(address: str) -> None:
    assert normalise_wallet(address) is None


@settings(deadline=None)
@given(
    address=st.one_of(
        st.sampled_from(VALID),
        st.sampled_from(VALID).map(str.lower),
        st.sampled_from(VALID).map(str.upper),
        st.text(max_size=70),
        st.text(alphabet="0123456789abcdefABCDEF", min_size=40, max_size=40).map("0x".__add__),
    )
)
def test_normalising_a_wallet_is_idempotent_and_never_raises(address: str) -> None:
    canonical = normalise(IdentifierKind.CRYPTO_WALLET, address, "MY")
    if canonical is not None:
        assert normalise(IdentifierKind.CRYPTO_WALLET, canonical, "MY") == canonical
