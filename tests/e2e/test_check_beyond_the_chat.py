"""What a check leads to: a report already holding what was checked, inline answers in any
chat, and the group guard's one warning."""

import logging
import sqlite3
from datetime import UTC, datetime
from typing import Any

import pytest

from bot.app import App
from storage.indicators import IndicatorRow
from tests.support.fake_bot_api import FakeBotApi
from tests.support.harness import Person, running_bot, settings_for

USER = 1400
ADMIN = 1410
MEMBER = 1411
GROUP = -100500
SCAM_NUMBER = "+60123456789"


async def _list_scam_number(app: App) -> None:
    now = datetime.now(UTC)
    async with app.unit_of_work() as uow:
        await uow.indicators.upsert_many([IndicatorRow("phone", SCAM_NUMBER, "nsrc", now, now)])
        await uow.commit()


async def test_a_confirmed_scam_offers_a_report_that_already_holds_it(
    api: FakeBotApi, sqlite_url: str
) -> None:
    async with running_bot(settings_for(api, sqlite_url)) as app:
        await _list_scam_number(app)
        person = Person(api, USER)
        answer = await person.says("Call 012-345 6789 to claim", expect="Confirmed scam")
        assert "Listed as malicious by nsrc." in answer["params"]["text"]
        await person.taps("Report this scam", expect="did money leave")
        await person.taps("No", expect="What kind of scam")
        await person.taps("Fake bank", expect="first contact you")
        await person.says("/skip", expect="claim to be")
        question = await person.says("/skip", expect="phone numbers, bank accounts")
        assert SCAM_NUMBER in question["params"]["text"]


async def test_no_record_offers_no_report_button(api: FakeBotApi, sqlite_url: str) -> None:
    async with running_bot(settings_for(api, sqlite_url)):
        answer = await Person(api, USER + 1).says("Is 012-999 8888 safe?", expect="No record")
        assert "reply_markup" not in answer["params"]


async def test_inline_mode_answers_with_the_verdict(api: FakeBotApi, sqlite_url: str) -> None:
    async with running_bot(settings_for(api, sqlite_url)) as app:
        await _list_scam_number(app)
        mark = api.mark()
        api.inline_query(USER + 2, "012-345 6789")
        call = await api.wait_for(lambda c: c.method == "answerInlineQuery", after=mark)
        [result] = call.params["results"]
        assert result["title"].startswith("⛔ Confirmed scam")
        assert SCAM_NUMBER in result["title"]
        assert "Listed as malicious by nsrc." in result["description"]
        assert "<b>Confirmed scam</b>" in result["input_message_content"]["message_text"]

        mark = api.mark()
        api.inline_query(USER + 2, "hello")
        empty = await api.wait_for(lambda c: c.method == "answerInlineQuery", after=mark)
        assert empty.params["results"] == []
        assert empty.params["button"]["start_parameter"] == "check"


async def _group_reply(api: FakeBotApi, mark: int, containing: str) -> dict[str, Any]:
    return await api.next_message(GROUP, mark, containing=containing)


async def test_group_guard_warns_once_and_only_where_an_admin_enabled_it(
    api: FakeBotApi, sqlite_url: str
) -> None:
    api.group_admins[GROUP] = {ADMIN}
    async with running_bot(settings_for(api, sqlite_url)) as app:
        await _list_scam_number(app)
        mark = api.mark()
        api.send_to_group(GROUP, MEMBER, "Untung cepat! WhatsApp 012-345 6789")
        api.send_to_group(GROUP, MEMBER, "/guard on")
        refused = await _group_reply(api, mark, "Only the group's admins")
        # The scam post came before the guard was on, and group chatter gets no menu.
        assert len(api.sent(GROUP)) == 1, refused

        mark = api.mark()
        api.send_to_group(GROUP, ADMIN, "/guard on")
        await _group_reply(api, mark, "scam guard is on")

        mark = api.mark()
        api.send_to_group(GROUP, MEMBER, "Nombor baru 012-999 8888, hubungi sekarang")
        api.send_to_group(GROUP, MEMBER, "Untung cepat! WhatsApp 012-345 6789")
        warning = await _group_reply(api, mark, "confirmed as a scam")
        assert warning["params"]["reply_parameters"]["message_id"]
        api.send_to_group(GROUP, MEMBER, "Sekali lagi: 012-345 6789")
        api.send_to_group(GROUP, ADMIN, "/guard")
        await _group_reply(api, mark, "The scam guard is on")
        assert len(_warnings(api, mark)) == 1

    # The guard, and the pause between warnings, outlive a restart; an admin can turn it off.
    async with running_bot(settings_for(api, sqlite_url)):
        mark = api.mark()
        api.send_to_group(GROUP, MEMBER, "Untung cepat! WhatsApp 012-345 6789")
        api.send_to_group(GROUP, ADMIN, "/guard")
        await _group_reply(api, mark, "The scam guard is on")
        api.send_to_group(GROUP, ADMIN, "/guard off")
        await _group_reply(api, mark, "scam guard is off")
        api.send_to_group(GROUP, MEMBER, "Untung cepat! WhatsApp 012-345 6789")
        api.send_to_group(GROUP, MEMBER, "/guard")
        await _group_reply(api, mark, "The scam guard is off")
        assert _warnings(api, mark) == []


def _warnings(api: FakeBotApi, after: int) -> list[Any]:
    return [
        call
        for call in api.calls[after:]
        if call.method == "sendMessage" and "confirmed as a scam" in call.params["text"]
    ]


async def test_a_failure_in_a_group_is_never_announced_there(
    api: FakeBotApi, sqlite_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.ERROR):
        async with running_bot(settings_for(api, sqlite_url)):
            # The guard's first read of a group fails: its table is gone.
            with sqlite3.connect(sqlite_url.removeprefix("sqlite+aiosqlite:///")) as database:
                database.execute("DROP TABLE group_guards")
            mark = api.mark()
            api.send_to_group(GROUP, MEMBER, "Untung cepat! WhatsApp 012-345 6789")
            await Person(api, MEMBER).says("/start", expect="Choose your language")

    assert "OperationalError" in caplog.text
    assert [call.params["chat_id"] for call in api.calls[mark:] if "chat_id" in call.params] == [
        str(MEMBER)
    ]
