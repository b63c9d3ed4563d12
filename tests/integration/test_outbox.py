"""The outbox relay against a real database: every message once, in order, acknowledged."""

import asyncio
import uuid
from datetime import datetime

import pytest
from sqlalchemy import select

from delivery import relay
from delivery.relay import deliver_pending
from reports.message import SCHEMA_ID
from storage.models import OutboxMessage
from storage.outbox import PendingMessage
from storage.uow import UnitOfWorkFactory


class PublisherDown(Exception):
    pass


class RecordingPublisher:
    """Accepts every batch (after an optional pause, to let another consumer run)."""

    def __init__(self, pause: float = 0.0) -> None:
        self.pause = pause
        self.batches: list[list[PendingMessage]] = []

    async def publish(self, messages: list[PendingMessage]) -> None:
        await asyncio.sleep(self.pause)
        self.batches.append(list(messages))

    @property
    def ids(self) -> list[int]:
        return [message.id for batch in self.batches for message in batch]


class FailingPublisher:
    """Accepts the first `accept` batches, then raises."""

    def __init__(self, accept: int = 0) -> None:
        self.accept = accept
        self.attempts: list[list[int]] = []

    async def publish(self, messages: list[PendingMessage]) -> None:
        self.attempts.append([message.id for message in messages])
        if len(self.attempts) > self.accept:
            raise PublisherDown("the sink is down")


async def _enqueue(unit_of_work: UnitOfWorkFactory, count: int) -> list[int]:
    """Adds `count` messages (one transaction each, as reports arrive); returns their ids."""
    for number in range(count):
        async with unit_of_work() as uow:
            await uow.outbox.add(str(uuid.uuid4()), SCHEMA_ID, {"number": number})
            await uow.commit()
    return [message_id for message_id, _ in await _delivery_marks(unit_of_work)]


async def _delivery_marks(unit_of_work: UnitOfWorkFactory) -> list[tuple[int, datetime | None]]:
    async with unit_of_work() as uow:
        rows = await uow.session.execute(
            select(OutboxMessage.id, OutboxMessage.delivered_at).order_by(OutboxMessage.id)
        )
        return [(row.id, row.delivered_at) for row in rows]


async def _pending_ids(unit_of_work: UnitOfWorkFactory) -> list[int]:
    return [
        message_id
        for message_id, delivered_at in await _delivery_marks(unit_of_work)
        if delivered_at is None
    ]


async def test_every_message_is_handed_out_once_in_id_order_and_acknowledged(
    unit_of_work: UnitOfWorkFactory,
) -> None:
    ids = await _enqueue(unit_of_work, 5)
    publisher = RecordingPublisher()

    delivered = await deliver_pending(unit_of_work, publisher)

    assert delivered == 5
    assert publisher.ids == ids
    assert ids == sorted(ids)
    assert [message.payload for batch in publisher.batches for message in batch] == [
        {"number": number} for number in range(5)
    ]
    assert {message.schema for message in publisher.batches[0]} == {SCHEMA_ID}
    marks = await _delivery_marks(unit_of_work)
    assert all(delivered_at is not None for _, delivered_at in marks)
    async with unit_of_work() as uow:
        assert await uow.outbox.count_pending() == 0

    assert await deliver_pending(unit_of_work, publisher) == 0
    assert publisher.ids == ids


async def test_messages_keep_their_order_across_batches(
    unit_of_work: UnitOfWorkFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(relay, "BATCH_SIZE", 2)
    ids = await _enqueue(unit_of_work, 5)
    publisher = RecordingPublisher()

    assert await deliver_pending(unit_of_work, publisher) == 5

    assert [[message.id for message in batch] for batch in publisher.batches] == [
        ids[0:2],
        ids[2:4],
        ids[4:5],
    ]


async def test_a_failing_publisher_leaves_the_messages_pending_for_the_next_call(
    unit_of_work: UnitOfWorkFactory,
) -> None:
    ids = await _enqueue(unit_of_work, 3)
    failing = FailingPublisher()

    with pytest.raises(PublisherDown):
        await deliver_pending(unit_of_work, failing)

    assert failing.attempts == [ids]
    assert await _pending_ids(unit_of_work) == ids

    publisher = RecordingPublisher()
    assert await deliver_pending(unit_of_work, publisher) == 3
    assert publisher.ids == ids
    assert await _pending_ids(unit_of_work) == []


async def test_a_failure_in_a_later_batch_keeps_the_earlier_batches_acknowledged(
    unit_of_work: UnitOfWorkFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(relay, "BATCH_SIZE", 2)
    ids = await _enqueue(unit_of_work, 5)
    failing = FailingPublisher(accept=1)

    with pytest.raises(PublisherDown):
        await deliver_pending(unit_of_work, failing)

    assert failing.attempts == [ids[0:2], ids[2:4]]
    assert await _pending_ids(unit_of_work) == ids[2:]

    publisher = RecordingPublisher()
    assert await deliver_pending(unit_of_work, publisher) == 3
    assert publisher.ids == ids[2:]


async def test_limit_is_honoured(unit_of_work: UnitOfWorkFactory) -> None:
    ids = await _enqueue(unit_of_work, 5)
    publisher = RecordingPublisher()

    assert await deliver_pending(unit_of_work, publisher, limit=2) == 2
    assert publisher.ids == ids[:2]
    assert await _pending_ids(unit_of_work) == ids[2:]

    assert await deliver_pending(unit_of_work, publisher, limit=10) == 3
    assert publisher.ids == ids


async def test_limit_is_honoured_across_batches(
    unit_of_work: UnitOfWorkFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(relay, "BATCH_SIZE", 2)
    ids = await _enqueue(unit_of_work, 6)
    publisher = RecordingPublisher()

    assert await deliver_pending(unit_of_work, publisher, limit=3) == 3

    assert [len(batch) for batch in publisher.batches] == [2, 1]
    assert publisher.ids == ids[:3]
    assert await _pending_ids(unit_of_work) == ids[3:]


async def test_two_concurrent_consumers_deliver_every_message_exactly_once(
    unit_of_work: UnitOfWorkFactory, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """PostgreSQL: FOR UPDATE SKIP LOCKED lets both work side by side; SQLite: the write lock
    serialises them. Either way no message is lost or handed out twice."""
    monkeypatch.setattr(relay, "BATCH_SIZE", 3)
    ids = await _enqueue(unit_of_work, 30)
    first, second = RecordingPublisher(pause=0.02), RecordingPublisher(pause=0.02)

    counts = await asyncio.wait_for(
        asyncio.gather(
            deliver_pending(unit_of_work, first),
            deliver_pending(unit_of_work, second),
        ),
        timeout=60,
    )

    handed_out = first.ids + second.ids
    assert sorted(handed_out) == ids, "a message was lost or handed out twice"
    assert list(counts) == [len(first.ids), len(second.ids)]
    assert first.ids == sorted(first.ids)
    assert second.ids == sorted(second.ids)
    assert await _pending_ids(unit_of_work) == []
    if database_url.startswith("postgresql"):
        # Rows locked by one consumer are skipped by the other, not waited for.
        assert first.ids, "the first consumer got nothing: it waited instead of skipping"
        assert second.ids, "the second consumer got nothing: it waited instead of skipping"
