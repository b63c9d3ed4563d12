"""The language of a short free text, the same answer every time.

1. Script decides Thai, Lao, Khmer, Burmese, Tamil and Chinese outright, even among Latin
   brand names, and Vietnamese by the letters only it uses (ư, ơ, đ, ạ, ế…).
2. Latin-script text goes to lingua, restricted to the Latin-script languages that occur
   here, with its small (trigram) models: the large ones cost some 80 MB for little gain on
   messages this short.
3. Words only one language uses settle what a short message leaves open, above all Malay
   against Indonesian, which share most of their words (wang/uang, boleh/bisa,
   akaun/rekening, RM/Rp). A handful of such words outweigh the model; one only tips it.
"""

import functools
import re
import unicodedata
from collections import Counter

from lingua import Language, LanguageDetector, LanguageDetectorBuilder

from languages.cues import CUE_WORDS, VIETNAMESE_ONLY_LETTERS, VIETNAMESE_TONE_LETTERS

# Unicode character names start with the script's name.
_SCRIPT_LANGUAGES = {
    "THAI": "th",
    "LAO": "lo",
    "KHMER": "km",
    "MYANMAR": "my",
    "TAMIL": "ta",
    "CJK": "zh",
}
_LINGUA_CODES = {
    Language.ENGLISH: "en",
    Language.MALAY: "ms",
    Language.INDONESIAN: "id",
    Language.TAGALOG: "tl",
    Language.VIETNAMESE: "vi",
}
# Latin text shorter than this says nothing: "ok", "hi" or "xxxxxxxx" is no language.
MIN_LATIN_LETTERS = 4
MIN_LATIN_WORDS = 2
# Two letters of Thai, Khmer, Han… make the message that language however many Latin letters
# (brand names, "OTP", "RM") it also holds: Latin text does not carry them by chance.
MIN_SCRIPT_LETTERS = 2
# What one distinctive word is worth against the model's confidence (which sums to 1).
CUE_WEIGHT = 0.5
_WORD = re.compile(r"[^\W\d_]+")
_NOT_WORDS = re.compile(
    # Each alternative starts only where its run of characters starts, so that a long run is
    # read once, not once from every character in it.
    r"(?<!\S)\S*(?:://|www\.|@)\S*|(?<!\S)\S+\.(?:com|net|org|my|sg|id|ph|vn|th)\S*"
    # Codes: capitals with digits ("RM500", "TAC8812"), or digits in hyphenated groups
    # (a reference "wsp-7k3d-9qxm").
    r"|(?<![\w-])(?=[A-Z0-9-]*\d)(?=[A-Z0-9-]*[A-Z])[A-Z0-9-]+(?![\w-])"
    r"|(?<![\w-])(?=[\w-]*\d)\w++(?:-\w++)+(?![\w-])"
)


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of one of the eleven languages, or None when the text does not tell."""
    written = unicodedata.normalize("NFC", text)
    # Links, addresses, handles and codes ("WSP-7K3D-9QXM") are no language's words.
    text = _NOT_WORDS.sub(" ", written)
    scripts = _letters_by_script(text)
    latin = scripts.pop("LATIN", 0)
    if scripts:
        script, count = scripts.most_common(1)[0]
        if count >= MIN_SCRIPT_LETTERS:
            return _SCRIPT_LANGUAGES[script]
    if latin < MIN_LATIN_LETTERS or len(_WORD.findall(text)) < MIN_LATIN_WORDS:
        return None
    return _latin_language(text, _currencies(written))


def _currencies(text: str) -> dict[str, int]:
    """Amounts in ringgit count for Malay and in rupiah for Indonesian."""
    lowered = text.lower()
    return {
        "ms": len(re.findall(r"\brm ?\d", lowered)),
        "id": len(re.findall(r"\brp\.? ?\d", lowered)),
    }


def _letters_by_script(text: str) -> Counter[str]:
    counts: Counter[str] = Counter()
    for char in text:
        if not char.isalpha():
            continue
        name = unicodedata.name(char, "")
        script = name.split(" ", 1)[0]
        if script in _SCRIPT_LANGUAGES or script == "LATIN":
            counts[script] += 1
    return counts


def _latin_language(text: str, currencies: dict[str, int]) -> str:
    lowered = text.lower()
    if (
        any(char in VIETNAMESE_ONLY_LETTERS for char in lowered)
        or sum(char in VIETNAMESE_TONE_LETTERS for char in lowered) >= 2
    ):
        return "vi"
    scores = {
        _LINGUA_CODES[result.language]: result.value
        for result in _detector().compute_language_confidence_values(text)
    }
    # The small models confuse Malay and Indonesian chat; the full models of just those two
    # share out what the small ones gave the pair (a third of the memory of full models for
    # all five languages).
    pair = scores["ms"] + scores["id"]
    for result in _malay_or_indonesian().compute_language_confidence_values(text):
        scores[_LINGUA_CODES[result.language]] = pair * result.value
    words = _WORD.findall(lowered)
    for language, cues in CUE_WORDS.items():
        scores[language] += CUE_WEIGHT * sum(word in cues for word in words)
    for language, amounts in currencies.items():
        scores[language] += CUE_WEIGHT * amounts
    # Sorted first, so that equal scores always resolve the same way.
    return max(sorted(scores), key=lambda language: scores[language])


def load_models() -> None:
    """Loads the models now (about half a second), so that the first message need not wait."""
    _detector().compute_language_confidence_values("load")
    _malay_or_indonesian().compute_language_confidence_values("load")


@functools.cache
def _detector() -> LanguageDetector:
    return (
        LanguageDetectorBuilder.from_languages(*_LINGUA_CODES)
        .with_low_accuracy_mode()
        .with_preloaded_language_models()
        .build()
    )


@functools.cache
def _malay_or_indonesian() -> LanguageDetector:
    return (
        LanguageDetectorBuilder.from_languages(Language.MALAY, Language.INDONESIAN)
        .with_preloaded_language_models()
        .build()
    )
