"""Words people write, as one regular expression alternative."""

import re
from collections.abc import Iterable


def alternation(words: Iterable[str]) -> str:
    """The words as alternatives, longest first. A Latin-script word counts as a whole word
    only ("ref", not "refund"); words of scripts written without spaces (Thai, Chinese) count
    wherever they stand."""
    return "|".join(
        rf"(?<![^\W_]){re.escape(word)}(?![^\W_])" if word.isascii() else re.escape(word)
        for word in sorted(words, key=len, reverse=True)
    )
