"""Screenshots made here, as a phone shows a scam SMS (status bar, bubbles, JPEG), read back
with Tesseract: the numbers, links and signs come out as from typed text."""

import io

import pytest
from PIL import Image

from hallmarks.codes import HallmarkCode
from hallmarks.detect import find_hallmarks
from identifiers.extract import extract_from_message
from screenshots.reader import MAX_PIXELS, UnreadableImage, read_image
from tests.support.screenshots import MALAY_SMS, THAI_SMS, phone_screenshot, require_tesseract


async def test_a_malay_scam_sms_screenshot_gives_its_number_link_and_signs() -> None:
    require_tesseract()
    text = await read_image(phone_screenshot(MALAY_SMS, "NotoSans-Regular.ttf"), "ms")

    found = {item.value for item in extract_from_message(text, [], "MY")}
    assert "+601123456789" in found
    assert "http://maybank2u-semak.com/login" in found
    # "Akaun anda telah disekat": the frozen account reads as the threat it is.
    codes = {hallmark.code for hallmark in find_hallmarks(text)}
    assert HallmarkCode.URGENCY_THREAT in codes


async def test_a_thai_scam_sms_screenshot_gives_its_number_and_link() -> None:
    require_tesseract()
    text = await read_image(phone_screenshot(THAI_SMS, "NotoSansThai-Regular.ttf"), "th")

    found = {item.value for item in extract_from_message(text, [], "TH")}
    assert "+66812345678" in found
    assert "http://kbank-verify.net/th" in found


async def test_what_is_not_a_picture_or_is_too_large_is_refused() -> None:
    require_tesseract()
    with pytest.raises(UnreadableImage):
        await read_image(b"this is no picture", "en")
    side = int(MAX_PIXELS**0.5) + 10
    huge = io.BytesIO()
    Image.new("1", (side, side)).save(huge, "PNG")
    with pytest.raises(UnreadableImage):
        await read_image(huge.getvalue(), "en")
