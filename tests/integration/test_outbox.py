"""The leased outbox and its relay against a real database: every message delivered, none held
back by another's failure, dead letters parked and retried, no transaction across a publish."""

import asyncio
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Row, select

from delivery.publishers import Delivery
from delivery.relay import RelayPolicy, deliver_pending, relay_once
from reports.message import SCHEMA_ID, SUBMITTED_EVENT
from storage.models import OutboxMessage
from storage.outbox import PendingMessage
from storage.uow import UnitOfWorkFactory

# Backoffs short enough to wait out in a test.
QUICK = RelayPolicy(batch_size=100, first_backoff=0.05, max_backoff=0.2, max_attempts=3)


async def test_parallel_batches_deliver_each_message_once(
    unit_of_work: UnitOfWorkFactory,
) -> None:
    ids = await _enqueue(unit_of_work, 25)
    publisher = RecordingPublisher(pause=0.01)

    delivered = await deliver_pending(
        unit_of_work, publisher, RelayPolicy(batch_size=4, parallel_batches=3), limit=22
    )

    assert delivered == 22
    assert sorted(publisher.ids) == ids[:22]
    assert len(publisher.batches) == 6
    assert await _undelivered(unit_of_work) == ids[22:]


class RecordingPublisher:
    """Accepts every message (after an optional pause, to let another relay run)."""

    def __init__(self, pause: float = 0.0) -> None:
        self.pause = pause
        self.batches: list[list[PendingMessage]] = []

    async def open(self) -> None:
        """Nothing to open."""

    async def close(self) -> None:
        """Nothing to close."""

    async def publish(self, messages: list[PendingMessage]) -> Delivery:
        await asyncio.sleep(self.pause)
        self.batches.append(list(messages))
        return Delivery.of_all(messages)

    @property
    def ids(self) -> list[int]:
        return [message.id for batch in self.batches for message in batch]


class PickyPublisher(RecordingPublisher):
    """Fails (or refuses for good) the messages whose payload number is listed; takes the rest."""

    def __init__(self, failing: set[int] = frozenset(), refusing: set[int] = frozenset()) -> None:  # type: ignore[assignment]
        super().__init__()
        self.failing = set(failing)
        self.refusing = set(refusing)

    async def publish(self, messages: list[PendingMessage]) -> Delivery:
        self.batches.append(list(messages))
        delivery = Delivery()
        for message in messages:
            number = message.payload["number"]
            if number in self.refusing:
                delivery.refused[message.id] = "HTTP 422"
            elif number in self.failing:
                delivery.failure = "HTTP 503"
            else:
                delivery.delivered.add(message.id)
        return delivery


class BrokenPublisher(RecordingPublisher):
    async def publish(self, messages: list[PendingMessage]) -> Delivery:
        self.batches.append(list(messages))
        raise ConnectionError("the sink is down")


async def _enqueue(unit_of_work: UnitOfWorkFactory, count: int, first: int = 0) -> list[int]:
    """Adds `count` messages numbered from `first` (one transaction each, as reports arrive);
    returns the ids of every message."""
    for number in range(first, first + count):
        async with unit_of_work() as uow:
            await uow.outbox.add(str(uuid.uuid4()), SCHEMA_ID, {"number": number}, SUBMITTED_EVENT)
            await uow.commit()
    async with unit_of_work() as uow:
        return list(await uow.session.scalars(select(OutboxMessage.id).order_by(OutboxMessage.id)))


async def _rows(
    unit_of_work: UnitOfWorkFactory,
) -> Sequence[Row[int, int, str | None, datetime | None, str | None]]:
    async with unit_of_work() as uow:
        rows = await uow.session.execute(
            select(
                OutboxMessage.id,
                OutboxMessage.attempts,
                OutboxMessage.last_error,
                OutboxMessage.delivered_at,
                OutboxMessage.lease,
            ).order_by(OutboxMessage.id)
        )
        return rows.all()


async def _undelivered(unit_of_work: UnitOfWorkFactory) -> list[int]:
    return [row.id for row in await _rows(unit_of_work) if row.delivered_at is None]


async def test_every_message_is_delivered_once_in_id_order_and_acknowledged(
    unit_of_work: UnitOfWorkFactory,
) -> None:
    ids = await _enqueue(unit_of_work, 5)
    publisher = RecordingPublisher()

    assert await deliver_pending(unit_of_work, publisher, QUICK) == 5

    assert publisher.ids == ids
    assert [m.payload for m in publisher.batches[0]] == [{"number": n} for n in range(5)]
    assert {(m.schema, m.event, m.attempts) for m in publisher.batches[0]} == {
        (SCHEMA_ID, SUBMITTED_EVENT, 1)
    }
    rows = await _rows(unit_of_work)
    assert all(row.delivered_at and row.lease is None for row in rows)
    assert await deliver_pending(unit_of_work, publisher, QUICK) == 0
    assert publisher.ids == ids


