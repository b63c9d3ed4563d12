"""Evidence at the evidence step: files are hashed, oversized ones refused, forwards kept."""

import hashlib
import json

from sqlalchemy import select

from storage.models import OutboxMessage
from tests.support.fake_bot_api import FakeBotApi
from tests.support.harness import Person, running_bot, settings_for, skip_to_evidence

USER = 202
TWENTY_ONE_MB = 21 * 1024 * 1024


async def test_documents_photos_and_forwards_become_evidence(
    api: FakeBotApi, sqlite_url: str
) -> None:
    async with running_bot(settings_for(api, sqlite_url)) as app:
        person = Person(api, USER)
        await skip_to_evidence(person, "Parcel")
        document = api.add_file(b"%PDF-1.4 receipt of the transfer")
        await person.sends(
            expect="Received so far: 1 file",
            document={
                "file_id": document.file_id,
                "file_unique_id": document.file_unique_id,
                "file_name": "receipt.pdf",
                "mime_type": "application/pdf",
                "file_size": len(document.content),
            },
        )
        await person.sends(
            expect="1 file, 1 forwarded message",
            text="Your parcel is held. Pay the fee at https://pos-malaysia.delivery-fee.top/pay",
            forward_origin={"type": "hidden_user", "sender_user_name": "Pos", "date": 1},
        )
        await person.sends(
            expect="1 file, 1 forwarded message",
            document={
                "file_id": document.file_id,
                "file_unique_id": document.file_unique_id,
                "file_size": len(document.content),
            },
        )
        await person.taps("Done", expect="May an officer")
        await person.taps("do not contact me", expect="what the anti-scam centre decides")
        await person.taps("No", expect="Please check your report")
        await person.taps("Submit", expect="Report received")
        async with app.database.sessions() as session:
            message = json.loads(await session.scalar(select(OutboxMessage.payload)) or "{}")
    kinds = [item["kind"] for item in message["evidence"]]
    assert kinds == ["document", "forwarded_message"]
    assert message["evidence"][0]["sha256"] == hashlib.sha256(document.content).hexdigest()
    assert message["evidence"][0]["mime_type"] == "application/pdf"
    assert ("url", "https://pos-malaysia.delivery-fee.top/pay") in [
        (i["kind"], i["value"]) for i in message["identifiers"]
    ]
    assert message["reporter"] is None


async def test_an_empty_file_is_refused_and_the_report_goes_on(
    api: FakeBotApi, sqlite_url: str
) -> None:
    async with running_bot(settings_for(api, sqlite_url)):
        person = Person(api, USER + 1)
        await skip_to_evidence(person, "Parcel")
        empty = api.add_file(b"")
        await person.sends(
            expect="This file is empty",
            document={"file_id": empty.file_id, "file_unique_id": empty.file_unique_id},
        )
        await person.taps("Done", expect="May an officer")
        await person.taps("do not contact me", expect="what the anti-scam centre decides")
        summary = await person.taps("No", expect="Please check your report")
    assert "Evidence: none" in summary["params"]["text"]


async def test_a_file_over_twenty_megabytes_is_refused_clearly(
    api: FakeBotApi, sqlite_url: str
) -> None:
    async with running_bot(settings_for(api, sqlite_url)):
        person = Person(api, USER)
        await skip_to_evidence(person, "Parcel")
        video = api.add_file(b"x" * 16, reported_size=TWENTY_ONE_MB)
        refusal = await person.sends(
            expect="larger than 20 MB",
            document={
                "file_id": video.file_id,
                "file_unique_id": video.file_unique_id,
                "file_size": TWENTY_ONE_MB,
            },
        )
        assert "smaller file" in refusal["params"]["text"]
        hidden_size = api.add_file(b"y" * 16, reported_size=TWENTY_ONE_MB)
        await person.sends(
            expect="larger than 20 MB",
            document={"file_id": hidden_size.file_id, "file_unique_id": hidden_size.file_unique_id},
        )
        assert not [call for call in api.calls if call.method == "download"]
        still_there = await person.taps("Done", expect="May an officer")
        assert still_there["params"]["text"]
