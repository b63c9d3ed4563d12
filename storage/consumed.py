"""What the reference consumer has passed on, by idempotency key."""

from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import ConsumedMessage


class ConsumedMessageRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def seen(self, idempotency_key: str) -> bool:
        found = await self._session.scalar(
            select(ConsumedMessage.idempotency_key).where(
                ConsumedMessage.idempotency_key == idempotency_key
            )
        )
        return found is not None

    async def remember(self, idempotency_key: str) -> None:
        self._session.add(
            ConsumedMessage(idempotency_key=idempotency_key, consumed_at=datetime.now(UTC))
        )
