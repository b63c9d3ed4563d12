"""A citizen checks what they received: each identifier with a verdict and plain reasons."""

from datetime import UTC, datetime

from blocklists.allowlist import DEFAULT_ALLOWLIST, import_allowlist
from bot.i18n import load_i18n
from storage.indicators import IndicatorRow
from tests.support.fake_bot_api import FakeBotApi
from tests.support.harness import Person, running_bot, settings_for
from tests.support.screenshots import MALAY_SMS, phone_screenshot, require_tesseract

USER = 1300
NOW = datetime(2026, 12, 1, tzinfo=UTC)


async def test_check_answers_every_identifier_honestly(api: FakeBotApi, sqlite_url: str) -> None:
    async with running_bot(settings_for(api, sqlite_url)):
        person = Person(api, USER)
        await person.says("/check", expect="Send me the phone number")
        answer = await person.says(
            "Pay the fee via bit.ly/pay-fee or call 012-345 6789", expect="Suspicious"
        )
        text = answer["params"]["text"]
        assert "A link shortener hides where this link really goes." in text
        assert "No record" in text
        assert "+60123456789" in text
        assert "not proof that it is safe" in text


async def test_a_forwarded_lookalike_link_is_checked_without_a_command(
    api: FakeBotApi, sqlite_url: str
) -> None:
    async with running_bot(settings_for(api, sqlite_url)) as app:
        await import_allowlist(app.unit_of_work, DEFAULT_ALLOWLIST, default_region="MY")
        person = Person(api, USER + 1)
        # Chosen, so that the Malay message below does not switch the answers to Malay.
        await person.says("/language", expect="Choose your language")
        await person.taps("English", expect="Language set to English")
        answer = await person.sends(
            expect="Suspicious",
            text="Akaun anda dibekukan. Sahkan di https://maybank2u-secure.com/login segera",
            forward_origin={"type": "hidden_user", "sender_user_name": "Bank", "date": 1},
        )
        assert "Looks like the official maybank2u.com.my" in answer["params"]["text"]
        official = await person.says("https://www.maybank2u.com.my/", expect="Official")
        assert "never share an OTP" in official["params"]["text"]
        nothing = await person.says("/check", expect="Send me the phone number")
        assert nothing["params"]["text"]
        await person.says("hello there", expect="could not find a phone number")


async def test_a_check_of_hundreds_of_numbers_fits_one_message_worst_first(
    api: FakeBotApi, sqlite_url: str
) -> None:
    numbers = [f"012-{n // 10000:03d} {n % 10000:04d}" for n in range(3_000_000, 3_000_292)]
    listed = "+60123000291"  # the last number of the list
    async with running_bot(settings_for(api, sqlite_url)) as app:
        async with app.unit_of_work() as uow:
            await uow.indicators.upsert_many([IndicatorRow("phone", listed, "police", NOW, NOW)])
            await uow.commit()
        person = Person(api, USER + 2)
        await person.says("/check", expect="Send me the phone number")
        answer = await person.says("\n".join(numbers), expect="more not shown")

    text = answer["params"]["text"]
    assert len(text) <= 4096
    assert text.startswith("⛔ <b>Confirmed scam</b>")
    assert listed in text.split("\n\n")[0]
    shown = text.count("+6012")
    assert shown >= 10
    assert f"{292 - shown} more not shown (❔ <b>No record</b> {292 - shown})" in text


async def test_a_phishing_page_on_a_free_site_builder_is_called_what_it_is(
    api: FakeBotApi, sqlite_url: str
) -> None:
    async with running_bot(settings_for(api, sqlite_url)) as app:
        await import_allowlist(app.unit_of_work, DEFAULT_ALLOWLIST, default_region="MY")
        person = Person(api, USER + 3)
        await person.says("/language", expect="Choose your language")
        await person.taps("English", expect="Language set to English")
        await person.says("/check", expect="Send me the phone number")
        answer = await person.says(
            "Sahkan akaun anda: https://sites.google.com/view/m2u-login-sahkan", expect="Suspicious"
        )

    text = answer["params"]["text"]
    assert "is on Google Sites, where anyone can publish" in text
    assert "uses the name of maybank2u.com.my" in text
    assert "Official" not in text


async def test_a_pasted_message_without_numbers_is_read_for_the_signs_of_a_scam(
    api: FakeBotApi, sqlite_url: str
) -> None:
    i18n = load_i18n()
    with i18n.context(), i18n.use_locale("ms"):
        heading = i18n.gettext(
            "This message shows {count} sign of a scam:",
            "This message shows {count} signs of a scam:",
            2,
        ).format(count=2)
        asks_code = i18n.gettext("it asks for a code, PIN, password or card number")
    async with running_bot(settings_for(api, sqlite_url)):
        person = Person(api, 1601)
        await person.says("/language", expect="Choose your language")
        await person.taps("Bahasa Melayu")
        answer = await person.says(
            "Akaun anda akan dibekukan dalam masa 24 jam. Sila berikan kod TAC anda sekarang.",
            expect=heading,
        )
        text = answer["params"]["text"]
        assert asks_code in text
        assert "kod TAC" in text
        # Signs of a scam offer to report it, as a worrying verdict does.
        assert answer["params"]["reply_markup"]["inline_keyboard"]


async def test_a_screenshot_sent_to_check_is_read_and_checked(
    api: FakeBotApi, sqlite_url: str
) -> None:
    require_tesseract()
    screenshot = phone_screenshot(MALAY_SMS, "NotoSans-Regular.ttf")
    stored = api.add_file(screenshot)
    async with running_bot(settings_for(api, sqlite_url)):
        person = Person(api, 1602)
        await person.says("/check", expect="Send me the phone number")
        answer = await person.sends(
            expect="+601123456789",
            photo=[
                {
                    "file_id": stored.file_id,
                    "file_unique_id": stored.file_unique_id,
                    "width": 1080,
                    "height": 1920,
                    "file_size": len(screenshot),
                }
            ],
        )
        text = answer["params"]["text"]
        assert "maybank2u-semak.com" in text
        assert "of a scam:" in text
        assert "Akaun anda telah disekat" in text
