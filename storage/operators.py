"""Operators added in the operators' chat."""

from datetime import datetime

from sqlalchemy import delete, exists, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Operator


class OperatorRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def contains(self, telegram_id: int) -> bool:
        return bool(
            await self._session.scalar(select(exists().where(Operator.telegram_id == telegram_id)))
        )

    async def add(self, telegram_id: int, added_by: int, at: datetime) -> bool:
        """True when they were not an operator yet."""
        dialect = self._session.get_bind().dialect.name
        insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
        added = await self._session.execute(
            insert(Operator)
            .values(telegram_id=telegram_id, added_by=added_by, added_at=at)
            .on_conflict_do_nothing(index_elements=["telegram_id"])
            .returning(Operator.telegram_id)
        )
        return added.first() is not None

    async def remove(self, telegram_id: int) -> bool:
        removed = await self._session.execute(
            delete(Operator)
            .where(Operator.telegram_id == telegram_id)
            .returning(Operator.telegram_id)
        )
        return removed.first() is not None

    async def all(self) -> list[int]:
        return list(
            await self._session.scalars(select(Operator.telegram_id).order_by(Operator.added_at))
        )