async def test_batches_keep_id_order_and_the_limit_is_honoured(
    unit_of_work: UnitOfWorkFactory,
) -> None:
    ids = await _enqueue(unit_of_work, 5)
    publisher = RecordingPublisher()
    policy = RelayPolicy(batch_size=2, parallel_batches=1)

    assert await deliver_pending(unit_of_work, publisher, policy, limit=3) == 3
    assert [[m.id for m in batch] for batch in publisher.batches] == [ids[0:2], ids[2:3]]
    assert await _undelivered(unit_of_work) == ids[3:]

    assert await deliver_pending(unit_of_work, publisher, policy) == 2
    assert publisher.ids == ids


async def test_a_sink_that_is_down_leaves_every_message_for_later_with_the_reason(
    unit_of_work: UnitOfWorkFactory,
) -> None:
    ids = await _enqueue(unit_of_work, 3)

    assert await deliver_pending(unit_of_work, BrokenPublisher(), QUICK) == 0

    rows = await _rows(unit_of_work)
    # Unreachable: the attempt counts against none of them.
    assert [(row.attempts, row.last_error, row.delivered_at) for row in rows] == [
        (0, "ConnectionError", None)
    ] * 3
    # Backing off: not offered again at once…
    assert (await relay_once(unit_of_work, RecordingPublisher(), QUICK, 10)).claimed == 0
    await asyncio.sleep(QUICK.backoff(1) + 0.05)
    # …but once the backoff has passed (each row's own, so not always in one batch).
    publisher = RecordingPublisher()
    assert await deliver_pending(unit_of_work, publisher, QUICK) == 3
    assert sorted(publisher.ids) == sorted(ids)


async def test_a_failing_message_does_not_hold_back_the_ones_behind_it(
    unit_of_work: UnitOfWorkFactory,
) -> None:
    ids = await _enqueue(unit_of_work, 4)
    publisher = PickyPublisher(failing={0})

    relay_pass = await relay_once(unit_of_work, publisher, QUICK, 10)

    assert (relay_pass.claimed, relay_pass.delivered, relay_pass.failure) == (4, 3, "HTTP 503")
    assert await _undelivered(unit_of_work) == [ids[0]]
    await _enqueue(unit_of_work, 1, first=4)
    # The newer message goes out while the failed one waits out its backoff.
    assert await deliver_pending(unit_of_work, publisher, QUICK) == 1
    assert await _undelivered(unit_of_work) == [ids[0]]


async def test_after_too_many_failures_a_message_is_dead_until_retried(
    unit_of_work: UnitOfWorkFactory,
) -> None:
    ids = await _enqueue(unit_of_work, 2)
    publisher = PickyPublisher(failing={1})
    for _attempt in range(QUICK.max_attempts):
        await deliver_pending(unit_of_work, publisher, QUICK)
        await asyncio.sleep(QUICK.max_backoff + 0.05)

    async with unit_of_work() as uow:
        dead = await uow.outbox.dead()
        status = await uow.outbox.status()
    assert [(m.id, m.attempts, m.last_error) for m in dead] == [(ids[1], 3, "HTTP 503")]
    assert (status.pending, status.in_flight, status.delivered, status.dead) == (0, 0, 1, 1)
    assert status.oldest_pending_at is None
    tries = len(publisher.batches)
    assert await deliver_pending(unit_of_work, publisher, QUICK) == 0
    assert len(publisher.batches) == tries, "a dead message was offered again"

    async with unit_of_work() as uow:
        assert await uow.outbox.retry(ids[1]) == 1
        await uow.commit()
    assert await deliver_pending(unit_of_work, RecordingPublisher(), QUICK) == 1
    assert await _undelivered(unit_of_work) == []


async def test_a_sink_that_cannot_be_reached_parks_nothing_however_long_it_is_away(
    unit_of_work: UnitOfWorkFactory,
) -> None:
    """A broker down for a weekend is no fault of the messages: no attempt counts."""
    ids = await _enqueue(unit_of_work, 2)

    class AwayPublisher(RecordingPublisher):
        async def publish(self, messages: list[PendingMessage]) -> Delivery:
            self.batches.append(list(messages))
            return Delivery(failure="ConnectionRefusedError", sink_unavailable=True)

    away = AwayPublisher()
    for _outage in range(QUICK.max_attempts * 2):
        assert await deliver_pending(unit_of_work, away, QUICK) == 0
        await asyncio.sleep(QUICK.first_backoff + 0.02)

    assert len(away.batches) >= QUICK.max_attempts * 2 - 1
    rows = await _rows(unit_of_work)
    assert [(row.attempts, row.last_error) for row in rows] == [(0, "ConnectionRefusedError")] * 2
    async with unit_of_work() as uow:
        assert await uow.outbox.dead() == []
    publisher = RecordingPublisher()
    assert await deliver_pending(unit_of_work, publisher, QUICK) == 2
    assert publisher.ids == ids
    assert [m.attempts for m in publisher.batches[0]] == [1, 1]


