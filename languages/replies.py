"""Short replies people type instead of tapping a button: yes and no, in the eleven languages
and the way people write them in chat."""

import unicodedata

_YES = frozenset(
    {
        "yes", "y", "yeah", "yep", "yup", "ya", "ye", "iya", "iye", "betul", "benar",
        "oo", "opo", "oho", "có", "co", "vâng", "vang", "dạ", "ใช่", "ครับ", "ค่ะ",
        "是", "是的", "对", "有", "ஆம்", "ஆமாம்", "បាទ", "ចាស", "ហ្នឹង", "ဟုတ်", "ဟုတ်ကဲ့",
        "ແມ່ນ", "ເຈົ້າ",
    }
)  # fmt: skip
_NO = frozenset(
    {
        "no", "n", "nope", "tidak", "tak", "takde", "tiada", "ga", "gak", "nggak", "engga",
        "bukan", "x", "hindi", "wala", "không", "khong", "ko", "ไม่", "ไม่ใช่", "ไม่มี",
        "不", "不是", "没有", "没", "இல்லை", "ទេ", "អត់ទេ", "မဟုတ်", "မဟုတ်ဘူး", "ບໍ່",
        "ບໍ່ແມ່ນ", "ບໍ່ມີ",
    }
)  # fmt: skip


def is_yes(text: str) -> bool:
    return _word(text) in _YES


def is_no(text: str) -> bool:
    return _word(text) in _NO


def _word(text: str) -> str:
    # NFKC folds fullwidth punctuation into its ASCII form.
    return unicodedata.normalize("NFKC", text).strip().strip(".!?,。").casefold()
