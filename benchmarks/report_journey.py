"""Throughput and latency of the report journey, next to a bare aiogram echo bot.

Run from the repository root:

    .venv/bin/python benchmarks/report_journey.py [--journeys N] [--concurrency C]

1. The real Waspada bot (`waspada run`, polling) talks to the fake Bot API server, with a fresh
   SQLite file, while C people at once each go through a whole report journey (/report, every
   button and typed answer, Submit), N journeys in all. Each person waits for the bot's answer
   before the next action (a closed loop). At the end the database must hold N reports and N
   outbox messages, or the script fails.
2. A bare aiogram echo bot (one message handler, default `start_polling`) gets the same number
   of updates from the same number of people, in the same closed loop.
Both run twice: with C people at once (the bot saturated: throughput, and latency that is
mostly queueing) and with one person (latency as a person feels it on a bot that is not
saturated).

3. The table: updates, wall time, updates/s, p50 and p99 latency (from an update's push to the
   bot's first reply call for that chat: sendMessage, editMessageText or answerCallbackQuery),
   then the throughput ratio and whether the targets are met. It is a measurement: the exit
   code is 0 whether or not the targets are met, and non-zero only when the run itself failed.

The defaults (40 journeys of 15 updates, 20 people at once) keep a run well under a minute on
two cores at today's speed of the bot (some 20-40 updates/s); raise --journeys as it gets faster.
Everything (bot, fake server, people) shares one event loop, as in the end-to-end tests, so the
people's and the fake server's own work is part of both bots' figures.
"""

# ruff: noqa: E402  (the repository root must be on sys.path before the project's imports)

import argparse
import asyncio
import bisect
import contextlib
import gc
import logging
import math
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from aiogram import Bot, Dispatcher
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.types import Message
from sqlalchemy import func, select

from benchmarks.smoke import parse_with_smoke
from storage.models import Report
from tests.support.fake_bot_api import TOKEN, FakeBotApi
from tests.support.harness import Person, running_bot, settings_for
from tests.support.journeys import report_journey

REPLY_METHODS = frozenset({"sendMessage", "editMessageText", "answerCallbackQuery"})
FIRST_USER_ID = 100_000
WARM_UP_USER_ID = 99_999
MIN_RATIO = 0.5
MAX_P99_MS = 50.0


class RecordingApi(FakeBotApi):
    """The fake server, also keeping every update pushed (the server drops confirmed ones)."""

    def __init__(self) -> None:
        super().__init__()
        self.pushed: list[dict[str, Any]] = []

    def push(self, payload: dict[str, Any]) -> dict[str, Any]:
        update = super().push(payload)
        self.pushed.append(update)
        return update


@dataclass(frozen=True)
class Result:
    name: str
    updates: int
    wall: float
    latencies: list[float]

    @property
    def per_second(self) -> float:
        return self.updates / self.wall

    def percentile_ms(self, percent: float) -> float:
        """Nearest-rank percentile of the latencies, in milliseconds."""
        ordered = sorted(self.latencies)
        rank = max(1, math.ceil(percent / 100 * len(ordered)))
        return ordered[rank - 1] * 1000


# The echo bot's journey --------------------------------------------------------------------


def echo_journey(steps: int) -> Callable[[Person], Awaitable[None]]:
    """As many messages as a report journey has updates, each waiting for its echo."""

    async def journey(person: Person) -> None:
        for step in range(steps):
            text = f"echo {person.user_id} step {step}"
            await person.says(text, expect=text)

    return journey


async def drive(
    api: RecordingApi,
    journeys: int,
    concurrency: int,
    journey: Callable[[Person], Awaitable[None]],
) -> tuple[float, list[dict[str, Any]]]:
    """Runs the journeys, `concurrency` people at a time; the wall time and updates pushed."""
    numbers = iter(range(journeys))  # shared: each person takes the next journey when free

    async def one_person_at_a_time() -> None:
        for number in numbers:
            await journey(Person(api, FIRST_USER_ID + number))

    first_update = len(api.pushed)
    started = time.perf_counter()
    await asyncio.gather(*(one_person_at_a_time() for _ in range(concurrency)))
    wall = time.perf_counter() - started
    return wall, api.pushed[first_update:]


# Latency: from a push to the first reply call for that chat --------------------------------


def _chat_of_update(update: dict[str, Any]) -> int:
    if "callback_query" in update:
        return int(update["callback_query"]["from"]["id"])
    return int(update["message"]["chat"]["id"])


def latencies(api: RecordingApi, updates: list[dict[str, Any]]) -> list[float]:
    """Per update, seconds from its push to the bot's first reply call for the same chat."""
    chat_of_callback = {
        update["callback_query"]["id"]: _chat_of_update(update)
        for update in api.pushed
        if "callback_query" in update
    }
    replies: dict[int, list[float]] = defaultdict(list)
    for call in api.calls:  # appended as they arrive, so each chat's list is in time order
        if call.method not in REPLY_METHODS:
            continue
        if call.method == "answerCallbackQuery":
            chat = chat_of_callback[call.params["callback_query_id"]]
        else:
            chat = int(call.params["chat_id"])
        replies[chat].append(call.at)
    measured = []
    for update in updates:
        pushed = api.pushed_at[update["update_id"]]
        times = replies[_chat_of_update(update)]
        index = bisect.bisect_left(times, pushed)
        if index == len(times):
            raise SystemExit(f"update {update['update_id']} got no reply at all")
        measured.append(times[index] - pushed)
    return measured


