"""The transactional outbox: written with each report, then handed on by leases.

A relay claims a few rows in one short transaction (a lease: nobody else takes them until it
runs out), publishes them outside any transaction, and acknowledges them in a second short
one; a failure is recorded against the rows, and after too many they are parked as dead until
someone retries them. No transaction is ever held open across the network.
"""

import json
import uuid
from collections.abc import Collection
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql import ColumnElement

from storage.models import OutboxMessage


@dataclass(frozen=True)
class PendingMessage:
    id: int
    idempotency_key: str
    schema: str
    event: str
    # The JSON document as stored, published as it is (no parse and re-encode per message).
    body: str
    # Tries so far, this one included.
    attempts: int

    @property
    def payload(self) -> dict[str, Any]:
        document: dict[str, Any] = json.loads(self.body)
        return document


@dataclass(frozen=True)
class Claim:
    """Rows one relay holds: only this lease may acknowledge them."""

    lease: str
    messages: list[PendingMessage]


@dataclass(frozen=True)
class DeadMessage:
    id: int
    idempotency_key: str
    attempts: int
    last_error: str | None
    dead_at: datetime | None


@dataclass(frozen=True)
class QueueStatus:
    pending: int
    in_flight: int
    delivered: int
    dead: int
    oldest_pending_at: datetime | None


class OutboxRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(
        self, idempotency_key: str, schema: str, payload: dict[str, Any], event: str
    ) -> None:
        self._session.add(
            OutboxMessage(
                idempotency_key=idempotency_key,
                schema=schema,
                event=event,
                payload=json.dumps(payload, ensure_ascii=False, sort_keys=True),
                created_at=datetime.now(UTC),
                attempts=0,
            )
        )
        await self._session.flush()

    async def claim(self, limit: int, lease_for: timedelta) -> Claim:
        """Leases up to `limit` of the oldest messages that are neither delivered, dead nor
        leased to someone else; the caller commits at once. Rows another transaction has
        locked are skipped, so concurrent relays never get the same message."""
        now = datetime.now(UTC)
        lease = str(uuid.uuid4())
        available = (
            select(OutboxMessage.id)
            .where(_AVAILABLE, _not_leased(now))
            .order_by(OutboxMessage.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        if self._session.get_bind().dialect.name == "postgresql":
            # PostgreSQL may re-run a plain subquery per row, claiming past the limit; a
            # materialised CTE runs once. (SQLite must not get it: its driver opens no
            # transaction for a statement that starts with WITH.)
            picked = available.cte("picked").prefix_with("MATERIALIZED")
            available = select(picked.c.id)
        rows = await self._session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id.in_(available), _AVAILABLE, _not_leased(now))
            .values(
                lease=lease,
                locked_until=now + lease_for,
                attempts=OutboxMessage.attempts + 1,
            )
            .returning(
                OutboxMessage.id,
                OutboxMessage.idempotency_key,
                OutboxMessage.schema,
                OutboxMessage.event,
                OutboxMessage.payload,
                OutboxMessage.attempts,
            )
        )
        claimed = [
            PendingMessage(
                row.id,
                row.idempotency_key,
                row.schema,
                row.event,
                row.payload,
                row.attempts,
            )
            for row in rows
        ]
        return Claim(lease, sorted(claimed, key=lambda message: message.id))

    async def acknowledge(self, claim: Claim, message_ids: Collection[int]) -> int:
        """Marks those of the claim's messages delivered; any whose lease ran out and went to
        another relay is left to it. Returns how many were ours."""
        if not message_ids:
            return 0
        result = await self._session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id.in_(list(message_ids)), OutboxMessage.lease == claim.lease)
            .values(delivered_at=datetime.now(UTC), lease=None, locked_until=None)
            .returning(OutboxMessage.id)
        )
        return len(result.all())

    async def record_failure(
        self,
        claim: Claim,
        message_ids: Collection[int],
        error: str,
        retry_in: timedelta,
        max_attempts: int,
    ) -> int:
        """Frees those of the claim's messages to be tried again after `retry_in`, parking as
        dead those that failed `max_attempts` times; returns how many were parked."""
        now = datetime.now(UTC)
        ours = and_(OutboxMessage.id.in_(list(message_ids)), OutboxMessage.lease == claim.lease)
        dead = await self._session.execute(
            update(OutboxMessage)
            .where(ours, OutboxMessage.attempts >= max_attempts)
            .values(dead_at=now, last_error=error[:256], lease=None, locked_until=None)
            .returning(OutboxMessage.id)
        )
        await self._session.execute(
            update(OutboxMessage)
            .where(ours)
            .values(last_error=error[:256], lease=None, locked_until=now + retry_in)
        )
        return len(dead.all())

    async def release(
        self, claim: Claim, message_ids: Collection[int], error: str, retry_in: timedelta
    ) -> None:
        """Frees those of the claim's messages to be tried after `retry_in`, taking back the
        attempt the claim counted: the sink was unreachable, the messages were never tried."""
        ours = and_(OutboxMessage.id.in_(list(message_ids)), OutboxMessage.lease == claim.lease)
        await self._session.execute(
            update(OutboxMessage)
            .where(ours)
            .values(
                last_error=error[:256],
                lease=None,
                locked_until=datetime.now(UTC) + retry_in,
                attempts=OutboxMessage.attempts - 1,
            )
        )

    async def park(self, claim: Claim, message_id: int, error: str) -> None:
        """Parks one message as dead at once: a sink refused it for good (a 4xx answer)."""
        await self._session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == message_id, OutboxMessage.lease == claim.lease)
            .values(
                dead_at=datetime.now(UTC), last_error=error[:256], lease=None, locked_until=None
            )
        )

    async def dead(self, limit: int = 100) -> list[DeadMessage]:
        rows = await self._session.execute(
            select(
                OutboxMessage.id,
                OutboxMessage.idempotency_key,
                OutboxMessage.attempts,
                OutboxMessage.last_error,
                OutboxMessage.dead_at,
            )
            .where(OutboxMessage.dead_at.is_not(None))
            .order_by(OutboxMessage.id)
            .limit(limit)
        )
        return [
            DeadMessage(row.id, row.idempotency_key, row.attempts, row.last_error, row.dead_at)
            for row in rows
        ]

    async def retry(self, message_id: int | None = None) -> int:
        """Gives dead messages (one, or all) a fresh start; returns how many."""
        condition: ColumnElement[bool] = OutboxMessage.dead_at.is_not(None)
        if message_id is not None:
            condition = and_(condition, OutboxMessage.id == message_id)
        result = await self._session.execute(
            update(OutboxMessage)
            .where(condition)
            .values(dead_at=None, attempts=0, locked_until=None, lease=None)
            .returning(OutboxMessage.id)
        )
        return len(result.all())

    async def status(self) -> QueueStatus:
        now = datetime.now(UTC)
        leased = and_(
            _AVAILABLE, OutboxMessage.lease.is_not(None), OutboxMessage.locked_until > now
        )
        row = (
            await self._session.execute(
                select(
                    func.count().filter(_AVAILABLE),
                    func.count().filter(leased),
                    func.count().filter(OutboxMessage.delivered_at.is_not(None)),
                    func.count().filter(OutboxMessage.dead_at.is_not(None)),
                    func.min(OutboxMessage.created_at).filter(_AVAILABLE),
                )
            )
        ).one()
        pending, in_flight, delivered, dead, oldest = row
        oldest_at = _aware(oldest)
        return QueueStatus(
            int(pending) - int(in_flight), int(in_flight), int(delivered), int(dead), oldest_at
        )

    async def count_pending(self) -> int:
        """Messages not yet delivered nor dead (in flight included)."""
        count = await self._session.scalar(
            select(func.count()).select_from(OutboxMessage).where(_AVAILABLE)
        )
        return int(count or 0)


_AVAILABLE = and_(OutboxMessage.delivered_at.is_(None), OutboxMessage.dead_at.is_(None))


def _not_leased(now: datetime) -> Any:
    return or_(OutboxMessage.locked_until.is_(None), OutboxMessage.locked_until <= now)


def _aware(moment: datetime | str | None) -> datetime | None:
    """SQLite hands an aggregate's timestamp back as text, without its zone."""
    if moment is None:
        return None
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
