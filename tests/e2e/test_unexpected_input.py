"""Whatever a person sends, the bot answers helpfully and keeps the report going."""

import json

from sqlalchemy import select

from storage.models import OutboxMessage
from tests.support.fake_bot_api import FakeBotApi
from tests.support.harness import Person, running_bot, settings_for, skip_to_evidence

USER = 606
STICKER = {
    "file_id": "sticker-1",
    "file_unique_id": "s1",
    "type": "regular",
    "width": 512,
    "height": 512,
    "is_animated": False,
    "is_video": False,
}
VOICE = {"file_id": "voice-1", "file_unique_id": "v1", "duration": 3}


async def test_odd_messages_outside_a_report_get_an_answer(
    api: FakeBotApi, sqlite_url: str
) -> None:
    async with running_bot(settings_for(api, sqlite_url)):
        person = Person(api, USER)
        await person.sends(expect="What would you like to do", sticker=STICKER)
        await person.sends(expect="What would you like to do", voice=VOICE)
        unknown = await person.says("/frobnicate", expect="do not know that command")
        assert "/report" in unknown["params"]["text"]
        await person.says("x" * 4096, expect="What would you like to do")
        mark = api.mark()
        api.push({"edited_message": api.user_message(USER, text="edited text", edit_date=1)})
        edited = await api.next_message(USER, mark, containing="not edits")
        assert edited["params"]["text"]
        await person.says("/frobnicate again", expect="do not know that command")


async def test_odd_messages_during_a_report_repeat_the_question(
    api: FakeBotApi, sqlite_url: str
) -> None:
    async with running_bot(settings_for(api, sqlite_url)):
        person = Person(api, USER)
        await person.says("/report", expect="did money leave")
        await person.says("maybe?", expect="answer with one of the buttons")
        await person.sends(expect="did money leave", sticker=STICKER)
        await person.taps("No", expect="What kind of scam")
        await person.says("/frobnicate", expect="do not know that command")
        await person.taps("Prize", expect="first contact you")
        await person.taps("SMS", expect="claim to be")
        await person.taps("Nobody", expect="phone numbers, bank accounts")
        await person.says("none", expect="could not find a phone number")
        await person.taps("Done", expect="When did it happen")
        await person.says("sometime", expect="type a date such as")
        await person.says("31/02/2026", expect="type a date such as")
        await person.says("01/01/2099", expect="in the future")
        await person.says("1/11/2026", expect="lose any money")
        await person.taps("Yes", expect="How much")
        await person.says("a lot", expect="type the amount as a number")
        await person.sends(expect="only read typed text", voice=VOICE)
        await person.says("Rp 2.500.000", expect="How did you pay")
        await person.taps("E-wallet", expect="what happened")
        long_story = "They told me I won a prize. " * 160
        await person.says(long_story[:4096], expect="shorten it")
        await person.says(long_story[:3000], expect="screenshots")
        await person.sends(expect="screenshots", sticker=STICKER)
        await person.taps("Done", expect="May an officer")
        await person.taps("message me", expect="what the anti-scam centre decides")
        summary = await person.taps("No", expect="Please check your report")
        text = summary["params"]["text"]
        assert "Rp2.500.000,00" in text  # CLDR's pattern for English in Indonesia, by Babel
        assert len(text) < 4096
        assert "Nov 1, 2026" in text


async def test_sharing_a_phone_number_for_contact(api: FakeBotApi, sqlite_url: str) -> None:
    async with running_bot(settings_for(api, sqlite_url)) as app:
        person = Person(api, USER)
        await skip_to_evidence(person, "Loan")
        await person.says("/skip", expect="May an officer")
        ask = await person.taps("call me", expect="share your phone number")
        assert ask["params"]["reply_markup"]["keyboard"][0][0]["request_contact"] is True
        await person.sends(
            expect="your own number",
            contact={"phone_number": "+60111111111", "first_name": "Friend", "user_id": 1},
        )
        await person.sends(
            expect="what the anti-scam centre decides",
            contact={"phone_number": "60123456789", "first_name": "Me", "user_id": USER},
        )
        await person.taps("Yes, tell me", expect="Please check your report")
        await person.taps("Submit", expect="Report received")
        async with app.database.sessions() as session:
            message = json.loads(await session.scalar(select(OutboxMessage.payload)) or "{}")
    assert message["consent"] == {"contact": "phone"}
    assert message["reporter"] == {"telegram_user_id": USER, "phone": "+60123456789"}
