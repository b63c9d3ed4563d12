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


@dataclass(frozen=True, order=True)
class Identifier:
    kind: IdentifierKind
    value: str
    # Who holds a bank account or e-wallet ("MBB" for Maybank, "TNG" for Touch 'n Go), when
    # the text names it; an account number alone is ambiguous across banks.
    provider: str | None = None
