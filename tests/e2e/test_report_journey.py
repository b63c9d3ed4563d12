"""A person reports a scam through the real bot, over HTTP, from /start to the queue message."""

import hashlib
import json

from sqlalchemy import func, select

from reports.message import validate_report_message
from storage.models import OutboxMessage, Report
from tests.support.fake_bot_api import FakeBotApi
from tests.support.harness import Person, running_bot, settings_for

USER = 4242


async def test_full_report_through_buttons_and_text(api: FakeBotApi, sqlite_url: str) -> None:
    async with running_bot(settings_for(api, sqlite_url)) as app:
        person = Person(api, USER)
        await person.says("/start", expect="Choose your language")
        await person.taps("English", expect="not a police report")
        await person.taps("Report a scam", expect="did money leave your account")
        await person.taps("Yes, in the last few hours", expect="What kind of scam")
        hotline = api.sent(USER)[-2].params["text"]
        assert "997" in hotline
        assert "NSRC" in hotline
        await person.taps("Fake police", expect="first contact you")
        await person.taps("Phone call", expect="claim to be")
        await person.taps("Authorities", expect="phone numbers, bank accounts")
        reply = await person.says(
            "He called from 012-345 6789 and told me to pay Maybank 1234 5678 9012. "
            "My IC 880512-10-1234 is mine, not his.",
            expect="So far",
        )
        assert "+60123456789" in reply["params"]["text"]
        assert "123456789012" in reply["params"]["text"]
        assert "880512" not in reply["params"]["text"]
        await person.taps("Done", expect="When did it happen")
        # Money that left the account is money lost: "did you lose any money?" is not asked.
        await person.says("21/11/2026", expect="How much")
        noted = await person.says("RM 12,500.50", expect="How did you pay")
        assert noted["params"]["text"].startswith("Noted: RM12,500.50.")
        await person.taps("Bank transfer", expect="what happened")
        await person.says("A man said I was linked to money laundering.", expect="screenshots")
        screenshot = api.add_file(b"\x89PNG fake screenshot bytes")
        await person.sends(
            expect="Received",
            photo=[
                {
                    "file_id": screenshot.file_id,
                    "file_unique_id": screenshot.file_unique_id,
                    "width": 10,
                    "height": 10,
                    "file_size": len(screenshot.content),
                }
            ],
        )
        await person.taps("Done", expect="May an officer")
        await person.taps("message me on Telegram", expect="what the anti-scam centre decides")
        summary = await person.taps("No", expect="Please check your report")
        text = summary["params"]["text"]
        assert "RM12,500.50" in text  # CLDR's pattern for English in Malaysia, by Babel
        assert "Evidence: 1 file" in text
        done = await person.taps("Submit", expect="Report received")

        reference = done["params"]["text"].split("<code>")[1].split("</code>")[0]
        assert reference.startswith("WSP-")
        async with app.database.sessions() as session:
            report = await session.scalar(select(Report).where(Report.reference == reference))
            assert report is not None
            assert report.incident_date is not None
            assert await session.scalar(select(func.count()).select_from(OutboxMessage)) == 1

            payload = await session.scalar(select(OutboxMessage.payload))
        assert payload is not None
        message = json.loads(payload)
        validate_report_message(message)
        assert message["reference"] == reference
        assert message["scam_type"] == "authority_impersonation"
        assert message["money_left_recently"] is True
        assert message["money_lost"] == {
            "amount": "12500.50",
            "currency": "MYR",
            "payment_method": "bank_transfer",
        }
        assert {
            "kind": "phone",
            "value": "+60123456789",
            "provider": None,
            "country": "MY",
            "country_from": "deployment",
        } in message["identifiers"]
        evidence = message["evidence"][0]
        assert evidence["sha256"] == hashlib.sha256(screenshot.content).hexdigest()
        assert evidence["size"] == len(screenshot.content)
        assert message["reporter"] == {"telegram_user_id": USER, "phone": None}

        status = await person.says("/myreports", expect=reference)
        assert "Received" in status["params"]["text"]
        typed = reference.lower().replace("-", " ").replace("0", "o")
        one = await person.says(typed, expect=reference)
        assert "Received" in one["params"]["text"]
        # Without its "WSP" it is still theirs, since they have a report of that number.
        await person.says(reference.removeprefix("WSP-"), expect="Received")
        # Typed loosely by someone with no chosen language: a reference, not words to guess from.
        stranger = Person(api, USER + 1)
        refused = await stranger.says(typed, expect="None of your reports")
        assert "Received" not in refused["params"]["text"]


async def test_eight_digits_are_a_phone_number_to_check_not_a_reference(
    api: FakeBotApi, sqlite_url: str
) -> None:
    async with running_bot(settings_for(api, sqlite_url, country="SG")):
        answer = await Person(api, USER + 2).says("9123 4567", expect="No record")
    assert "+6591234567" in answer["params"]["text"]


async def test_a_link_hidden_behind_words_is_found(api: FakeBotApi, sqlite_url: str) -> None:
    async with running_bot(settings_for(api, sqlite_url)):
        person = Person(api, USER + 10)
        await person.says("/report", expect="did money leave")
        await person.taps("No", expect="What kind of scam")
        await person.taps("Fake bank", expect="first contact you")
        await person.says("/skip", expect="claim to be")
        await person.says("/skip", expect="phone numbers, bank accounts")
        text = "Click here to verify"
        found = await person.sends(
            expect="So far",
            text=text,
            entities=[
                {
                    "type": "text_link",
                    "offset": 0,
                    "length": 10,
                    "url": "HTTPS://Maybank2u.Verify-Account.example/login",
                }
            ],
        )
        assert "https://maybank2u.verify-account.example/login" in found["params"]["text"]
