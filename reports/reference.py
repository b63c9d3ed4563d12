"""Report reference numbers: WSP-XXXX-XXXX, 40 random bits in Crockford base32.

Random rather than sequential so that nobody can guess or enumerate another person's report.
"""

import re
import secrets

CROCKFORD_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_SYMBOLS = 8
_PATTERN = re.compile(r"^WSP-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$")
# Crockford decoding: read-alike letters map to the digit people meant.
_READ_ALIKES = str.maketrans({"O": "0", "I": "1", "L": "1"})


def new_reference() -> str:
    symbols = "".join(secrets.choice(CROCKFORD_ALPHABET) for _ in range(_SYMBOLS))
    return f"WSP-{symbols[:4]}-{symbols[4:]}"


def parse_reference(text: str, *, prefix_required: bool = False) -> str | None:
    """The canonical reference a person typed (any case, spaces, read-alikes), or None.

    Without its "WSP" a reference looks like much else (eight digits are a Singapore phone
    number): `prefix_required` accepts only what was written with it.
    """
    compact = re.sub(r"[\s\-]", "", text.upper()).translate(_READ_ALIKES)
    prefixed = len(compact) == len("WSP") + _SYMBOLS and compact.startswith("WSP")
    if prefix_required and not prefixed:
        return None
    if prefixed:
        compact = compact[3:]
    candidate = f"WSP-{compact[:4]}-{compact[4:]}"
    return candidate if _PATTERN.match(candidate) else None
