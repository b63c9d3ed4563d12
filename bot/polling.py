"""Long polling that answers many chats at once, each chat in order, and never confirms an
update to Telegram before it was handled.

aiogram's own polling either handles one update at a time or confirms updates that are still
being handled (lost if the process dies). Here each batch from getUpdates is handled with its
chats side by side, and the next request, which confirms the batch, goes out only once the
whole batch was handled.
"""

import asyncio
import contextlib
import logging
from collections import defaultdict
from collections.abc import Hashable
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.types import Update
from aiogram.utils.backoff import Backoff, BackoffConfig

from bot.updates import GetRawUpdates, read_update, update_id_of

log = logging.getLogger(__name__)

POLLING_TIMEOUT = 25
_BACKOFF = BackoffConfig(min_delay=1.0, max_delay=30.0, factor=1.5, jitter=0.1)


class OrderedPolling:
    def __init__(self, dispatcher: Dispatcher, bot: Bot, allowed_updates: list[str]) -> None:
        self._dispatcher = dispatcher
        self._bot = bot
        self._allowed_updates = allowed_updates
        self._offset: int | None = None

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
                update_ids = [i for i in map(update_id_of, batch) if i is not None]
                if update_ids:
                    await self._handle_batch([read_update(raw, self._bot) for raw in batch])
                    self._offset = max(update_ids) + 1
        finally:
            stopping.cancel()
            await self._confirm_handled()
            await self._dispatcher.emit_shutdown(bot=self._bot)

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

    async def _handle_batch(self, updates: list[Update | None]) -> None:
        """Handles the updates that could be read; the others were logged and are skipped."""
        by_chat: defaultdict[Hashable, list[Update]] = defaultdict(list)
        for update in updates:
            if update is not None:
                by_chat[_chat_of(update)].append(update)
        await asyncio.gather(*(self._handle_in_order(chat) for chat in by_chat.values()))

    async def _handle_in_order(self, updates: list[Update]) -> None:
        for update in updates:
            try:
                await self._dispatcher.feed_update(self._bot, update)
            except Exception as error:  # the errors router already answered; keep polling
                log.error("update %d failed: %s", update.update_id, type(error).__name__)

    async def _confirm_handled(self) -> None:
        """Tells Telegram that the last batch was handled, so a restart does not repeat it."""
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
