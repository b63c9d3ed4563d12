"""Burmese typed in the legacy Zawgyi font encoding, turned into Unicode.

Zawgyi reuses Myanmar code points for other letters and orders them differently, so text in
it looks right only on a Zawgyi phone and reads as garbage to everything else (search,
detection, the operators' screens). Google's detector (myanmartools) tells the two apart;
python-myanmar's converter rewrites Zawgyi as Unicode.
"""

import functools

from myanmar import converter
from myanmartools import ZawgyiDetector

# Above this probability the text is Zawgyi; the detector is near 0 or near 1 on real text.
ZAWGYI_PROBABILITY = 0.95
_MYANMAR_BLOCK = range(0x1000, 0x10A0)


def to_unicode(text: str) -> str:
    """The text itself, unless it is Burmese in Zawgyi: then its Unicode form."""
    return str(converter.convert(text, "zawgyi", "unicode")) if is_zawgyi(text) else text


def is_zawgyi(text: str) -> bool:
    return (
        any(ord(char) in _MYANMAR_BLOCK for char in text)
        and _detector().get_zawgyi_probability(text) >= ZAWGYI_PROBABILITY
    )


@functools.cache
def _detector() -> ZawgyiDetector:
    return ZawgyiDetector()
