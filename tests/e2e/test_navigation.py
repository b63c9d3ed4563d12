"""/back, /skip and /cancel during a report."""

from sqlalchemy import func, select

from storage.models import OutboxMessage, Report
from tests.support.fake_bot_api import FakeBotApi
from tests.support.harness import Person, running_bot, settings_for


async def test_back_returns_to_the_previous_question_and_keeps_going(
    api: FakeBotApi, sqlite_url: str
) -> None:
    async with running_bot(settings_for(api, sqlite_url)):
        person = Person(api, 101)
        await person.says("/report", expect="did money leave")
        await person.taps("No", expect="What kind of scam")
        await person.taps("Online shopping", expect="first contact you")
        back = await person.says("/back", expect="What kind of scam")
        assert "Online shopping" in str(back["params"]["reply_markup"])
        await person.taps("Romance", expect="first contact you")
        await person.says("/back", expect="What kind of scam")
        await person.says("/back", expect="did money leave")
        first = await person.says("/back", expect="first question")
        assert "did money leave" in first["params"]["text"]


async def test_skip_moves_past_optional_questions_only(api: FakeBotApi, sqlite_url: str) -> None:
    async with running_bot(settings_for(api, sqlite_url)):
        person = Person(api, 102)
        await person.says("/report", expect="did money leave")
        refused = await person.says("/skip", expect="cannot be skipped")
        assert refused["params"]["text"].startswith("This question cannot be skipped")
        await person.taps("No", expect="What kind of scam")
        await person.says("/skip", expect="cannot be skipped")
        await person.taps("Loan", expect="first contact you")
        await person.says("/skip", expect="claim to be")
        await person.says("/skip", expect="phone numbers, bank accounts")
        await person.says("/skip", expect="When did it happen")
        await person.says("/skip", expect="lose any money")
        await person.taps("No", expect="what happened")
        await person.says("/skip", expect="screenshots")
        await person.says("/skip", expect="May an officer")
        await person.taps("do not contact me", expect="what the anti-scam centre decides")
        summary = await person.taps("No", expect="Please check your report")
        text = summary["params"]["text"]
        assert "Scam: Loan" in text
        assert "First contact: not given" in text
        assert "Money lost: No" in text


async def test_cancel_discards_the_report(api: FakeBotApi, sqlite_url: str) -> None:
    async with running_bot(settings_for(api, sqlite_url)) as app:
        person = Person(api, 103)
        await person.says("/report", expect="did money leave")
        await person.taps("No", expect="What kind of scam")
        await person.taps("Parcel", expect="first contact you")
        await person.says("/cancel", expect="cancelled")
        after = await person.says("hello", expect="What would you like to do")
        assert "Report a scam" in str(after["params"]["reply_markup"])
        await person.says("/cancel", expect="nothing to cancel")
        async with app.database.sessions() as session:
            assert await session.scalar(select(func.count()).select_from(Report)) == 0
            assert await session.scalar(select(func.count()).select_from(OutboxMessage)) == 0


async def test_a_button_from_an_earlier_question_is_refused_and_the_question_asked_again(
    api: FakeBotApi, sqlite_url: str
) -> None:
    async with running_bot(settings_for(api, sqlite_url)):
        person = Person(api, 104)
        await person.says("/report", expect="did money leave")
        urgent_question = person.last
        await person.taps("No", expect="What kind of scam")
        mark = api.mark()
        api.press(104, urgent_question, "Yes, in the last few hours")
        answer = await api.wait_for(
            lambda call: (
                call.method == "answerCallbackQuery"
                and "earlier question" in str(call.params.get("text"))
            ),
            after=mark,
        )
        assert answer.params["show_alert"] in (True, "true")
        again = await api.next_message(104, mark, containing="What kind of scam")
        assert "Parcel" in str(again["params"]["reply_markup"])


async def test_buttons_of_an_earlier_report_are_refused_and_submit_repeats_the_reference(
    api: FakeBotApi, sqlite_url: str
) -> None:
    async with running_bot(settings_for(api, sqlite_url)) as app:
        person = Person(api, 104)
        first_question = await person.says("/report", expect="did money leave")
        await person.taps("No", expect="What kind of scam")
        await person.taps("Loan", expect="first contact you")
        for _ in range(4):
            await person.says("/skip")
        await person.taps("No", expect="what happened")
        await person.says("/skip", expect="screenshots")
        await person.says("/skip", expect="May an officer")
        await person.taps("do not contact me", expect="what the anti-scam centre decides")
        summary = await person.taps("No", expect="Please check your report")
        received = await person.taps("Submit", expect="Report received")

        mark = api.mark()
        api.press(person.user_id, summary, "Submit")
        again = await api.next_message(person.user_id, mark, containing="Report received")
        assert again["params"]["text"] == received["params"]["text"]

        await person.says("/report", expect="did money leave")
        mark = api.mark()
        api.press(person.user_id, first_question, "Yes")
        refused = await api.wait_for(lambda call: call.method == "answerCallbackQuery", after=mark)
        assert refused.params["text"] == "That button belongs to an earlier report."
        await person.taps("No", expect="What kind of scam")

        async with app.database.sessions() as session:
            assert await session.scalar(select(func.count()).select_from(Report)) == 1
