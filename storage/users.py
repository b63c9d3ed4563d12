from datetime import UTC, datetime

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import User


class UserRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def language_of(self, telegram_id: int) -> str | None:
        return await self._session.scalar(
            select(User.language).where(User.telegram_id == telegram_id)
        )

    async def set_language(self, telegram_id: int, language: str) -> None:
        user = await self._session.get(User, telegram_id)
        if user is None:
            user = User(telegram_id=telegram_id, created_at=datetime.now(UTC))
            self._session.add(user)
        user.language = language

    async def claim_language_offer(self, telegram_id: int) -> bool:
        """Records that a switch of language was offered; True only the first time (an insert
        or a conditional update, so two processes never both offer)."""
        now = datetime.now(UTC)
        dialect = self._session.get_bind().dialect.name
        insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
        inserted = await self._session.execute(
            insert(User)
            .values(telegram_id=telegram_id, created_at=now, language_offered_at=now)
            .on_conflict_do_nothing(index_elements=["telegram_id"])
            .returning(User.telegram_id)
        )
        if inserted.first() is not None:
            return True
        updated = await self._session.execute(
            update(User)
            .where(User.telegram_id == telegram_id, User.language_offered_at.is_(None))
            .values(language_offered_at=now)
            .returning(User.telegram_id)
        )
        return updated.first() is not None
