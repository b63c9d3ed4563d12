"""The eleven interface languages, each named in its own language and script."""

# In the order the language buttons show them: the region's Latin-script languages first.
NATIVE_NAMES = {
    "ms": "Bahasa Melayu",
    "id": "Bahasa Indonesia",
    "en": "English",
    "tl": "Filipino",
    "vi": "Tiếng Việt",
    "th": "ภาษาไทย",
    "lo": "ພາສາລາວ",
    "km": "ភាសាខ្មែរ",
    "my": "မြန်မာဘာသာ",
    "ta": "தமிழ்",
    "zh": "简体中文",
}
# Telegram's language_code is an IETF tag ("zh-hans", "fil", "in"); the first part names the
# language, but a few have older or longer codes.
_TELEGRAM_ALIASES = {"fil": "tl", "in": "id", "zsm": "ms"}


def interface_language(telegram_code: str | None) -> str | None:
    """One of the eleven codes for Telegram's language_code, or None."""
    language = (telegram_code or "").split("-")[0].split("_")[0].lower()
    language = _TELEGRAM_ALIASES.get(language, language)
    return language if language in NATIVE_NAMES else None


# The one country where each language is the national one: a phone number written in a
# Vietnamese message without its country code is most likely Vietnamese. English, Chinese and
# Tamil are spoken in several, so they name none.
HOME_COUNTRIES = {
    "ms": "MY",
    "id": "ID",
    "tl": "PH",
    "vi": "VN",
    "th": "TH",
    "lo": "LA",
    "km": "KH",
    "my": "MM",
}
