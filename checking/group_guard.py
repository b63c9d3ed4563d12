"""Which groups are guarded, and how often a group may be warned: read from the database every
time, so that every bot process sharing it agrees."""

from datetime import UTC, datetime, timedelta

from storage.groups import GuardedGroup
from storage.uow import UnitOfWorkFactory

# One warning per group in this long: a wave of scam posts must not turn the bot into a second
# source of noise.
WARNING_INTERVAL = timedelta(minutes=5)


class GroupGuards:
    def __init__(self, unit_of_work: UnitOfWorkFactory) -> None:
        self._unit_of_work = unit_of_work

    async def find(self, chat_id: int) -> GuardedGroup | None:
        async with self._unit_of_work() as uow:
            return await uow.groups.find(chat_id)

    async def enable(self, chat_id: int, admin_id: int, language: str) -> None:
        group = GuardedGroup(chat_id, admin_id, datetime.now(UTC), language)
        async with self._unit_of_work() as uow:
            await uow.groups.enable(group)
            await uow.commit()

    async def disable(self, chat_id: int) -> None:
        async with self._unit_of_work() as uow:
            await uow.groups.disable(chat_id)
            await uow.commit()

    async def may_warn(self, chat_id: int) -> bool:
        """True at most once per interval for each group; a True counts as the warning."""
        async with self._unit_of_work() as uow:
            allowed = await uow.groups.claim_warning(chat_id, datetime.now(UTC), WARNING_INTERVAL)
            await uow.commit()
        return allowed
