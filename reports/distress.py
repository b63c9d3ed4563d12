"""Words of someone who has just been scammed ("I've been scammed, my money is gone"), in the
eleven languages: they get the urgent advice first, before any menu."""

import re
import unicodedata

from identifiers.keywords import alternation

_WORDS = (
    # English
    "scammed", "been scammed", "got scammed", "was cheated", "got cheated", "money is gone",
    "lost my money", "lost all my money", "tricked me",
    # Malay and Indonesian
    "kena scam", "kena tipu", "ditipu", "tertipu", "ketipu", "kena penipuan", "duit hilang",
    "wang hilang", "uang hilang", "duit saya hilang", "uang saya hilang", "duit lesap",
    "wang lesap",
    # Filipino
    "na-scam", "nascam", "na scam", "naloko", "niloko", "nawala ang pera", "nanakawan",
    "naisahan",
    # Vietnamese
    "bị lừa", "bi lua", "bị lừa đảo", "mất tiền", "mat tien", "bị lừa mất",
    # Thai
    "โดนหลอก", "ถูกหลอก", "โดนโกง", "ถูกโกง", "เสียเงิน", "โดนมิจฉาชีพ",
    # Chinese
    "被骗", "受骗", "上当", "钱没了", "被诈骗",
    # Tamil
    "ஏமாற்றப்பட்டேன்", "ஏமாந்தேன்", "பணத்தை இழந்தேன்", "மோசடி செய்யப்பட்டேன்",
    # Khmer
    "ត្រូវគេបោក", "ត្រូវបានបោកប្រាស់", "បាត់លុយ", "ចាញ់បោក",
    # Burmese
    "လိမ်ခံရ", "အလိမ်ခံရ", "ငွေဆုံး", "လိမ်လည်ခံရ",
    # Lao
    "ຖືກຫຼອກ", "ຖືກຕົ້ມ", "ເສຍເງິນ", "ຖືກສໍ້ໂກງ",
)  # fmt: skip
_SCAMMED = re.compile(alternation(_WORDS), re.IGNORECASE)


def says_scammed(text: str) -> bool:
    return _SCAMMED.search(unicodedata.normalize("NFC", text)) is not None
