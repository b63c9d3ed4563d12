"""The transactional outbox. In the embedded default it is the queue itself."""

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import OutboxMessage


@dataclass(frozen=True)
class PendingMessage:
    id: int
    idempotency_key: str
    schema: str
    payload: dict[str, Any]


class OutboxRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, idempotency_key: str, schema: str, payload: dict[str, Any]) -> None:
        self._session.add(
            OutboxMessage(
                idempotency_key=idempotency_key,
                schema=schema,
                payload=json.dumps(payload, ensure_ascii=False, sort_keys=True),
                created_at=datetime.now(UTC),
            )
        )
        await self._session.flush()

    async def claim_pending(self, limit: int) -> list[PendingMessage]:
        """Marks up to `limit` pending messages delivered and returns them.

        The mark only holds once the caller commits, after handing the messages on; a caller
        that fails rolls back and the messages stay pending (at-least-once). Rows another
        consumer has locked are skipped, so concurrent consumers never get the same message.
        """
        oldest_pending = (
            select(OutboxMessage.id)
            .where(OutboxMessage.delivered_at.is_(None))
            .order_by(OutboxMessage.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        if self._session.get_bind().dialect.name == "postgresql":
            # PostgreSQL may re-run a plain subquery per row, claiming past the limit; a
            # materialised CTE runs once. (SQLite must not get it: its driver opens no
            # transaction for a statement that starts with WITH.)
            picked = oldest_pending.cte("picked").prefix_with("MATERIALIZED")
            oldest_pending = select(picked.c.id)
        rows = await self._session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id.in_(oldest_pending), OutboxMessage.delivered_at.is_(None))
            .values(delivered_at=datetime.now(UTC))
            .returning(
                OutboxMessage.id,
                OutboxMessage.idempotency_key,
                OutboxMessage.schema,
                OutboxMessage.payload,
            )
        )
        claimed = [
            PendingMessage(row.id, row.idempotency_key, row.schema, json.loads(row.payload))
            for row in rows
        ]
        return sorted(claimed, key=lambda message: message.id)

    async def count_pending(self) -> int:
        count = await self._session.scalar(
            select(func.count())
            .select_from(OutboxMessage)
            .where(OutboxMessage.delivered_at.is_(None))
        )
        return int(count or 0)
