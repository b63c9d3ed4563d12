"""Updates/s of whole report journeys through one and two `waspada run` processes in webhook
mode, next to one bare aiogram echo bot in webhook mode.

Run from the repository root, with PostgreSQL (127.0.0.1:5432, database `test`, trust) and
Redis (127.0.0.1:6379) running, as this machine and CI provide them:

    .venv/bin/python benchmarks/webhook_processes.py [--journeys N] [--concurrency C]

1. Baseline: a bare aiogram echo bot (one message handler, aiogram's own webhook handler on
   aiohttp) runs as a process; C people at once send as many messages as N report journeys
   have updates, each waiting for its echo.
2. One, then two `waspada run` processes in webhook mode share a fresh PostgreSQL database and
   Redis (conversation state), as compose.yaml runs them; C people at once go through N whole
   report journeys. Telegram's side is tests/support/webhook.py: each chat's updates one at a
   time, chats side by side, spread over the processes in turn.
3. The table: updates, wall time, updates/s, and the ratio of each to the echo bot (target for
   the pair: at least 0.5). The fake Bot API and the people run in this process, for every
   bot alike. A measurement: the exit code is 0 whether or not the target is met, non-zero
   only when the run failed (a journey stuck, a report missing).
"""

# ruff: noqa: E402  (the repository root must be on sys.path before the project's imports)

import argparse
import asyncio
import contextlib
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import asyncpg
from redis.asyncio import Redis

from benchmarks.report_journey import FIRST_USER_ID, echo_journey
from benchmarks.smoke import parse_with_smoke
from tests.support.fake_bot_api import TOKEN, FakeBotApi
from tests.support.harness import Person, free_port
from tests.support.journeys import report_journey
from tests.support.postgres import fresh_database
from tests.support.processes import WASPADA_RUN, serving
from tests.support.webhook import WebhookTelegram

POSTGRES_ADMIN = "postgresql://postgres@127.0.0.1:5432/test"
REDIS_URL = "redis://127.0.0.1:6379/14"
SECRET = "bench-Secret_1"
PATH = "/hook"
STEPS_PER_JOURNEY = 15
MIN_RATIO = 0.5

Journey = Callable[[Person], Awaitable[None]]


def run_echo_bot(port: int, api_url: str) -> None:
    """The baseline bot itself, run in its own process by `--echo-bot PORT API_URL`."""
    from aiogram import Bot, Dispatcher
    from aiogram.client.session.aiohttp import AiohttpSession
    from aiogram.client.telegram import TelegramAPIServer
    from aiogram.types import Message
    from aiogram.webhook.aiohttp_server import SimpleRequestHandler, setup_application
    from aiohttp import web

    dispatcher = Dispatcher()

    @dispatcher.message()
    async def echo(message: Message) -> None:
        await message.answer(message.text or "")

    bot = Bot(TOKEN, session=AiohttpSession(api=TelegramAPIServer.from_base(api_url)))
    app = web.Application()

    async def healthz(_request: web.Request) -> web.Response:
        return web.json_response({"status": "ok"})

    app.router.add_get("/healthz", healthz)
    SimpleRequestHandler(dispatcher, bot, secret_token=SECRET, handle_in_background=False).register(
        app, path=PATH
    )
    setup_application(app, dispatcher, bot=bot)
    web.run_app(app, host="127.0.0.1", port=port, print=None)


async def drive(
    api: FakeBotApi,
    endpoints: list[str],
    journeys: int,
    concurrency: int,
    journey: Journey,
    first_user: int,
) -> tuple[int, float]:
    """Runs the journeys through the webhook(s); the updates delivered and the wall time."""
    telegram = WebhookTelegram(api, endpoints, SECRET)
    delivering = asyncio.create_task(telegram.run())
    numbers = iter(range(journeys))

    async def one_person_at_a_time() -> None:
        for number in numbers:
            await journey(Person(api, first_user + number))

    first_update = api.last_update_id()
    try:
        started = time.perf_counter()
        await asyncio.wait_for(
            asyncio.gather(*(one_person_at_a_time() for _ in range(concurrency))), timeout=600
        )
        wall = time.perf_counter() - started
    finally:
        delivering.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await delivering
    return api.last_update_id() - first_update, wall


