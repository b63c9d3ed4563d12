"""Telegram updates taken on by some bot process, so a repeated webhook delivery is handled once."""

import enum
from datetime import datetime, timedelta

from sqlalchemy import delete, select, text, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import HandledUpdate


class UpdateClaim(enum.Enum):
    MINE = "mine"  # new, or abandoned by a process that died: handle it
    HANDLED = "handled"  # a repeat of a handled update: acknowledge it
    BUSY = "busy"  # another process is handling it now: ask Telegram to come back


class HandledUpdateRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def _without_waiting_for_disk(self) -> None:
        """These marks are written twice per update: on PostgreSQL their transaction does not
        wait for the disk (asynchronous commit). A crash of the whole machine may forget the
        last fraction of a second of marks, so a redelivered update is handled again, which
        the journey tolerates; the server's own crash forgets nothing."""
        if self._session.get_bind().dialect.name == "postgresql":
            await self._session.execute(text("SET LOCAL synchronous_commit TO OFF"))

    async def claim(
        self, bot_id: int, update_id: int, now: datetime, hold: timedelta
    ) -> UpdateClaim:
        await self._without_waiting_for_disk()
        dialect = self._session.get_bind().dialect.name
        insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
        key = (HandledUpdate.bot_id == bot_id, HandledUpdate.update_id == update_id)
        inserted = await self._session.execute(
            insert(HandledUpdate)
            .values(bot_id=bot_id, update_id=update_id, claimed_until=now + hold)
            .on_conflict_do_nothing(index_elements=["bot_id", "update_id"])
            .returning(HandledUpdate.update_id)
        )
        if inserted.first() is not None:
            return UpdateClaim.MINE
        taken_over = await self._session.execute(
            update(HandledUpdate)
            .where(*key, HandledUpdate.handled_at.is_(None), HandledUpdate.claimed_until <= now)
            .values(claimed_until=now + hold)
            .returning(HandledUpdate.update_id)
        )
        if taken_over.first() is not None:
            return UpdateClaim.MINE
        handled_at = await self._session.scalar(select(HandledUpdate.handled_at).where(*key))
        return UpdateClaim.HANDLED if handled_at is not None else UpdateClaim.BUSY

    async def finish(self, bot_id: int, update_id: int, now: datetime) -> None:
        await self._without_waiting_for_disk()
        await self._session.execute(
            update(HandledUpdate)
            .where(HandledUpdate.bot_id == bot_id, HandledUpdate.update_id == update_id)
            .values(handled_at=now)
        )

    async def release(self, bot_id: int, update_id: int, now: datetime) -> None:
        """Handling failed: Telegram's next delivery may take the update at once."""
        await self._without_waiting_for_disk()
        await self._session.execute(
            update(HandledUpdate)
            .where(HandledUpdate.bot_id == bot_id, HandledUpdate.update_id == update_id)
            .values(claimed_until=now)
        )

    async def forget_before(self, moment: datetime) -> int:
        """Telegram stops redelivering an update within a day; older marks serve nothing."""
        result = await self._session.execute(
            delete(HandledUpdate)
            .where(HandledUpdate.handled_at < moment)
            .returning(HandledUpdate.update_id)
        )
        return len(result.all())
