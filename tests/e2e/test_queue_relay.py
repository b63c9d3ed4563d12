"""With WASPADA_QUEUE_URL=file:PATH the relay inside `waspada run` delivers each report."""

import asyncio
import json
from pathlib import Path

from reports.message import validate_report_message
from tests.support.fake_bot_api import FakeBotApi
from tests.support.harness import Person, running_bot, settings_for, skip_to_evidence


async def test_the_relay_appends_each_report_to_the_queue_file(
    api: FakeBotApi, sqlite_url: str, tmp_path: Path
) -> None:
    queue_file = tmp_path / "reports.jsonl"
    settings = settings_for(api, sqlite_url, queue_url=f"file:{queue_file}")
    async with running_bot(settings) as app:
        person = Person(api, 1201)
        await skip_to_evidence(person, "Romance")
        await person.says("/skip", expect="May an officer")
        await person.taps("do not contact me", expect="what the anti-scam centre decides")
        await person.taps("No", expect="Please check your report")
        done = await person.taps("Submit", expect="Report received")
        reference = done["params"]["text"].split("<code>")[1].split("</code>")[0]
        for _ in range(100):
            if queue_file.exists() and queue_file.read_text(encoding="utf-8"):
                break
            await asyncio.sleep(0.05)
        async with app.unit_of_work() as uow:
            assert await uow.outbox.count_pending() == 0
    (line,) = queue_file.read_text(encoding="utf-8").splitlines()
    message = json.loads(line)
    validate_report_message(message)
    assert message["reference"] == reference
    assert message["scam_type"] == "romance"
