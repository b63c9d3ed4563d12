"""Reading the text of a screenshot with Tesseract (Debian's tesseract-ocr and its language
packs, through pytesseract), in a worker thread, capped in pixels and in time: the bot never
waits on it, and no picture can hold it up."""

import asyncio
import io

import pytesseract
from PIL import Image, UnidentifiedImageError

# A phone screenshot is about 2.5 million pixels; a poster-sized picture is refused.
MAX_PIXELS = 16_000_000
TIMEOUT_SECONDS = 8
# Tesseract's models for each of the interface languages; English too, which screenshots mix.
MODELS = {
    "en": "eng",
    "ms": "msa",
    "id": "ind",
    "tl": "fil",
    "vi": "vie",
    "th": "tha",
    "lo": "lao",
    "km": "khm",
    "my": "mya",
    "zh": "chi_sim",
    "ta": "tam",
}


class UnreadableImage(Exception):
    """Not a picture, too large, or Tesseract could not finish in time."""


def models_for(language: str) -> str:
    model = MODELS.get(language, "eng")
    return model if model == "eng" else f"{model}+eng"


async def read_image(data: bytes, language: str = "en") -> str:
    """The text of the picture, as Tesseract reads it for `language` (and English)."""
    return await asyncio.to_thread(_read, data, models_for(language))


def _read(data: bytes, models: str) -> str:
    try:
        with Image.open(io.BytesIO(data)) as opened:
            width, height = opened.size
            if width * height > MAX_PIXELS:
                raise UnreadableImage("too many pixels")
            picture = opened.convert("L")
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as error:
        raise UnreadableImage(type(error).__name__) from error
    try:
        text: str = pytesseract.image_to_string(picture, lang=models, timeout=TIMEOUT_SECONDS)
    except (RuntimeError, pytesseract.TesseractError) as error:
        raise UnreadableImage(type(error).__name__) from error
    return " ".join(text.split())
