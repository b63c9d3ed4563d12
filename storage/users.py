from datetime import UTC, datetime

from sqlalchemy import select
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
