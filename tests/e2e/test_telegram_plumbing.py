"""Polling offsets, Telegram's rate limits, the webhook and the guard against real Telegram."""

import asyncio
import logging
from typing import Any

import aiohttp
import pytest

from bot.app import build_bot
from core.settings import Settings
from tests.conftest import RealTelegramCalledError, TelegramGuard
from tests.support.fake_bot_api import TOKEN, FakeBotApi
from tests.support.harness import Person, free_port, running_bot, settings_for


async def test_offset_never_runs_ahead_of_handled_updates(api: FakeBotApi, sqlite_url: str) -> None:
    users = range(700, 710)
    async with running_bot(settings_for(api, sqlite_url)):
        mark = api.mark()
        pushed = [api.send_text(user, "/start")["update_id"] for user in users]
        for user in users:
            await api.next_message(user, mark, containing="Choose your language")
        await api.wait_for(lambda _call: True, after=mark)
        await asyncio.sleep(0.2)
    replied_at: dict[int, float] = {}
    for call in api.sent():
        replied_at.setdefault(int(call.params["chat_id"]), call.at)
    for requested_at, offset in api.offsets_requested:
        confirmed = [update_id for update_id in pushed if update_id < offset]
        for update_id, user in zip(pushed, users, strict=True):
            if update_id in confirmed:
                assert replied_at[user] <= requested_at, "an update was confirmed before its reply"
    assert api.confirmed_offset == max(pushed) + 1


async def test_retry_after_is_honoured_and_nothing_is_dropped(
    api: FakeBotApi, sqlite_url: str
) -> None:
    async with running_bot(settings_for(api, sqlite_url)):
        api.rate_limit("sendMessage", times=1)
        mark = api.mark()
        api.send_text(801, "/start")
        reply = await api.next_message(801, mark, containing="Choose your language")
        refused = next(call for call in api.calls[mark:] if call.method == "sendMessage:429")
        delivered = next(call for call in api.sent(801) if call.params is reply["params"])
        assert delivered.at - refused.at >= 0.95


async def test_a_chat_told_to_wait_does_not_delay_another_chats_reply(
    api: FakeBotApi, sqlite_url: str
) -> None:
    async with running_bot(settings_for(api, sqlite_url)):
        api.rate_limit("sendMessage", times=1, chat_id=811, retry_after=5)
        mark = api.mark()
        api.send_text(811, "/start")
        await api.wait_for(lambda call: call.method == "sendMessage:429", after=mark)
        api.send_text(812, "/start")
        other = await api.next_message(812, mark, containing="Choose your language")
        refused = next(call for call in api.calls[mark:] if call.method == "sendMessage:429")
        answered = next(call for call in api.sent(812) if call.params is other["params"])
        assert answered.at - refused.at < 2.0
        waited = await api.next_message(811, mark, seconds=15, containing="Choose your language")
        delivered = next(call for call in api.sent(811) if call.params is waited["params"])
        assert delivered.at - refused.at >= 4.95


async def test_webhook_refuses_a_wrong_secret_and_handles_the_right_one(
    api: FakeBotApi, sqlite_url: str
) -> None:
    port = free_port()
    settings = settings_for(
        api,
        sqlite_url,
        webhook_url="https://bot.example.org/telegram/webhook",
        webhook_secret="s3cret-Token_1",
        http_port=port,
    )
    update = {
        "update_id": 1,
        "message": api.user_message(
            901, text="/start", entities=[{"type": "bot_command", "offset": 0, "length": 6}]
        ),
    }
    async with running_bot(settings):
        endpoint = f"http://127.0.0.1:{port}/telegram/webhook"
        async with aiohttp.ClientSession() as http:
            await _wait_for_server(http, f"http://127.0.0.1:{port}/healthz")
            assert api.webhook is not None
            assert api.webhook["secret_token"] == "s3cret-Token_1"
            assert api.webhook["url"] == "https://bot.example.org/telegram/webhook"
            for headers in ({}, {"X-Telegram-Bot-Api-Secret-Token": "wrong"}):
                async with http.post(endpoint, json=update, headers=headers) as refused:
                    assert refused.status == 401
            assert api.sent(901) == []
            mark = api.mark()
            async with http.post(
                endpoint, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": "s3cret-Token_1"}
            ) as accepted:
                assert accepted.status == 200
            reply = await api.next_message(901, mark, containing="Choose your language")
            assert "English" in str(reply["params"]["reply_markup"])
            async with http.get(f"http://127.0.0.1:{port}/healthz") as health:
                assert health.status == 200
                assert await health.json() == {"status": "ok"}


