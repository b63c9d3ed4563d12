from dataclasses import dataclass
from enum import StrEnum


class IdentifierKind(StrEnum):
    PHONE = "phone"
    URL = "url"
    EMAIL = "email"
    BANK_ACCOUNT = "bank_account"
    EWALLET = "ewallet"
    CRYPTO_WALLET = "crypto_wallet"
    SOCIAL_HANDLE = "social_handle"


class PhoneOrigin(StrEnum):
    """How a phone number's country was known (identifiers/phones.py has the order)."""

    WRITTEN = "written"  # with + or 00 or the country code
    DEPLOYMENT = "deployment"
    UNVERIFIED_RANGE = "unverified_range"  # possible in the deployment's country, not listed
    MESSAGE_LANGUAGE = "message_language"
    GUESSED = "guessed"  # valid in another ASEAN country


@dataclass(frozen=True, order=True)
class Identifier:
    kind: IdentifierKind
    value: str
    # Who holds the account, e-wallet or handle ("MBB" for Maybank, "TNG" for Touch 'n Go,
    # "LINE"), when the text names it: an account number alone is ambiguous across banks.
    provider: str | None = None
    # For a phone number (and an e-wallet, which is one): how its country was known.
    origin: PhoneOrigin | None = None
