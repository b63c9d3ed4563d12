"""Long polling that answers many chats at once, each chat in order, and never confirms an
update to Telegram before it was handled.

aiogram's own polling either handles one update at a time or confirms updates that are still
being handled (lost if the process dies). Here each chat has its own queue, handled in order,
chats side by side. Each getUpdates asks from the oldest update still being handled, which
confirms everything before it and nothing after; updates already taken are skipped. So a chat
that waits (Telegram asked it to slow down) holds back no other chat.
"""

import asyncio
import contextlib
import logging
from collections.abc import Hashable
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.types import Update
from aiogram.utils.backoff import Backoff, BackoffConfig

from bot.updates import GetRawUpdates, read_update, update_id_of

log = logging.getLogger(__name__)

POLLING_TIMEOUT = 25
# While updates are being handled and no new one came, ask again after this at the latest.
PAUSE_WHILE_HANDLING = 0.5
_BACKOFF = BackoffConfig(min_delay=1.0, max_delay=30.0, factor=1.5, jitter=0.1)


class OrderedPolling:
    def __init__(self, dispatcher: Dispatcher, bot: Bot, allowed_updates: list[str]) -> None:
        self._dispatcher = dispatcher
        self._bot = bot
        self._allowed_updates = allowed_updates
        self._offset: int | None = None
        # Updates taken from Telegram at or after the offset, and those of them not yet handled.
        self._taken: set[int] = set()
        self._in_flight: set[int] = set()
        self._progress = asyncio.Event()
        self._chats: dict[Hashable, asyncio.Queue[Update]] = {}
        self._workers: list[asyncio.Task[None]] = []

    async def run(self, stop: asyncio.Event) -> None:
        await self._dispatcher.emit_startup(bot=self._bot)
        backoff = Backoff(config=_BACKOFF)
        stopping = asyncio.create_task(stop.wait())
        try:
            while not stop.is_set():
                try:
                    batch = await self._fetch(stopping)
                except Exception as error:  # Telegram unreachable: keep trying, never die
                    log.warning("getUpdates failed (%s); retrying", type(error).__name__)
                    await backoff.asleep()
                    continue
                backoff.reset()
                if not self._take(batch) and self._in_flight:
                    # Telegram answers at once with what is still being handled: wait until
                    # some of it is done (or a moment) rather than ask again and again.
                    await self._some_progress(PAUSE_WHILE_HANDLING)
        finally:
            stopping.cancel()
            await self._finish()
            await self._dispatcher.emit_shutdown(bot=self._bot)

    def _take(self, batch: list[dict[str, Any]]) -> bool:
        """Queues the updates not taken before; True when there was any."""
        new = False
        for raw in batch:
            update_id = update_id_of(raw)
            if update_id is None or update_id in self._taken:
                continue
            new = True
            self._taken.add(update_id)
            update = read_update(raw, self._bot)
            if update is None:
                continue  # logged and skipped: confirmed with the next request
            self._in_flight.add(update_id)
            self._queue_of(_chat_of(update)).put_nowait(update)
        self._advance()
        return new

    def _advance(self) -> None:
        if self._in_flight:
            self._offset = min(self._in_flight)
        elif self._taken:
            self._offset = max(self._taken) + 1
        if self._offset is not None:
            self._taken = {i for i in self._taken if i >= self._offset}

    def _queue_of(self, chat: Hashable) -> asyncio.Queue[Update]:
        if chat not in self._chats:
            self._chats[chat] = asyncio.Queue()
            self._workers.append(asyncio.create_task(self._handle_in_order(self._chats[chat])))
        return self._chats[chat]

    async def _handle_in_order(self, updates: asyncio.Queue[Update]) -> None:
        while True:
            update = await updates.get()
            try:
                await self._dispatcher.feed_update(self._bot, update)
            except Exception as error:  # the errors router already answered; keep polling
                log.error("update %d failed: %s", update.update_id, type(error).__name__)
            finally:
                self._in_flight.discard(update.update_id)
                updates.task_done()
                self._progress.set()

    async def _some_progress(self, seconds: float) -> None:
        self._progress.clear()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._progress.wait(), seconds)

    async def _fetch(self, stopping: asyncio.Task[bool]) -> list[dict[str, Any]]:
        """The next updates, unread; none when asked to stop while waiting for them."""
        request = GetRawUpdates(
            offset=self._offset, timeout=POLLING_TIMEOUT, allowed_updates=self._allowed_updates
        )
        fetching = asyncio.create_task(self._bot(request, request_timeout=POLLING_TIMEOUT + 10))
        await asyncio.wait([fetching, stopping], return_when=asyncio.FIRST_COMPLETED)
        if not fetching.done():
            fetching.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await fetching
            return []
        return fetching.result()

    async def _finish(self) -> None:
        """Lets what was taken be handled, then tells Telegram, so a restart repeats nothing."""
        await asyncio.gather(*(queue.join() for queue in self._chats.values()))
        for worker in self._workers:
            worker.cancel()
        await asyncio.gather(*self._workers, return_exceptions=True)
        self._advance()
        if self._offset is not None:
            with contextlib.suppress(Exception):
                await self._bot(GetRawUpdates(offset=self._offset, limit=1, timeout=0))


def _chat_of(update: Update) -> Hashable:
    """The conversation whose updates must be handled in order; one of its own if none."""
    event = update.event
    chat = getattr(event, "chat", None) or getattr(getattr(event, "message", None), "chat", None)
    if chat is not None:
        return ("chat", chat.id)
    user = getattr(event, "from_user", None)
    return ("user", user.id) if user is not None else ("update", update.update_id)
