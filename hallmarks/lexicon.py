"""The lexicons, one JSON file per language under hallmarks/lexicons/, read once."""

import json
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from hallmarks.codes import HallmarkCode

LEXICONS = Path(__file__).resolve().parent / "lexicons"
# Written without spaces between words: a phrase may start and end anywhere.
UNSPACED = frozenset({"th", "lo", "km", "my", "zh"})


@dataclass(frozen=True)
class Phrase:
    text: str
    code: HallmarkCode
    language: str
    # Matched within words too (scripts written without spaces).
    anywhere: bool
    # Written without diacritics: matched against the text without them as well.
    plain: bool


# Phones type curly apostrophes; lexicons are written with straight ones.
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'"})


# Spellings of one word that writers use interchangeably, read as one.
_VARIANTS = (
    ("\u0ecd\u0eb2", "\u0eb3"),  # Lao ໍ + າ → ຳ
    ("\u0e4d\u0e32", "\u0e33"),  # Thai ํ + า → ำ
    ("\u0eab\u0e99", "\u0edc"),  # Lao ຫນ → ໜ
    ("\u0eab\u0ea1", "\u0edd"),  # Lao ຫມ → ໝ
    ("\u0eab\u0ea5", "\u0eab\u0ebc"),  # Lao ຫລ → ຫຼ
    ("\u17d2\u178a", "\u17d2\u178f"),  # Khmer subscript ្ដ → ្ត
    ("\u200b", ""),  # the zero-width space Khmer and Burmese keyboards put between words
)


def fold(text: str) -> str:
    """Case, apostrophes and interchangeable spellings as the lexicons write them. The
    length may change (casefold's rare expansions, the spellings above): the caller then
    quotes the phrase instead of the text."""
    folded = unicodedata.normalize("NFC", text).casefold().translate(_APOSTROPHES)
    for variant, canonical in _VARIANTS:
        folded = folded.replace(variant, canonical)
    return folded


def strip_marks(text: str) -> tuple[str, list[int]]:
    """The text without diacritics (đ as d), and for each of its characters the index of the
    character it came from, so evidence is quoted as it was written."""
    out: list[str] = []
    origin: list[int] = []
    for index, character in enumerate(text):
        bare = "".join(
            c for c in unicodedata.normalize("NFD", character) if not unicodedata.combining(c)
        ).replace("đ", "d")
        out.append(bare)
        origin.extend([index] * len(bare))
    return "".join(out), origin


@cache
def phrases() -> tuple[Phrase, ...]:
    found: list[Phrase] = []
    for path in sorted(LEXICONS.glob("*.json")):
        document = json.loads(path.read_text(encoding="utf-8"))
        language = document["language"]
        for code, entries in document["hallmarks"].items():
            for entry in entries:
                text = fold(entry).strip()
                if text:
                    plain = strip_marks(text)[0] == text
                    # Latin words in a Thai or Chinese lexicon ("apk", "telegram") are still
                    # words: matched whole, not inside "mytelkomsel".
                    anywhere = language in UNSPACED and not text.isascii()
                    found.append(Phrase(text, HallmarkCode(code), language, anywhere, plain))
    # Longest first: the evidence quoted is the fullest phrase found.
    return tuple(sorted(set(found), key=lambda p: (-len(p.text), p.text)))
