"""Phone screenshots made by the tests: a scam SMS as a phone shows it (status bar, contact
header, a bubble, JPEG compression), drawn with Debian's Noto fonts."""

import io
import os
import shutil
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

FONTS = Path("/usr/share/fonts/truetype/noto")
MALAY_SMS = [
    "Maybank: Akaun anda telah disekat.",
    "Sila sahkan dalam masa 24 jam di",
    "http://maybank2u-semak.com/login",
    "atau hubungi 011-2345 6789",
]
THAI_SMS = [
    "ธนาคารกสิกรไทย: บัญชีของท่านถูกระงับ",
    "กรุณายืนยันตัวตนภายใน 24 ชั่วโมง",
    "http://kbank-verify.net/th",
    "Tel. 081-234-5678",
]


def require_tesseract() -> None:
    if shutil.which("tesseract") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("tesseract is not installed: .ci/run installs tesseract-ocr")
        pytest.skip("no tesseract here (apt-get install tesseract-ocr); CI installs it")


def phone_screenshot(lines: list[str], font_file: str, size: int = 44) -> bytes:
    """A 1080 by 1920 phone screen: a status bar, a contact header, the message in a bubble."""
    screen = Image.new("RGB", (1080, 1920), "white")
    draw = ImageDraw.Draw(screen)
    small = ImageFont.truetype(str(FONTS / "NotoSans-Regular.ttf"), 32)
    draw.rectangle((0, 0, 1080, 80), fill=(30, 30, 30))
    draw.text((30, 20), "10:42", font=small, fill="white")
    draw.text((880, 20), "4G  87%", font=small, fill="white")
    draw.rectangle((0, 80, 1080, 220), fill=(240, 240, 240))
    draw.text((60, 120), "66300", font=small, fill="black")
    draw.rounded_rectangle((40, 300, 1040, 340 + 80 * len(lines)), 30, fill=(230, 230, 235))
    script = ImageFont.truetype(str(FONTS / font_file), size)
    latin = ImageFont.truetype(str(FONTS / "NotoSans-Regular.ttf"), size)
    for number, line in enumerate(lines):
        # A phone draws Latin letters and digits with its Latin font, whatever the script.
        font = latin if line.isascii() else script
        draw.text((80, 330 + 80 * number), line, font=font, fill="black")
    compressed = io.BytesIO()
    screen.save(compressed, "JPEG", quality=70)
    return compressed.getvalue()
