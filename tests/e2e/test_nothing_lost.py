"""Nothing a person gives is lost or distorted, in their own language: a language change
mid-report, a check in the middle of one, words at the "wrong" question, typed labels and
dates, amounts, a screenshot before the report, and someone who has just been scammed."""

import json
from typing import Any

import pytest
from aiogram.utils.i18n import I18n
from sqlalchemy import select

from bot.i18n import load_i18n
from storage.models import OutboxMessage
from tests.support.fake_bot_api import FakeBotApi
from tests.support.harness import Person, running_bot, settings_for

USER = 2600


@pytest.fixture(scope="module")
def i18n() -> I18n:
    return load_i18n()


def _in(i18n: I18n, locale: str, message: str) -> str:
    """The catalog's translation, so that a reviewer's better wording breaks no test."""
    with i18n.context(), i18n.use_locale(locale):
        return i18n.gettext(message)


async def _payload(app: Any) -> dict[str, Any]:
    async with app.database.sessions() as session:
        return dict(json.loads(await session.scalar(select(OutboxMessage.payload)) or "{}"))


async def test_a_language_change_mid_report_asks_the_same_question_again(
    api: FakeBotApi, sqlite_url: str, i18n: I18n
) -> None:
    async with running_bot(settings_for(api, sqlite_url)):
        person = Person(api, USER)
        await person.says("/report", expect="did money leave")
        await person.taps("No", expect="What kind of scam")
        await person.says("/language", expect="Choose your language")
        question = await person.taps(
            "Bahasa Melayu", expect=_in(i18n, "ms", "What kind of scam was it?")
        )
        assert _in(i18n, "ms", "Romance") in str(question["params"]["reply_markup"])
        contact = _in(i18n, "ms", "How did the scammer first contact you?")
        await person.taps(_in(i18n, "ms", "Romance"), expect=contact)


async def test_a_check_during_a_report_never_drops_the_report_unasked(
    api: FakeBotApi, sqlite_url: str
) -> None:
    async with running_bot(settings_for(api, sqlite_url)):
        person = Person(api, USER + 1)
        await person.says("/report", expect="did money leave")
        await person.taps("No", expect="What kind of scam")
        await person.says("/check", expect="Continue it, or discard it?")
        await person.taps("Continue", expect="What kind of scam")
        # A check with what to check is answered at once, and the report stays.
        checked = await person.says("/check 011-2345 6789", expect="+601123456789")
        assert "No record" in checked["params"]["text"]
        await person.says("/check", expect="Continue it, or discard it?")
        await person.taps("Discard", expect="discarded")
        await person.says("/check", expect="Send me the phone number")


async def test_what_is_said_at_another_question_is_kept_and_used(
    api: FakeBotApi, sqlite_url: str
) -> None:
    async with running_bot(settings_for(api, sqlite_url)) as app:
        person = Person(api, USER + 2)
        await person.says("/report", expect="did money leave")
        kept = await person.says("he took RM3000!! number 012-345 6789", expect="kept that")
        assert "did money leave" in kept["params"]["text"]
        await person.taps("No", expect="What kind of scam")
        await person.taps("Online shopping", expect="first contact you")
        await person.says("/skip", expect="claim to be")
        # Typed instead of tapped: a button's own label.
        await person.says("online seller", expect="phone numbers, bank accounts")
        await person.taps("Done", expect="When did it happen")
        await person.says("last friday", expect="lose any money")
        await person.says("yes", expect="How much")
        amount = await person.taps("RM3,000.00", expect="How did you pay")
        assert amount["params"]["text"].startswith("Noted: RM3,000.00.")
        await person.taps("DuitNow", expect="what happened")
        description = await person.says("/skip", expect="screenshots")
        assert description
        await person.says("/skip", expect="May an officer")
        await person.taps("do not contact me", expect="what the anti-scam centre decides")
        summary = await person.taps("No", expect="Please check your report")
        text = summary["params"]["text"]
        assert "+60123456789" in text
        assert "he took RM3000!! number 012-345 6789" in text
        assert "Online seller" in text
        done = await person.taps("Submit", expect="Report received")
        assert "Report a scam" in str(done["params"]["reply_markup"])
        payload = await _payload(app)
    assert payload["money_lost"]["amount"] == "3000"
    assert payload["money_lost"]["payment_method"] == "duitnow"
    assert payload["impersonated_party"] == "online_seller"
    assert "he took RM3000" in payload["description"]["text"]


