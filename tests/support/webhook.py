"""Telegram delivering to a webhook behind a load balancer, as far as a bot can tell.

Each chat's updates go one at a time, in order; chats go side by side. A delivery that gets no
answer or a non-200 is tried again on the next process after a pause, as the balancer and then
Telegram would. Every `repeat_every`-th update is delivered a second time to another process,
as Telegram does when an answer was lost on the way.
"""

import asyncio
import time
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import aiohttp

from tests.support.fake_bot_api import FakeBotApi

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


@dataclass
class WebhookTelegram:
    api: FakeBotApi
    endpoints: list[str]
    secret: str
    repeat_every: int = 0
    retry_pause: float = 0.2
    give_up_after: float = 60.0
    delivered: int = 0
    failed_attempts: int = 0
    repeated: list[int] = field(default_factory=list)
    repeat_statuses: list[int] = field(default_factory=list)
    _turn: int = 0
    # Updates pushed before this one was made are not its to deliver.
    _last: int = field(init=False)

    def __post_init__(self) -> None:
        self._last = self.api.last_update_id()

    async def run(self) -> None:
        """Delivers every update pushed to the fake server from now on, until cancelled."""
        chats: dict[int, asyncio.Queue[dict[str, Any]]] = defaultdict(asyncio.Queue)
        workers: list[asyncio.Task[None]] = []
        last = self._last
        timeout = aiohttp.ClientTimeout(total=30)
        async with aiohttp.ClientSession(timeout=timeout) as http:
            try:
                while True:
                    for update in await self.api.updates_after(last):
                        last = update["update_id"]
                        chat = _chat_of(update)
                        if chat not in chats:
                            workers.append(asyncio.create_task(self._chat(http, chats[chat])))
                        chats[chat].put_nowait(update)
            finally:
                for worker in workers:
                    worker.cancel()
                await asyncio.gather(*workers, return_exceptions=True)

    async def _chat(
        self, http: aiohttp.ClientSession, updates: asyncio.Queue[dict[str, Any]]
    ) -> None:
        while True:
            update = await updates.get()
            endpoint = await self._deliver(http, update)
            self.delivered += 1
            if self.repeat_every and self.delivered % self.repeat_every == 0:
                await self._repeat(http, update, endpoint)

    async def _deliver(self, http: aiohttp.ClientSession, update: dict[str, Any]) -> str:
        """Returns the endpoint that answered 200."""
        started = time.monotonic()
        while True:
            endpoint = self.endpoints[self._turn % len(self.endpoints)]
            self._turn += 1
            try:
                async with http.post(
                    endpoint, json=update, headers={SECRET_HEADER: self.secret}
                ) as answer:
                    if answer.status == 200:
                        return endpoint
            except (aiohttp.ClientError, TimeoutError):
                pass
            self.failed_attempts += 1
            if time.monotonic() - started > self.give_up_after:
                raise AssertionError(f"update {update['update_id']} was never accepted")
            await asyncio.sleep(self.retry_pause)

    async def _repeat(
        self, http: aiohttp.ClientSession, update: dict[str, Any], first: str
    ) -> None:
        others = [endpoint for endpoint in self.endpoints if endpoint != first] or [first]
        try:
            async with http.post(
                others[0], json=update, headers={SECRET_HEADER: self.secret}
            ) as answer:
                self.repeat_statuses.append(answer.status)
        except (aiohttp.ClientError, TimeoutError):
            return  # that process is down: Telegram would not have reached it either
        self.repeated.append(update["update_id"])


def _chat_of(update: dict[str, Any]) -> int:
    if "callback_query" in update:
        return int(update["callback_query"]["from"]["id"])
    return int(update["message"]["chat"]["id"])
