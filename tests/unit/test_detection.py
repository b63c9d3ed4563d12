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
    ("text", "language"),
    [
        ("I was scammed by someone claiming to be from the bank", "en"),
        ("Saya kena tipu, duit masuk akaun keldai", "ms"),
        ("nombor ni scam ke?", "ms"),
        ("Saya ditipu, uang sudah ditransfer ke rekening", "id"),
        ("Na-scam ako ng manloloko sa GCash", "tl"),
        ("toi bi lua mat 5 trieu roi", "vi"),
    ],
)
def test_latin_text_is_told_apart(text: str, language: str) -> None:
    assert detect_language(text) == language


@pytest.mark.parametrize(
    ("malay", "indonesian"),
    [
        ("tolong semak nombor ni", "tolong cek nomor ini"),
        ("dah transfer RM500", "udah transfer Rp500.000"),
        ("boleh ke saya dapat balik wang saya", "bisa gak uang saya balik"),
    ],
)
def test_malay_and_indonesian_are_told_apart_by_their_own_words(
    malay: str, indonesian: str
) -> None:
    assert (detect_language(malay), detect_language(indonesian)) == ("ms", "id")


@pytest.mark.parametrize("text", ["", "ok", "12345 !!! ???", "😡😡😡", "+60 12-345 6789"])
def test_text_without_enough_letters_is_undetermined(text: str) -> None:
    assert detect_language(text) is None


def test_the_same_text_always_gets_the_same_answer() -> None:
    text = "pls check this nombor, dia kata dari bank"
    assert len({detect_language(text) for _ in range(20)}) == 1
