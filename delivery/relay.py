"""Moves messages from the outbox to a publisher: at least once, in order, with backoff."""

import asyncio
import logging

from delivery.publishers import Publisher
from storage.uow import UnitOfWorkFactory

log = logging.getLogger(__name__)

BATCH_SIZE = 100


async def deliver_pending(
    unit_of_work: UnitOfWorkFactory, publisher: Publisher, limit: int | None = None
) -> int:
    """Delivers pending messages until none is left (or `limit` went out); returns the count.

    A batch is acknowledged only after the publisher returned, so a failure leaves it pending.
    """
    delivered = 0
    while limit is None or delivered < limit:
        batch_size = BATCH_SIZE if limit is None else min(BATCH_SIZE, limit - delivered)
        async with unit_of_work() as uow:
            batch = await uow.outbox.claim_pending(batch_size)
            if not batch:
                break
            await publisher.publish(batch)
            await uow.commit()
        delivered += len(batch)
    return delivered


async def run_relay(
    unit_of_work: UnitOfWorkFactory,
    publisher: Publisher,
    interval: float = 1.0,
    max_backoff: float = 60.0,
) -> None:
    """Runs until cancelled; a failing sink is retried with exponential backoff."""
    delay = interval
    while True:
        try:
            count = await deliver_pending(unit_of_work, publisher)
        except Exception as error:  # the sink may fail in any way; the relay must go on
            log.warning(
                "queue delivery failed (%s); retrying in %.0f s", type(error).__name__, delay
            )
            await asyncio.sleep(delay)
            delay = min(delay * 2, max_backoff)
            continue
        if count:
            log.info("delivered %d queue message(s)", count)
        delay = interval
        await asyncio.sleep(interval)
