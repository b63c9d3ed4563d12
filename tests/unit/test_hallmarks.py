"""The hallmark reader: every lexicon phrase is found in a sentence, quoted as written, only
as a whole word where words are spaced, with or without Vietnamese diacritics; and how the
hallmarks and the verdicts make a level."""

import pytest

from checking.reasons import Reason, ReasonCode
from checking.verdicts import Finding, Verdict
from hallmarks.codes import HallmarkCode, ScamSignals
from hallmarks.detect import Hallmark, find_hallmarks, scam_signals
from hallmarks.lexicon import LEXICONS, UNSPACED, Phrase, phrases

LANGUAGES = ["en", "ms", "id", "tl", "vi", "th", "lo", "km", "my", "zh", "ta"]


def test_there_is_a_lexicon_for_each_of_the_eleven_languages_with_every_hallmark() -> None:
    languages = {p.language for p in phrases()}
    assert languages == set(LANGUAGES), sorted(LEXICONS.glob("*.json"))
    lexical = set(HallmarkCode) - {HallmarkCode.LOOKALIKE_LINK}
    for language in LANGUAGES:
        assert {p.code for p in phrases() if p.language == language} == lexical, language


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_phrase_is_found_in_a_sentence_and_quoted_as_written(language: str) -> None:
    for phrase in (p for p in phrases() if p.language == language):
        written = phrase.text.upper() if phrase.text.isascii() else phrase.text
        sentence = f"Hello. {written}. Thanks"
        found = {h.code: h.evidence for h in find_hallmarks(sentence)}
        assert phrase.code in found, (language, phrase.text)


def test_a_phrase_inside_a_longer_word_is_not_a_hallmark_where_words_are_spaced() -> None:
    for phrase in (p for p in phrases() if p.language == "en" and " " not in p.text):
        glued = f"zz{phrase.text}zz"
        # What an unspaced script's lexicon finds inside the glued word is its own affair.
        inside = {p.code for p in phrases() if p.anywhere and p.text in glued}
        if phrase.code not in inside:
            assert phrase.code not in {h.code for h in find_hallmarks(glued)}, phrase.text
            return
    pytest.fail("no English one-word phrase to try")


def test_a_phrase_written_without_diacritics_finds_the_words_written_with_them(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    bare = Phrase("chuyen khoan", HallmarkCode.PAY_PERSONAL_ACCOUNT, "vi", False, True)
    monkeypatch.setattr("hallmarks.detect.phrases", lambda: (bare,))

    (found,) = find_hallmarks("Vui lòng Chuyển Khoản ngay cho tôi")

    # Quoted as the person wrote it, diacritics and capitals included.
    assert found == Hallmark(HallmarkCode.PAY_PERSONAL_ACCOUNT, "Chuyển Khoản")


def test_unspaced_scripts_are_matched_inside_text() -> None:
    for language in sorted(UNSPACED):
        phrase = next(p for p in phrases() if p.language == language and not p.text.isascii())
        found = find_hallmarks(f"ข้อความ{phrase.text}ข้อความ")
        assert phrase.code in {h.code for h in found}, language


def test_the_level_combines_hallmarks_and_verdicts() -> None:
    one = [Hallmark(HallmarkCode.CREDENTIALS, "OTP")]
    two = [*one, Hallmark(HallmarkCode.URGENCY_THREAT, "within 24 hours")]
    confirmed = [Finding("phone", "+60123456789", Verdict.CONFIRMED_SCAM, ())]
    suspicious = [Finding("url", "http://x.example/", Verdict.SUSPICIOUS, ())]
    imitation = (Reason(ReasonCode.LOOKALIKE, "maybank"),)
    lookalike = [Finding("url", "http://rnaybank.example/", Verdict.SUSPICIOUS, imitation)]

    assert scam_signals([]) == ScamSignals.NONE
    assert scam_signals(one) == ScamSignals.SOME
    assert scam_signals(two) == ScamSignals.HIGH
    assert scam_signals(one, suspicious) == ScamSignals.HIGH
    assert scam_signals([], confirmed) == ScamSignals.HIGH
    assert scam_signals([], suspicious) == ScamSignals.SOME
    assert [h.code for h in find_hallmarks("see this", lookalike)] == [HallmarkCode.LOOKALIKE_LINK]


def test_a_link_to_an_android_package_is_an_app_to_install_and_curly_apostrophes_match() -> None:
    apk = [Finding("url", "http://parcel-track.example/app/PosLaju.APK", Verdict.NO_RECORD, ())]
    assert [h.code for h in find_hallmarks("see", apk)] == [HallmarkCode.INSTALL_APP]
    phrase = next(p for p in phrases() if "'" in p.text)
    curly = phrase.text.replace("'", "\u2019")
    assert phrase.code in {h.code for h in find_hallmarks(f"Hi! {curly} ok")}


def test_lao_spellings_people_use_interchangeably_are_one() -> None:
    phrase = next(p for p in phrases() if p.language == "lo" and "\u0edd" in p.text)
    other_spelling = phrase.text.replace("\u0edd", "\u0eab\u0ea1")
    assert phrase.code in {h.code for h in find_hallmarks(f"ສະບາຍດີ {other_spelling} ເດີ")}


def test_khmer_written_with_zero_width_spaces_is_read_as_without() -> None:
    phrase = next(p for p in phrases() if p.language == "km" and len(p.text) > 6)
    spaced = "\u200b".join(phrase.text)
    assert phrase.code in {h.code for h in find_hallmarks(f"សួស្តី {spaced}")}
