import unicodedata

import pytest

from languages.detection import detect_language


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("ฉันถูกมิจฉาชีพหลอกให้โอนเงิน", "th"),
        ("ແກ໊ງຫຼອກລວງໂທມາຫາຂ້ອຍ", "lo"),
        ("ខ្ញុំត្រូវបានគេបោកប្រាស់", "km"),
        ("ကျွန်တော် လိမ်လည်မှု ခံရတယ်", "my"),
        ("நான் மோசடி செய்யப்பட்டேன்", "ta"),
        ("我被诈骗了 骗子冒充警察", "zh"),
    ],
)
def test_script_decides_the_language(text: str, language: str) -> None:
    assert detect_language(text) == language


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Maybank ฉันถูกหลอก 5,000 บาท", "th"),
        ("He called from PDRM: 我被骗了 RM5000", "zh"),
        ("GCash ស្កែន QR ហើយបាត់លុយ", "km"),
    ],
)
def test_latin_brand_names_and_digits_do_not_outvote_the_script(text: str, language: str) -> None:
    assert detect_language(text) == language


@pytest.mark.parametrize(
    "text",
    [
        "Tôi bị lừa đảo qua điện thoại",
        "Anh ấy nói tôi chuyển tiền",
        "lừa đảo",
        "TÔI BỊ LỪA",
    ],
)
def test_vietnamese_diacritics_mean_vietnamese(text: str) -> None:
    assert detect_language(text) == "vi"


@pytest.mark.parametrize("text", ["Anh ấy nói tôi chuyển tiền", "Tôi bị lừa qua mạng"])
def test_vietnamese_with_combining_diacritics_is_still_vietnamese(text: str) -> None:
    assert detect_language(unicodedata.normalize("NFD", text)) == "vi"


@pytest.mark.parametrize(
    "text",
    [
        "I was scammed by someone claiming to be from the bank",
        "Saya kena tipu, duit masuk akaun keldai",
        "Saya ditipu, uang sudah ditransfer ke rekening",
        "Na-scam ako ng manloloko sa GCash",
        "",
        "12345 !!! ???",
        "😡😡😡",
    ],
)
def test_plain_latin_text_and_text_without_letters_are_undetermined(text: str) -> None:
    assert detect_language(text) is None