async def measure_echo(
    api: FakeBotApi, cwd: Path, journeys: int, concurrency: int
) -> tuple[int, float]:
    port = free_port()
    command = [sys.executable, __file__, "--echo-bot", str(port), api.base_url]
    async with serving([command], [{"WASPADA_HTTP_PORT": str(port)}], cwd):
        endpoints = [f"http://127.0.0.1:{port}{PATH}"]
        return await drive(
            api, endpoints, journeys, concurrency, echo_journey(STEPS_PER_JOURNEY), FIRST_USER_ID
        )


async def measure_waspada(
    api: FakeBotApi, cwd: Path, count: int, journeys: int, concurrency: int, first_user: int
) -> tuple[int, float]:
    redis = Redis.from_url(REDIS_URL)
    await redis.flushdb()
    await redis.aclose()
    async with fresh_database(POSTGRES_ADMIN) as database_url:
        common = {
            "WASPADA_BOT_TOKEN": TOKEN,
            "WASPADA_TELEGRAM_API_URL": api.base_url,
            "WASPADA_DATABASE_URL": database_url,
            "WASPADA_REDIS_URL": REDIS_URL,
            "WASPADA_WEBHOOK_URL": f"https://bot.example.org{PATH}",
            "WASPADA_WEBHOOK_SECRET": SECRET,
            "WASPADA_HTTP_HOST": "127.0.0.1",
            "WASPADA_EXPAND_LINKS": "false",
            "WASPADA_LOG_LEVEL": "WARNING",
        }
        settings = [common | {"WASPADA_HTTP_PORT": str(free_port())} for _ in range(count)]
        async with serving([WASPADA_RUN] * count, settings, cwd):
            endpoints = [f"http://127.0.0.1:{env['WASPADA_HTTP_PORT']}{PATH}" for env in settings]
            updates, wall = await drive(
                api, endpoints, journeys, concurrency, report_journey, first_user
            )
        admin = await asyncpg.connect(database_url.replace("+asyncpg", ""))
        try:
            stored = await admin.fetchval("SELECT count(*) FROM reports")
        finally:
            await admin.close()
    if stored != journeys:
        raise SystemExit(f"{stored} reports stored for {journeys} journeys")
    return updates, wall


async def main(arguments: argparse.Namespace) -> None:
    api = await FakeBotApi().start()
    try:
        with tempfile.TemporaryDirectory() as directory:
            cwd = Path(directory)
            rows = {
                "aiogram echo bot, 1 process (baseline)": await measure_echo(
                    api, cwd, arguments.journeys, arguments.concurrency
                ),
                "waspada webhook, 1 process": await measure_waspada(
                    api, cwd, 1, arguments.journeys, arguments.concurrency, FIRST_USER_ID + 100_000
                ),
                "waspada webhook, 2 processes": await measure_waspada(
                    api, cwd, 2, arguments.journeys, arguments.concurrency, FIRST_USER_ID + 200_000
                ),
            }
    finally:
        await api.stop()
    echo_rate = 0.0
    print(f"{arguments.journeys} journeys, {arguments.concurrency} people at once")
    print(f"{'':42} {'updates':>8} {'wall s':>8} {'upd/s':>8} {'x echo':>7}")
    for name, (updates, wall) in rows.items():
        rate = updates / wall
        echo_rate = echo_rate or rate
        print(f"{name:42} {updates:8d} {wall:8.1f} {rate:8.1f} {rate / echo_rate:7.2f}")
    pair = rows["waspada webhook, 2 processes"]
    ratio = pair[0] / pair[1] / echo_rate
    verdict = "met" if ratio >= MIN_RATIO else "MISSED"
    print(f"two processes: {ratio:.2f}x one echo process (target >= {MIN_RATIO}): {verdict}")


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--echo-bot":
        run_echo_bot(int(sys.argv[2]), sys.argv[3])
        sys.exit(0)
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--journeys", type=int, default=40)
    parser.add_argument("--concurrency", type=int, default=20)
    asyncio.run(main(parse_with_smoke(parser, journeys=2, concurrency=2)))