async def _wait_for_server(http: aiohttp.ClientSession, url: str) -> None:
    for _ in range(100):
        try:
            async with http.get(url) as response:
                if response.status == 200:
                    return
        except aiohttp.ClientConnectionError:
            pass
        await asyncio.sleep(0.05)
    pytest.fail(f"{url} never answered")


async def test_a_call_to_the_real_telegram_fails_loudly(telegram_guard: TelegramGuard) -> None:
    bot = build_bot(TOKEN, Settings(_env_file=None))
    try:
        with pytest.raises(RealTelegramCalledError, match="real Telegram"):
            await bot.get_me()
    finally:
        await bot.session.close()
    assert telegram_guard.attempts == ["api.telegram.org"] * len(telegram_guard.attempts)
    assert telegram_guard.attempts
    telegram_guard.attempts.clear()


async def test_a_person_can_follow_the_menu_buttons(api: FakeBotApi, sqlite_url: str) -> None:
    async with running_bot(settings_for(api, sqlite_url)):
        person = Person(api, 950)
        await person.says("/start", expect="Choose your language")
        await person.taps("English", expect="Waspada")
        await person.taps("My reports", expect="not sent any reports")
        await person.taps("Check a number", expect="Send me the phone number")
        languages = await person.taps("Language", expect="Choose your language")
        assert "English" in str(languages["params"]["reply_markup"])
        await person.taps("English", expect="Language set to English")


SECRET = "my-bank-PIN-is-4321"


def _unreadable_updates(api: FakeBotApi, user_id: int) -> list[dict[str, Any]]:
    """An update of a type this aiogram does not know, and one it cannot parse."""
    broken = api.user_message(user_id, text=SECRET)
    broken["message_id"] = "not-a-number"
    return [{"future_update_type": {"text": SECRET}}, {"message": broken}]


async def test_an_update_that_cannot_be_read_is_skipped_confirmed_and_logged_by_shape(
    api: FakeBotApi, sqlite_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    settings = settings_for(api, sqlite_url)
    with caplog.at_level(logging.INFO):
        async with running_bot(settings):
            skipped = [api.push(raw)["update_id"] for raw in _unreadable_updates(api, 960)]
            await Person(api, 960).says("/start", expect="Choose your language")
        confirmed = api.confirmed_offset
        async with running_bot(settings):
            await Person(api, 961).says("/start", expect="Choose your language")

    assert confirmed > max(skipped)
    assert len(api.sent(960)) == 1
    assert "future_update_type" in caplog.text
    assert "message.message_id: int_parsing" in caplog.text
    assert SECRET not in caplog.text


async def test_the_webhook_accepts_an_update_it_cannot_read_and_goes_on(
    api: FakeBotApi, sqlite_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    port = free_port()
    settings = settings_for(
        api,
        sqlite_url,
        webhook_url="https://bot.example.org/hook",
        webhook_secret="hook-secret",
        http_port=port,
    )
    headers = {"X-Telegram-Bot-Api-Secret-Token": "hook-secret"}
    start = api.user_message(
        962, text="/start", entities=[{"type": "bot_command", "offset": 0, "length": 6}]
    )
    endpoint = f"http://127.0.0.1:{port}/hook"
    with caplog.at_level(logging.INFO):
        async with running_bot(settings), aiohttp.ClientSession() as http:
            await _wait_for_server(http, f"http://127.0.0.1:{port}/healthz")
            for update_id, raw in enumerate(_unreadable_updates(api, 962), 1):
                update = {"update_id": update_id, **raw}
                async with http.post(endpoint, json=update, headers=headers) as answer:
                    assert answer.status == 200
            async with http.post(endpoint, data=b"{not json", headers=headers) as answer:
                assert answer.status == 200
            mark = api.mark()
            update = {"update_id": 3, "message": start}
            async with http.post(endpoint, json=update, headers=headers) as answer:
                assert answer.status == 200
            await api.next_message(962, mark, containing="Choose your language")

    assert "future_update_type" in caplog.text
    assert SECRET not in caplog.text
