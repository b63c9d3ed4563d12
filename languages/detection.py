"""Language of free text by Unicode script, where the script alone is decisive.

Latin-script text (Malay, Indonesian, Filipino, Vietnamese, English) needs a statistical
detector and word lists; until that lands it is reported as undetermined rather than guessed.
"""

import unicodedata

# Script name prefix in Unicode character names -> ISO 639-1 code.
_SCRIPT_LANGUAGES = {
    "THAI": "th",
    "LAO": "lo",
    "KHMER": "km",
    "MYANMAR": "my",
    "TAMIL": "ta",
    "CJK": "zh",
}
_VIETNAMESE_ONLY = set("ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ")


def detect_language(text: str) -> str | None:
    counts: dict[str, int] = {}
    # Some keyboards type Vietnamese accents as combining marks; compose them first.
    for char in unicodedata.normalize("NFC", text):
        if not char.isalpha():
            continue
        if char.lower() in _VIETNAMESE_ONLY:
            counts["vi"] = counts.get("vi", 0) + 1
            continue
        name = unicodedata.name(char, "")
        for prefix, language in _SCRIPT_LANGUAGES.items():
            if name.startswith(prefix):
                counts[language] = counts.get(language, 0) + 1
                break
    if not counts:
        return None
    return max(counts, key=lambda language: counts[language])