@pytest.mark.parametrize(
    ("locale", "name", "yesterday", "typed_date"),
    [
        ("ms", "Bahasa Melayu", "Semalam", "27/11"),
        ("th", "ภาษาไทย", "เมื่อวาน", "20/11/2569"),
        ("vi", "Tiếng Việt", "hôm qua", "20 tháng 11"),
    ],
)
async def test_typed_labels_and_dates_count_in_the_persons_language(
    api: FakeBotApi,
    sqlite_url: str,
    i18n: I18n,
    locale: str,
    name: str,
    yesterday: str,
    typed_date: str,
) -> None:
    async with running_bot(settings_for(api, sqlite_url)):
        person = Person(api, USER + 3)
        await person.says("/language", expect="Choose your language")
        await person.taps(name, expect=name)
        await person.says("/report")
        # Typed, not tapped: "No" and the labels in the person's own language.
        await person.says(
            _in(i18n, locale, "No"), expect=_in(i18n, locale, "What kind of scam was it?")
        )
        await person.says(
            _in(i18n, locale, "Romance"),
            expect=_in(i18n, locale, "How did the scammer first contact you?"),
        )
        for _question in range(3):
            await person.says("/skip")
        asked = _in(i18n, locale, "Did you lose any money?")
        await person.says(yesterday, expect=asked)
        await person.says("/back")
        await person.says(typed_date, expect=asked)


async def test_an_unusually_large_amount_is_questioned(api: FakeBotApi, sqlite_url: str) -> None:
    async with running_bot(settings_for(api, sqlite_url)):
        person = Person(api, USER + 4)
        await person.says("/report", expect="did money leave")
        await person.taps("Yes, in the last few hours", expect="What kind of scam")
        await person.taps("Investment", expect="first contact you")
        for _question in range(4):
            await person.says("/skip")
        await person.says("RM 99999999999", expect="very large amount")
        await person.taps("No, change it", expect="How much")
        await person.says("RM 9,999", expect="Noted: RM9,999.00.")


@pytest.mark.parametrize(
    "text",
    [
        "I've been scammed, my money is gone, what do I do?",
        "Saya kena tipu, duit saya hilang. Apa nak buat?",
        "Tôi bị lừa mất tiền rồi, phải làm sao?",
        "ฉันถูกหลอกโอนเงิน ทำอย่างไรดี",
        "我被骗了\uff0c钱没了\uff0c怎么办\uff1f",
    ],
)
async def test_someone_just_scammed_gets_the_hotline_first(
    api: FakeBotApi, sqlite_url: str, text: str
) -> None:
    async with running_bot(settings_for(api, sqlite_url)):
        mark = api.mark()
        api.send_text(USER + 5, text)
        await api.wait_for(
            lambda call: "menu:report" in str(call.params.get("reply_markup")), after=mark
        )
        hotline, offer = (call.params for call in api.sent(USER + 5)[-2:])
        assert "997" in hotline["text"]
        assert "menu:report" in json.dumps(offer["reply_markup"])


async def test_a_screenshot_before_the_report_is_attached_to_it(
    api: FakeBotApi, sqlite_url: str
) -> None:
    async with running_bot(settings_for(api, sqlite_url)) as app:
        person = Person(api, USER + 6)
        screenshot = api.add_file(b"\x89PNG the scammer's message")
        await person.sends(
            expect="kept this",
            document={"file_id": screenshot.file_id, "file_unique_id": screenshot.file_unique_id},
        )
        await person.taps("Report a scam", expect="did money leave")
        await person.taps("No", expect="What kind of scam")
        await person.taps("Parcel", expect="first contact you")
        for _question in range(4):
            await person.says("/skip")
        await person.taps("No", expect="what happened")
        await person.says(
            "They asked for my IC 880512-10-1234 to release the parcel.", expect="screenshots"
        )
        evidence = await person.says("/skip", expect="May an officer")
        assert evidence
        await person.taps("do not contact me", expect="what the anti-scam centre decides")
        summary = await person.taps("No", expect="Please check your report")
        assert "Evidence: 1 file" in summary["params"]["text"]
        await person.taps("Submit", expect="Report received")
        payload = await _payload(app)
    assert len(payload["evidence"]) == 1
    assert "880512" not in payload["description"]["text"]
    assert "••••••-••-••••" in payload["description"]["text"]
