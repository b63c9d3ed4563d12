"""Which groups are guarded, remembered once read, and how often a group may be warned."""

import time
from datetime import UTC, datetime

from storage.groups import GuardedGroup
from storage.uow import UnitOfWorkFactory

# One warning per group in this many seconds: a wave of scam posts must not turn the bot
# into a second source of noise.
WARNING_INTERVAL_SECONDS = 300.0


class GroupGuards:
    """One process per database, as for conversation state: the memory here is the truth."""

    def __init__(self, unit_of_work: UnitOfWorkFactory) -> None:
        self._unit_of_work = unit_of_work
        self._known: dict[int, GuardedGroup | None] = {}
        self._last_warning: dict[int, float] = {}

    async def find(self, chat_id: int) -> GuardedGroup | None:
        if chat_id not in self._known:
            async with self._unit_of_work() as uow:
                self._known[chat_id] = await uow.groups.find(chat_id)
        return self._known[chat_id]

    async def enable(self, chat_id: int, admin_id: int, language: str) -> None:
        group = GuardedGroup(chat_id, admin_id, datetime.now(UTC), language)
        async with self._unit_of_work() as uow:
            await uow.groups.enable(group)
            await uow.commit()
        self._known[chat_id] = group

    async def disable(self, chat_id: int) -> None:
        async with self._unit_of_work() as uow:
            await uow.groups.disable(chat_id)
            await uow.commit()
        self._known[chat_id] = None

    def may_warn(self, chat_id: int) -> bool:
        """True at most once per interval for each group; a True counts as the warning."""
        now = time.monotonic()
        last = self._last_warning.get(chat_id)
        if last is not None and now - last < WARNING_INTERVAL_SECONDS:
            return False
        self._last_warning[chat_id] = now
        return True
