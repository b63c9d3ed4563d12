"""Groups where an admin turned on the scam guard."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, or_, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import GroupGuard


@dataclass(frozen=True)
class GuardedGroup:
    chat_id: int
    enabled_by: int
    enabled_at: datetime
    language: str


class GroupGuardRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def find(self, chat_id: int) -> GuardedGroup | None:
        guard = await self._session.get(GroupGuard, chat_id)
        if guard is None:
            return None
        return GuardedGroup(guard.chat_id, guard.enabled_by, guard.enabled_at, guard.language)

    async def enable(self, group: GuardedGroup) -> None:
        """Enabling again records the latest admin to do it, and their language."""
        guard = await self._session.get(GroupGuard, group.chat_id)
        if guard is None:
            guard = GroupGuard(chat_id=group.chat_id)
            self._session.add(guard)
        guard.enabled_by, guard.enabled_at = group.enabled_by, group.enabled_at
        guard.language = group.language

    async def disable(self, chat_id: int) -> None:
        await self._session.execute(delete(GroupGuard).where(GroupGuard.chat_id == chat_id))

    async def claim_warning(self, chat_id: int, now: datetime, interval: timedelta) -> bool:
        """True, and the warning recorded, when the group was not warned within `interval`:
        one statement, so two processes never both warn."""
        result = await self._session.execute(
            update(GroupGuard)
            .where(
                GroupGuard.chat_id == chat_id,
                or_(
                    GroupGuard.last_warned_at.is_(None),
                    GroupGuard.last_warned_at <= now - interval,
                ),
            )
            .values(last_warned_at=now)
            .returning(GroupGuard.chat_id)
        )
        return result.first() is not None