async def test_a_message_the_sink_refuses_is_parked_at_once_with_the_reason(
    unit_of_work: UnitOfWorkFactory,
) -> None:
    ids = await _enqueue(unit_of_work, 3)

    relay_pass = await relay_once(unit_of_work, PickyPublisher(refusing={1}), QUICK, 10)

    assert (relay_pass.delivered, relay_pass.parked, relay_pass.failure) == (2, 1, None)
    async with unit_of_work() as uow:
        dead = await uow.outbox.dead()
        assert await uow.outbox.retry() == 1
        await uow.commit()
    assert [(m.id, m.attempts, m.last_error) for m in dead] == [(ids[1], 1, "HTTP 422")]
    publisher = RecordingPublisher()
    assert await deliver_pending(unit_of_work, publisher, QUICK) == 1
    assert publisher.ids == [ids[1]]


async def test_a_lease_keeps_others_off_until_it_runs_out_and_only_its_holder_acknowledges(
    unit_of_work: UnitOfWorkFactory,
) -> None:
    """A relay killed after claiming: its rows go to another relay once the lease ran out,
    and the dead relay's late acknowledgement (had it one) changes nothing."""
    ids = await _enqueue(unit_of_work, 2)
    async with unit_of_work() as uow:
        abandoned = await uow.outbox.claim(10, timedelta(milliseconds=300))
        await uow.commit()
    assert [m.id for m in abandoned.messages] == ids

    async with unit_of_work() as uow:
        assert (await uow.outbox.claim(10, timedelta(seconds=30))).messages == []
        status = await uow.outbox.status()
    assert (status.pending, status.in_flight) == (0, 2)

    await asyncio.sleep(0.4)
    publisher = RecordingPublisher()
    assert await deliver_pending(unit_of_work, publisher, QUICK) == 2
    assert publisher.ids == ids
    assert [m.attempts for m in publisher.batches[0]] == [2, 2]
    async with unit_of_work() as uow:
        assert await uow.outbox.acknowledge(abandoned, {m.id for m in abandoned.messages}) == 0


async def test_no_transaction_is_open_while_the_sink_publishes(
    unit_of_work: UnitOfWorkFactory,
) -> None:
    """While a publish hangs, a report can still be written: the claim was committed first."""
    await _enqueue(unit_of_work, 1)
    release = asyncio.Event()

    class HangingPublisher(RecordingPublisher):
        async def publish(self, messages: list[PendingMessage]) -> Delivery:
            await release.wait()
            return Delivery.of_all(messages)

    relaying = asyncio.create_task(deliver_pending(unit_of_work, HangingPublisher(), QUICK))
    try:
        await asyncio.sleep(0.1)
        await asyncio.wait_for(_enqueue(unit_of_work, 1), timeout=10)
        assert not relaying.done(), "the publish should still be hanging"
    finally:
        release.set()
    # The first message, then the one written meanwhile, claimed as the first was settled.
    assert await relaying == 2


async def test_status_counts_each_state_and_the_age_of_the_oldest_pending(
    unit_of_work: UnitOfWorkFactory,
) -> None:
    before = datetime.now(UTC)
    await _enqueue(unit_of_work, 4)
    await relay_once(unit_of_work, PickyPublisher(failing={1}, refusing={2}), QUICK, 10)
    async with unit_of_work() as uow:
        waiting = await uow.outbox.status()
    await asyncio.sleep(QUICK.backoff(1) + 0.05)
    async with unit_of_work() as uow:
        await uow.outbox.claim(1, timedelta(seconds=30))
        await uow.commit()
        status = await uow.outbox.status()

    # The failed message waits out its backoff as pending, then is in flight once claimed.
    assert (waiting.pending, waiting.in_flight, waiting.delivered, waiting.dead) == (1, 0, 2, 1)
    assert (status.pending, status.in_flight, status.delivered, status.dead) == (0, 1, 2, 1)
    assert status.oldest_pending_at is not None
    assert before - timedelta(seconds=1) <= status.oldest_pending_at <= datetime.now(UTC)


async def test_two_relays_deliver_every_message_exactly_once(
    unit_of_work: UnitOfWorkFactory, database_url: str
) -> None:
    """PostgreSQL: FOR UPDATE SKIP LOCKED lets both work side by side; SQLite: the write lock
    serialises their claims. Either way no message is lost or published twice."""
    ids = await _enqueue(unit_of_work, 30)
    first, second = RecordingPublisher(pause=0.02), RecordingPublisher(pause=0.02)
    policy = RelayPolicy(batch_size=3)

    counts = await asyncio.wait_for(
        asyncio.gather(
            deliver_pending(unit_of_work, first, policy),
            deliver_pending(unit_of_work, second, policy),
        ),
        timeout=60,
    )

    assert sorted(first.ids + second.ids) == ids, "a message was lost or published twice"
    assert list(counts) == [len(first.ids), len(second.ids)]
    assert await _undelivered(unit_of_work) == []
    if database_url.startswith("postgresql"):
        # Rows locked by one relay are skipped by the other, not waited for.
        assert first.ids, "the first relay got nothing: it waited instead of skipping"
        assert second.ids, "the second relay got nothing: it waited instead of skipping"


@pytest.mark.parametrize(("attempts", "expected"), [(1, 1.0), (2, 2.0), (5, 16.0), (30, 300.0)])
def test_backoff_doubles_up_to_its_ceiling(attempts: int, expected: float) -> None:
    assert RelayPolicy().backoff(attempts) == expected
