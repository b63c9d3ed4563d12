"""One value of a known kind in canonical form, for feeds, the check command and extraction."""

import re

from identifiers.accounts import normalise_account
from identifiers.crypto import normalise_wallet
from identifiers.model import IdentifierKind
from identifiers.phones import normalise_phone
from identifiers.urls import canonical_url

# Starts only where a run of address characters starts, so a long run without "@" is read once.
EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]++@[\w-]++(?:\.[\w-]++)+")
# Telegram usernames: a letter first, 5 to 32 characters; shorter ones are kept for other apps.
HANDLE = re.compile(r"@?([A-Za-z][A-Za-z0-9_]{3,31})")


def normalise(kind: IdentifierKind, value: str, default_region: str) -> str | None:
    """The value in canonical form, or None when it is not a valid identifier of that kind."""
    value = value.strip()
    if kind in (IdentifierKind.PHONE, IdentifierKind.EWALLET):
        return normalise_phone(value, default_region)
    if kind == IdentifierKind.URL:
        return canonical_url(value)
    if kind == IdentifierKind.EMAIL:
        return value.lower() if EMAIL.fullmatch(value) else None
    if kind == IdentifierKind.SOCIAL_HANDLE:
        handle = HANDLE.fullmatch(value)
        return "@" + handle.group(1).lower() if handle else None
    if kind == IdentifierKind.BANK_ACCOUNT:
        return normalise_account(value)
    return normalise_wallet(value)
