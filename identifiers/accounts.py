"""Bank account numbers as plain digits."""

import re

ACCOUNT_DIGITS = range(8, 18)
_WRITTEN = re.compile(r"[0-9][0-9\s.-]*[0-9]")
_NOT_DIGITS = re.compile(r"[^0-9]")


def normalise_account(raw: str) -> str | None:
    """The account number as plain digits, or None when it cannot be one."""
    if not _WRITTEN.fullmatch(raw.strip()):
        return None
    digits = _NOT_DIGITS.sub("", raw)
    return digits if len(digits) in ACCOUNT_DIGITS else None
