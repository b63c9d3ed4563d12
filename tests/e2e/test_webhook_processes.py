"""Two `waspada run` processes in webhook mode behind a balancer, sharing PostgreSQL, Redis and
RabbitMQ, as compose.yaml runs them: a stream of whole report journeys for many people, with
repeated deliveries, and one process killed halfway. No report is lost or doubled."""

import asyncio
import contextlib
import signal
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest
from sqlalchemy import func, select

from core.app import open_core
from core.settings import Settings
from delivery.amqp import BrokerNames
from storage.models import Report
from tests.support.broker import drain
from tests.support.fake_bot_api import TOKEN, FakeBotApi
from tests.support.harness import Person, free_port
from tests.support.journeys import report_journey
from tests.support.processes import WASPADA_RUN, serving
from tests.support.webhook import WebhookTelegram

SECRET = "webhook-Secret_1"
WEBHOOK_PATH = "/telegram/webhook"
JOURNEYS = 12
PEOPLE_AT_ONCE = 6
FIRST_USER = 610_000


@contextlib.asynccontextmanager
async def two_bots(
    api: FakeBotApi, database_url: str, redis_url: str, amqp_url: str, names: BrokerNames, cwd: Path
) -> AsyncIterator[tuple[list[asyncio.subprocess.Process], list[str]]]:
    ports = [free_port(), free_port()]
    common = {
        "WASPADA_BOT_TOKEN": TOKEN,
        "WASPADA_TELEGRAM_API_URL": api.base_url,
        "WASPADA_DATABASE_URL": database_url,
        "WASPADA_REDIS_URL": redis_url,
        "WASPADA_QUEUE_URL": amqp_url,
        "WASPADA_QUEUE_EXCHANGE": names.exchange,
        "WASPADA_QUEUE_NAME": names.queue,
        "WASPADA_QUEUE_LEASE_SECONDS": "5",
        "WASPADA_WEBHOOK_URL": f"https://bot.example.org{WEBHOOK_PATH}",
        "WASPADA_WEBHOOK_SECRET": SECRET,
        "WASPADA_WEBHOOK_CLAIM_SECONDS": "3",
        "WASPADA_HTTP_HOST": "127.0.0.1",
        "WASPADA_EXPAND_LINKS": "false",
    }
    # Both start at once on an empty database, as in compose: one migrates, the other waits.
    settings = [common | {"WASPADA_HTTP_PORT": str(port)} for port in ports]
    async with serving([WASPADA_RUN, WASPADA_RUN], settings, cwd) as processes:
        yield processes, [f"http://127.0.0.1:{port}{WEBHOOK_PATH}" for port in ports]


@pytest.fixture
async def telegram_stack(
    api: FakeBotApi,
    postgres_url: str,
    redis_url: str,
    rabbitmq_server: str,
    broker_names: BrokerNames,
    tmp_path: Path,
) -> AsyncIterator[tuple[list[asyncio.subprocess.Process], list[str]]]:
    async with two_bots(
        api, postgres_url, redis_url, rabbitmq_server, broker_names, tmp_path
    ) as stack:
        yield stack


async def test_many_journeys_through_two_processes_one_killed_halfway(
    api: FakeBotApi,
    telegram_stack: tuple[list[asyncio.subprocess.Process], list[str]],
    postgres_url: str,
    rabbitmq_server: str,
    broker_names: BrokerNames,
) -> None:
    processes, endpoints = telegram_stack
    telegram = WebhookTelegram(api, endpoints, SECRET, repeat_every=4)
    delivering = asyncio.create_task(telegram.run())
    numbers = iter(range(JOURNEYS))
    finished: list[int] = []

    async def one_person_at_a_time() -> None:
        for number in numbers:
            await report_journey(Person(api, FIRST_USER + number))
            finished.append(number)
            if len(finished) == JOURNEYS // 2:
                processes[0].send_signal(signal.SIGKILL)

    try:
        await asyncio.wait_for(
            asyncio.gather(*(one_person_at_a_time() for _ in range(PEOPLE_AT_ONCE))), timeout=240
        )
    finally:
        delivering.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await delivering

    assert processes[0].returncode == -signal.SIGKILL
    assert len(finished) == JOURNEYS
    assert telegram.repeated, "no update was delivered twice"
    assert set(telegram.repeat_statuses) <= {200, 503}
    async with open_core(Settings(_env_file=None, database_url=postgres_url)) as core:
        async with core.unit_of_work() as uow:
            rows = await uow.session.execute(
                select(Report.reporter_telegram_id, func.count()).group_by(
                    Report.reporter_telegram_id
                )
            )
            per_person = {row[0]: row[1] for row in rows.all()}
            keys = set(await uow.session.scalars(select(Report.submission_key)))
        assert per_person == {FIRST_USER + number: 1 for number in range(JOURNEYS)}

        async def drained() -> bool:
            async with core.unit_of_work() as uow:
                return await uow.outbox.count_pending() == 0

        for _ in range(600):
            if await drained():
                break
            await asyncio.sleep(0.1)
        assert await drained(), "the surviving relay never forwarded every report"

    received = await drain(rabbitmq_server, broker_names)
    assert {message.message_id for message in received} == keys
    for message in received:
        assert message.payload["idempotency_key"] == message.message_id


async def test_an_update_delivered_to_both_processes_is_answered_once(
    api: FakeBotApi, telegram_stack: tuple[list[asyncio.subprocess.Process], list[str]]
) -> None:
    _processes, endpoints = telegram_stack
    update = {
        "update_id": 9_001,
        "message": api.user_message(
            620_000, text="/start", entities=[{"type": "bot_command", "offset": 0, "length": 6}]
        ),
    }
    mark = api.mark()
    async with aiohttp.ClientSession() as http:
        for endpoint in [endpoints[0], endpoints[1], endpoints[0]]:
            async with http.post(
                endpoint, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": SECRET}
            ) as answer:
                assert answer.status == 200
    await api.next_message(620_000, mark, containing="Choose your language")
    await asyncio.sleep(1.0)
    assert len([call for call in api.calls[mark:] if call.method == "sendMessage"]) == 1
