"""The labelled corpus keeps language detection honest: every language, at least 30 short
realistic messages, and the accuracy the design asks for (benchmarks/language_detection.py
prints the figures, with the held-out corpus and langdetect beside them)."""

from collections import Counter
from pathlib import Path

import pytest

from languages.detection import detect_language
from languages.names import NATIVE_NAMES
from languages.zawgyi import is_zawgyi, to_unicode

CORPUS = Path(__file__).resolve().parents[1] / "data" / "language_corpus"
MIN_MESSAGES = 30


def _messages(name: str) -> list[str]:
    return (CORPUS / f"{name}.txt").read_text(encoding="utf-8").splitlines()


@pytest.mark.parametrize("language", NATIVE_NAMES)
def test_every_language_has_its_messages(language: str) -> None:
    messages = _messages(language)
    assert len(messages) >= MIN_MESSAGES
    assert all(message.strip() for message in messages)
    assert len(set(messages)) == len(messages)


def test_the_detector_meets_its_accuracy_on_the_corpus() -> None:
    right, total = Counter[str](), Counter[str]()
    for language in NATIVE_NAMES:
        for message in _messages(language):
            total[language] += 1
            right[language] += detect_language(message) == language
    per_language = {language: right[language] / total[language] for language in total}
    assert min(per_language.values()) >= 0.90, per_language
    assert sum(right.values()) / sum(total.values()) >= 0.97, per_language


def test_zawgyi_burmese_is_turned_into_unicode() -> None:
    for message in _messages("my-zawgyi"):
        converted = to_unicode(message)
        assert is_zawgyi(message)
        assert not is_zawgyi(converted)
        assert detect_language(converted) == "my"


def test_unicode_burmese_and_other_text_are_left_as_they_are() -> None:
    for message in [*_messages("my"), *_messages("th"), *_messages("en")]:
        assert to_unicode(message) == message
