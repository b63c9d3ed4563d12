"""A conversation survives a restart of the bot: state lives in the database (or Redis)."""

import asyncio
import os
import signal
import sqlite3
import subprocess
import sys
import time
from asyncio.subprocess import Process
from pathlib import Path

import pytest
import redis.asyncio as redis

from core.settings import Settings
from tests.support.fake_bot_api import TOKEN, FakeBotApi
from tests.support.harness import Person, running_bot, settings_for

REDIS_URL = "redis://127.0.0.1:6379/14"
STARTUP_SECONDS = 60


async def _half_a_report(person: Person) -> None:
    await person.says("/report", expect="did money leave")
    await person.taps("No", expect="What kind of scam")
    await person.taps("Job or task", expect="first contact you")
    await person.taps("WhatsApp", expect="claim to be")


async def _finish_after_restart(person: Person) -> str:
    await person.taps("An employer", expect="phone numbers, bank accounts")
    await person.says("wa.me/60123456789 +60 12-345 6789", expect="So far")
    await person.taps("Done", expect="When did it happen")
    await person.taps("This week", expect="lose any money")
    await person.taps("No", expect="what happened")
    await person.says("They paid me for likes, then asked me to top up.", expect="screenshots")
    await person.taps("Done", expect="May an officer")
    await person.taps("do not contact me", expect="what the anti-scam centre decides")
    summary = await person.taps("No", expect="Please check your report")
    return str(summary["params"]["text"])


async def test_conversation_resumes_after_restart(api: FakeBotApi, database_url: str) -> None:
    settings = settings_for(api, database_url)
    person = Person(api, 303)
    async with running_bot(settings):
        await _half_a_report(person)
    async with running_bot(settings):
        summary = await _finish_after_restart(person)
    assert "Job or task scam" in summary
    assert "WhatsApp" in summary


async def _redis_or_skip() -> None:
    client = redis.Redis.from_url(REDIS_URL)
    try:
        await client.flushdb()
    except (OSError, redis.ConnectionError):
        if os.environ.get("CI") == "true":
            pytest.fail("Redis is not answering on 127.0.0.1:6379; CI must start it")
        pytest.skip("Redis is not answering on 127.0.0.1:6379")
    finally:
        await client.aclose()


async def test_conversation_in_redis_resumes_after_restart(
    api: FakeBotApi, sqlite_url: str
) -> None:
    await _redis_or_skip()
    settings = settings_for(api, sqlite_url, redis_url=REDIS_URL)
    person = Person(api, 304)
    async with running_bot(settings):
        await _half_a_report(person)
    async with running_bot(settings):
        summary = await _finish_after_restart(person)
    assert "WhatsApp" in summary


async def test_killed_bot_process_resumes_the_conversation(api: FakeBotApi, tmp_path: Path) -> None:
    """A real `waspada run` process, killed with SIGKILL mid-report, then started again."""
    settings = settings_for(api, f"sqlite+aiosqlite:///{tmp_path / 'waspada.db'}")
    person = Person(api, 305)
    first = await _start_process(api, settings, tmp_path)
    try:
        await _half_a_report(person)
    finally:
        first.send_signal(signal.SIGKILL)
        await asyncio.wait_for(first.wait(), 10)
    second = await _start_process(api, settings, tmp_path)
    try:
        summary = await _finish_after_restart(person)
    finally:
        second.terminate()
        await asyncio.wait_for(second.wait(), 20)
    assert "Job or task scam" in summary


async def _start_process(api: FakeBotApi, settings: Settings, cwd: Path) -> Process:
    """Starts `waspada run` and returns once it is polling the fake server."""
    env = {
        **os.environ,
        "WASPADA_BOT_TOKEN": TOKEN,
        "WASPADA_TELEGRAM_API_URL": settings.telegram_api_url,
        "WASPADA_DATABASE_URL": settings.database_url,
        "WASPADA_HTTP_HOST": "127.0.0.1",
        "WASPADA_HTTP_PORT": str(settings.http_port),
    }
    polls_before = len(api.offsets_requested)
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "cli", "run", cwd=cwd, env=env, stdin=subprocess.DEVNULL
    )
    deadline = time.monotonic() + STARTUP_SECONDS
    while len(api.offsets_requested) == polls_before:
        if process.returncode is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail("`waspada run` did not start polling")
        await asyncio.sleep(0.1)
    return process


async def test_a_crash_while_the_reference_is_sent_sends_it_after_the_restart(
    api: FakeBotApi, tmp_path: Path
) -> None:
    database = tmp_path / "waspada.db"
    settings = settings_for(api, f"sqlite+aiosqlite:///{database}")
    person = Person(api, 306)
    first = await _start_process(api, settings, tmp_path)
    try:
        await _half_a_report(person)
        await _finish_after_restart(person)
        api.stall_messages_containing("Report received")
        mark = api.mark()
        api.press(person.user_id, person.last, "Submit")
        await api.wait_for(lambda call: call.method == "sendMessage:stalled", after=mark)
    finally:
        first.send_signal(signal.SIGKILL)
        await asyncio.wait_for(first.wait(), 10)
    api.stop_stalling()
    second = await _start_process(api, settings, tmp_path)
    try:
        received = await api.next_message(306, mark, containing="Report received", seconds=30)
    finally:
        second.terminate()
        await asyncio.wait_for(second.wait(), 20)

    with sqlite3.connect(database) as connection:
        [(reference,)] = connection.execute("SELECT reference FROM reports").fetchall()
    assert reference in received["params"]["text"]
