"""Moves messages from the outbox to a publisher: at least once, with backoff and dead letters.

Each pass leases a batch in one short transaction, publishes it with no transaction open,
and settles it in a second short one: delivered rows are acknowledged, refused rows parked,
the rest freed to be tried again after a backoff that grows with their attempts. A failing
message therefore never holds back the ones behind it, and several relays can run at once.
"""

import asyncio
import contextlib
import logging
from dataclasses import dataclass
from datetime import timedelta

from delivery.publishers import Delivery, Publisher
from metrics.registry import RELAY_MESSAGES
from storage.outbox import Claim
from storage.uow import UnitOfWorkFactory

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RelayPolicy:
    batch_size: int = 100
    # Longer than any publish may take: a lease that runs out mid-publish lets another relay
    # send the same rows (a duplicate, never a loss).
    lease: timedelta = timedelta(seconds=60)
    max_attempts: int = 10
    first_backoff: float = 1.0
    max_backoff: float = 300.0
    # How often an idle relay looks for work another process wrote.
    poll_interval: float = 0.5

    def backoff(self, attempts: int) -> float:
        growth: float = 2.0 ** max(attempts - 1, 0)
        return min(self.first_backoff * growth, self.max_backoff)


@dataclass(frozen=True)
class RelayPass:
    claimed: int
    delivered: int
    parked: int
    failure: str | None = None
    retry_after: float | None = None


class OutboxBell:
    """Rung after a report is stored, so that a relay in the same process sends it at once
    instead of at its next poll."""

    def __init__(self) -> None:
        self._event = asyncio.Event()

    def ring(self) -> None:
        self._event.set()

    async def wait_at_most(self, seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._event.wait(), seconds)
        self._event.clear()


async def relay_once(
    unit_of_work: UnitOfWorkFactory, publisher: Publisher, policy: RelayPolicy, limit: int
) -> RelayPass:
    async with unit_of_work() as uow:
        claim = await uow.outbox.claim(limit, policy.lease)
        await uow.commit()
    if not claim.messages:
        return RelayPass(0, 0, 0)
    try:
        delivery = await publisher.publish(claim.messages)
    except (ConnectionError, TimeoutError) as error:
        delivery = Delivery(failure=type(error).__name__, sink_unavailable=True)
    except Exception as error:  # the sink may fail in any way; the rows go round again
        delivery = Delivery(failure=type(error).__name__)
    return await _settle(unit_of_work, claim, delivery, policy)


async def _settle(
    unit_of_work: UnitOfWorkFactory, claim: Claim, delivery: Delivery, policy: RelayPolicy
) -> RelayPass:
    failed = delivery.failed(claim.messages)
    parked = len(delivery.refused)
    async with unit_of_work() as uow:
        delivered = await uow.outbox.acknowledge(claim, delivery.delivered)
        for message_id, reason in delivery.refused.items():
            await uow.outbox.park(claim, message_id, reason)
        failed_ids = [message.id for message in failed]
        reason = delivery.failure or "failed"
        if failed and delivery.sink_unavailable:
            # The relay's own pause grows while the sink is away; the rows wait only as long
            # as the sink asked.
            retry_in = timedelta(seconds=delivery.retry_after or policy.first_backoff)
            await uow.outbox.release(claim, failed_ids, reason, retry_in)
        elif failed:
            attempts = max(message.attempts for message in failed)
            retry_in = timedelta(seconds=max(policy.backoff(attempts), delivery.retry_after or 0.0))
            parked += await uow.outbox.record_failure(
                claim, failed_ids, reason, retry_in, policy.max_attempts
            )
        await uow.commit()
    RELAY_MESSAGES.labels("delivered").inc(delivered)
    RELAY_MESSAGES.labels("unavailable" if delivery.sink_unavailable else "failed").inc(len(failed))
    RELAY_MESSAGES.labels("parked").inc(parked)
    if parked:
        log.warning("queue: parked %d message(s) as dead (see `waspada queue dead`)", parked)
    return RelayPass(
        len(claim.messages),
        delivered,
        parked,
        reason if failed else None,
        delivery.retry_after,
    )


async def deliver_pending(
    unit_of_work: UnitOfWorkFactory,
    publisher: Publisher,
    policy: RelayPolicy = RelayPolicy(),
    limit: int | None = None,
) -> int:
    """Delivers what is due until nothing is left, a pass fails, or `limit` went out; returns
    how many were delivered."""
    delivered = 0
    while limit is None or delivered < limit:
        batch = policy.batch_size if limit is None else min(policy.batch_size, limit - delivered)
        relay_pass = await relay_once(unit_of_work, publisher, policy, batch)
        delivered += relay_pass.delivered
        if relay_pass.claimed == 0 or relay_pass.failure:
            break
    return delivered


async def run_relay(
    unit_of_work: UnitOfWorkFactory,
    publisher: Publisher,
    policy: RelayPolicy = RelayPolicy(),
    bell: OutboxBell | None = None,
) -> None:
    """Runs until cancelled. A failing sink pauses the relay with a growing backoff (or as
    long as the sink asked); the failed rows themselves wait out their own backoff."""
    bell = bell or OutboxBell()
    pause = policy.first_backoff
    while True:
        relay_pass = await relay_once(unit_of_work, publisher, policy, policy.batch_size)
        if relay_pass.failure:
            wait = max(pause, relay_pass.retry_after or 0.0)
            log.warning("queue delivery failed (%s); retrying in %.0f s", relay_pass.failure, wait)
            await asyncio.sleep(wait)
            pause = min(pause * 2, policy.max_backoff)
            continue
        pause = policy.first_backoff
        if relay_pass.delivered:
            log.info("queue: delivered %d message(s)", relay_pass.delivered)
        if relay_pass.claimed < policy.batch_size:
            await bell.wait_at_most(policy.poll_interval)