# The two bots ---------------------------------------------------------------------------


async def measure_waspada(journeys: int, concurrency: int) -> Result:
    api = RecordingApi()
    await api.start()
    try:
        with tempfile.TemporaryDirectory(prefix="waspada-bench-") as directory:
            database_url = f"sqlite+aiosqlite:///{Path(directory) / 'waspada.db'}"
            async with running_bot(settings_for(api, database_url)) as app:
                # Not measured: the bot's start-up (migrations, getMe, the first getUpdates).
                await Person(api, WARM_UP_USER_ID).says("/start", expect="Choose your language")
                wall, updates = await drive(api, journeys, concurrency, report_journey)
                async with app.unit_of_work() as uow:
                    stored = await uow.session.scalar(select(func.count()).select_from(Report))
                    pending = await uow.outbox.count_pending()
        failures = [call for call in api.sent() if "something went wrong" in call.params["text"]]
        if failures:
            raise SystemExit(f"waspada answered {len(failures)} update(s) with an error")
        if stored != journeys or pending != journeys:
            raise SystemExit(
                f"expected {journeys} reports and outbox messages, found {stored} reports "
                f"and {pending} pending outbox messages: the benchmark did not do its work"
            )
        return Result("waspada", len(updates), wall, latencies(api, updates))
    finally:
        await api.stop()


async def measure_echo(journeys: int, concurrency: int, steps: int) -> Result:
    api = RecordingApi()
    await api.start()
    try:
        dispatcher = Dispatcher()

        @dispatcher.message()
        async def echo(message: Message) -> None:
            await message.answer(message.text or "")

        bot = Bot(TOKEN, session=AiohttpSession(api=TelegramAPIServer.from_base(api.base_url)))
        polling = asyncio.create_task(dispatcher.start_polling(bot))
        try:
            await Person(api, WARM_UP_USER_ID).says("warm up", expect="warm up")
            wall, updates = await drive(api, journeys, concurrency, echo_journey(steps))
        finally:
            with contextlib.suppress(RuntimeError):  # polling may not have started
                await dispatcher.stop_polling()
            await asyncio.wait_for(polling, timeout=10)
        if len(updates) != journeys * steps:
            raise SystemExit(f"expected {journeys * steps} echo updates, pushed {len(updates)}")
        return Result("echo", len(updates), wall, latencies(api, updates))
    finally:
        await api.stop()


# The table ------------------------------------------------------------------------------


def verdict(met: bool) -> str:
    return "TARGET MET" if met else "TARGET MISSED"


def print_table(waspada: Result, echo: Result, journeys: int, concurrency: int) -> None:
    print(f"\n{journeys} report journeys, {concurrency} people at once (closed loop)\n")
    header = (
        f"{'bot':<8} {'updates':>8} {'wall s':>8} {'updates/s':>10} {'p50 ms':>8} {'p99 ms':>8}"
    )
    print(header)
    print("-" * len(header))
    for result in (waspada, echo):
        print(
            f"{result.name:<8} {result.updates:>8} {result.wall:>8.2f} "
            f"{result.per_second:>10.1f} {result.percentile_ms(50):>8.1f} "
            f"{result.percentile_ms(99):>8.1f}"
        )
    ratio = waspada.per_second / echo.per_second
    p99 = waspada.percentile_ms(99)
    print()
    print(
        f"throughput ratio waspada/echo: {ratio:.2f} (target >= {MIN_RATIO}): "
        f"{verdict(ratio >= MIN_RATIO)}"
    )
    print(f"waspada p99: {p99:.1f} ms (target < {MAX_P99_MS:.0f} ms): {verdict(p99 < MAX_P99_MS)}")


async def main(journeys: int, concurrency: int) -> None:
    # As `waspada run` does after start-up; the same for both bots.
    gc.freeze()
    light_load = max(5, journeys // 4)
    for load_journeys, people in ((journeys, concurrency), (light_load, 1)):
        waspada = await measure_waspada(load_journeys, people)
        steps, remainder = divmod(waspada.updates, load_journeys)
        if remainder:
            raise SystemExit(f"{waspada.updates} updates do not split into {load_journeys}")
        echo = await measure_echo(load_journeys, people, steps)
        print_table(waspada, echo, load_journeys, people)


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--journeys", type=int, default=40, help="report journeys in all")
    parser.add_argument("--concurrency", type=int, default=20, help="people at once")
    arguments = parse_with_smoke(parser, journeys=2, concurrency=2)
    if arguments.journeys < 1 or arguments.concurrency < 1:
        parser.error("--journeys and --concurrency must be at least 1")
    return arguments


if __name__ == "__main__":
    logging.getLogger("aiogram").setLevel(logging.WARNING)
    arguments = parse_arguments()
    asyncio.run(main(arguments.journeys, arguments.concurrency))
