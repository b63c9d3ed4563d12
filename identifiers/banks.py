"""Bank accounts and e-wallets, with the bank or wallet when the text names it."""

import re

# Names people write, mapped to a short code; an account number alone fits many banks.
BANKS = {
    # Malaysia
    "MBB": ("maybank", "maybank2u", "malayan banking"),
    "CIMB": ("cimb", "cimb clicks"),
    "PBB": ("public bank", "pbb", "pbe"),
    "RHB": ("rhb",),
    "HLB": ("hong leong", "hlb"),
    "AMB": ("ambank", "am bank"),
    "BIMB": ("bank islam",),
    "BKRM": ("bank rakyat",),
    "BSN": ("bsn", "bank simpanan nasional"),
    "AFFIN": ("affin", "affin bank"),
    "ABMB": ("alliance bank",),
    "OCBC": ("ocbc",),
    "UOB": ("uob",),
    "HSBC": ("hsbc",),
    "AGRO": ("agrobank", "agro bank"),
    "MUAMALAT": ("bank muamalat", "muamalat"),
    # Indonesia
    "BCA": ("bca", "bank central asia"),
    "BRI": ("bri", "bank rakyat indonesia"),
    "BNI": ("bni",),
    "MANDIRI": ("mandiri", "bank mandiri"),
    # Singapore
    "DBS": ("dbs", "posb"),
}
# E-wallets are reached through the owner's phone number.
EWALLETS = {
    "TNG": ("touch 'n go", "touch n go", "touchngo", "tng", "tng ewallet"),
    "GRABPAY": ("grabpay", "grab pay"),
    "BOOST": ("boost",),
    "SHOPEEPAY": ("shopeepay", "shopee pay"),
    "GOPAY": ("gopay", "go-pay"),
    "OVO": ("ovo",),
    # Not plain "dana" (Indonesian for "funds") nor "maya" (a common name).
    "DANA": ("dana ewallet", "e-wallet dana", "akun dana"),
    "GCASH": ("gcash",),
    "MAYA": ("paymaya", "maya wallet"),
    "TRUEMONEY": ("truemoney", "true money"),
    "MOMO": ("momo",),
}
ACCOUNT_DIGITS = range(8, 18)
# How far before a number a bank or wallet name may stand and still be its own.
_NAME_REACH = 40
# A new sentence starts with a capital, so "no. akaun" stays in the sentence naming the bank.
_SENTENCE_BREAK = re.compile(r"[.!?]\s+(?=[A-Z])|\n")


def _name_pattern(names: dict[str, tuple[str, ...]]) -> re.Pattern[str]:
    words = sorted((word for words in names.values() for word in words), key=len, reverse=True)
    return re.compile(
        r"(?<![^\W_])(?:" + "|".join(re.escape(word) for word in words) + r")(?![^\W_])",
        re.IGNORECASE,
    )


_BANK_NAME = _name_pattern(BANKS)
_EWALLET_NAME = _name_pattern(EWALLETS)
_CODE_OF = {
    word: code for names in (BANKS, EWALLETS) for code, words in names.items() for word in words
}


def normalise_account(raw: str) -> str | None:
    """The account number as plain digits, or None when it cannot be one."""
    if not re.fullmatch(r"\d[\d\s.-]*\d", raw.strip()):
        return None
    digits = re.sub(r"\D", "", raw)
    return digits if len(digits) in ACCOUNT_DIGITS else None


def bank_before(text: str, position: int) -> str | None:
    """The code of the bank named closest before the position, within the same sentence."""
    return _named_before(_BANK_NAME, text, position)


def ewallet_before(text: str, position: int) -> str | None:
    """The code of the e-wallet named closest before the position, within the same sentence."""
    return _named_before(_EWALLET_NAME, text, position)


def _named_before(pattern: re.Pattern[str], text: str, position: int) -> str | None:
    window_start = max(0, position - _NAME_REACH)
    window = _SENTENCE_BREAK.split(text[window_start:position])[-1]
    names = pattern.findall(window)
    return _CODE_OF[names[-1].lower()] if names else None
