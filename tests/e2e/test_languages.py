"""Everyone is answered in their own language: chosen once at /start, or guessed from what
they write until they choose; the operator sees the language of every report."""

import io
import json

import pytest
from aiogram.utils.i18n import I18n

from bot.i18n import load_i18n
from delivery.publishers import StreamPublisher
from delivery.relay import deliver_pending
from tests.support.fake_bot_api import FakeBotApi
from tests.support.harness import Person, running_bot, settings_for, skip_to_description

USER = 1500


@pytest.fixture(scope="module")
def i18n() -> I18n:
    return load_i18n()


def _in(i18n: I18n, locale: str, message: str) -> str:
    """The catalog's translation, so that a reviewer's better wording breaks no test."""
    with i18n.context(), i18n.use_locale(locale):
        return i18n.gettext(message)


def _buttons(message: dict[str, object]) -> list[str]:
    markup = message["params"]["reply_markup"]  # type: ignore[index]
    return [button["text"] for row in markup["inline_keyboard"] for button in row]


async def test_start_asks_for_the_language_first_and_the_choice_sticks(
    api: FakeBotApi, sqlite_url: str, i18n: I18n
) -> None:
    api.app_languages[USER] = "ms"
    async with running_bot(settings_for(api, sqlite_url)):
        person = Person(api, USER)
        picker = await person.says("/start", expect=_in(i18n, "ms", "Choose your language:"))
        buttons = _buttons(picker)
        assert len(buttons) == 11
        assert "✓ Bahasa Melayu" in buttons
        assert {"ភាសាខ្មែរ", "ພາສາລາວ", "မြန်မာဘာသာ", "தமிழ்", "简体中文"} <= set(buttons)

        welcome_km = _in(i18n, "km", "Language set to {language}.").format(language="ភាសាខ្មែរ")
        await person.taps("ភាសាខ្មែរ", expect=welcome_km)

        # The choice outlives a restart and wins over the app's language and the text's.
        api.app_languages[USER] = "en"
        welcome = await person.says("/start")
        assert _in(i18n, "km", "🔎 Check a number or link") in _buttons(welcome)
    async with running_bot(settings_for(api, sqlite_url)):
        answer = await Person(api, USER).says(
            "hello there", expect=_in(i18n, "km", "What would you like to do?")
        )
        assert "🌐" not in answer["params"]["text"]


@pytest.mark.parametrize(
    ("text", "locale"),
    [("nombor ni scam ke?", "ms"), ("សួស្តី តើអ្នកអាចជួយខ្ញុំបានទេ", "km")],
)
async def test_someone_who_writes_first_is_answered_in_their_language(
    api: FakeBotApi, sqlite_url: str, i18n: I18n, text: str, locale: str
) -> None:
    async with running_bot(settings_for(api, sqlite_url)):
        person = Person(api, USER + 1)
        await person.says(text, expect=_in(i18n, locale, "What would you like to do?"))
        offer = await api.next_message(USER + 1, 0, containing="🌐")
        assert "✓ " + {"ms": "Bahasa Melayu", "km": "ភាសាខ្មែរ"}[locale] in _buttons(offer)

        # The offer comes once; later messages are answered without it.
        mark = api.mark()
        await person.says(text, expect=_in(i18n, locale, "What would you like to do?"))
        assert not [c for c in api.calls[mark:] if "🌐" in c.params.get("text", "")]


async def test_the_operator_sees_the_language_of_the_description(
    api: FakeBotApi, sqlite_url: str
) -> None:
    async with running_bot(settings_for(api, sqlite_url)) as app:
        person = Person(api, USER + 2)
        await person.says("/language", expect="Choose your language")
        await person.taps("English", expect="Language set to English")
        await skip_to_description(person, "Fake bank or government link")
        await person.says(
            "Dapat SMS kononnya dari bank, akaun saya kena sekat, dia suruh klik link",
            expect="screenshots",
        )
        await person.says("/skip", expect="May an officer")
        await person.taps("do not contact me", expect="what the anti-scam centre decides")
        await person.taps("No", expect="Please check your report")
        await person.taps("Submit", expect="Report received")
        consumed = io.StringIO()
        await deliver_pending(app.unit_of_work, StreamPublisher(consumed, as_json=True))
    message = json.loads(consumed.getvalue())
    assert message["interface_language"] == "en"
    assert message["description"]["language"] == "ms"
