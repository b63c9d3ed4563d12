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
from storage.uow import UnitOfWork, UnitOfWorkFactory

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RelayPolicy:
    batch_size: int = 200
    # Longer than any publish may take: a lease that runs out mid-publish lets another relay
    # send the same rows (a duplicate, never a loss).
    lease: timedelta = timedelta(seconds=60)
    max_attempts: int = 10
    first_backoff: float = 1.0
    max_backoff: float = 300.0
    # How often an idle relay looks for work another process wrote.
    poll_interval: float = 0.5
    # Batches in flight at once; 1 keeps the output in id order (a person reading it).
    parallel_batches: int = 3

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
    """One batch: claimed, published, settled."""
    claim = await _claim(unit_of_work, policy, limit)
    if not claim.messages:
        return RelayPass(0, 0, 0)
    relay_pass, _none = await _publish_and_settle(unit_of_work, publisher, claim, policy, 0)
    return relay_pass


async def _claim(unit_of_work: UnitOfWorkFactory, policy: RelayPolicy, limit: int) -> Claim:
    async with unit_of_work() as uow:
        claim = await uow.outbox.claim(limit, policy.lease)
        await uow.commit()
    return claim


async def _publish_and_settle(
    unit_of_work: UnitOfWorkFactory,
    publisher: Publisher,
    claim: Claim,
    policy: RelayPolicy,
    next_limit: int,
) -> tuple[RelayPass, Claim]:
    """Publishes the claim, then settles it and claims up to `next_limit` more in the same
    short transaction (one commit a batch instead of two); no claim after a failure."""
    try:
        delivery = await publisher.publish(claim.messages)
    except (ConnectionError, TimeoutError) as error:
        delivery = Delivery(failure=type(error).__name__, sink_unavailable=True)
    except Exception as error:  # the sink may fail in any way; the rows go round again
        delivery = Delivery(failure=type(error).__name__)
    async with unit_of_work() as uow:
        relay_pass = await _settle(uow, claim, delivery, policy)
        following = Claim("", [])
        if next_limit and relay_pass.failure is None:
            following = await uow.outbox.claim(next_limit, policy.lease)
        await uow.commit()
    RELAY_MESSAGES.labels("delivered").inc(relay_pass.delivered)
    failed = relay_pass.claimed - relay_pass.delivered - len(delivery.refused)
    RELAY_MESSAGES.labels("unavailable" if delivery.sink_unavailable else "failed").inc(failed)
    RELAY_MESSAGES.labels("parked").inc(relay_pass.parked)
    if relay_pass.parked:
        log.warning(
            "queue: parked %d message(s) as dead (see `waspada queue dead`)", relay_pass.parked
        )
    return relay_pass, following


async def _settle(
    uow: UnitOfWork, claim: Claim, delivery: Delivery, policy: RelayPolicy
) -> RelayPass:
    failed = delivery.failed(claim.messages)
    parked = len(delivery.refused)
    delivered = await uow.outbox.acknowledge(claim, delivery.delivered)
    for message_id, reason in delivery.refused.items():
        await uow.outbox.park(claim, message_id, reason)
    failed_ids = [message.id for message in failed]
    reason = delivery.failure or "failed"
    if failed and delivery.sink_unavailable:
        # The relay's own pause grows while the sink is away; the rows wait only as long as
        # the sink asked.
        retry_in = timedelta(seconds=delivery.retry_after or policy.first_backoff)
        await uow.outbox.release(claim, failed_ids, reason, retry_in)
    elif failed:
        attempts = max(message.attempts for message in failed)
        retry_in = timedelta(seconds=max(policy.backoff(attempts), delivery.retry_after or 0.0))
        parked += await uow.outbox.record_failure(
            claim, failed_ids, reason, retry_in, policy.max_attempts
        )
    return RelayPass(
        len(claim.messages), delivered, parked, reason if failed else None, delivery.retry_after
    )


@dataclass
class _Drained:
    delivered: int = 0
    failure: str | None = None
    retry_after: float | None = None


async def _drain(
    unit_of_work: UnitOfWorkFactory, publisher: Publisher, policy: RelayPolicy, limit: int | None
) -> _Drained:
    """Relays until nothing is due, a pass fails, or `limit` went out. Several batches are in
    flight at once, so that one's database work overlaps another's wait for the sink."""
    drained = _Drained()
    budget = limit

    def take() -> int:
        nonlocal budget
        size = policy.batch_size if budget is None else min(policy.batch_size, budget)
        if budget is not None:
            budget -= size
        return size if drained.failure is None else 0

    async def one_batch_after_another() -> None:
        size = take()
        claim = await _claim(unit_of_work, policy, size) if size else Claim("", [])
        while claim.messages:
            relay_pass, claim = await _publish_and_settle(
                unit_of_work, publisher, claim, policy, take()
            )
            drained.delivered += relay_pass.delivered
            if relay_pass.failure:
                drained.failure, drained.retry_after = relay_pass.failure, relay_pass.retry_after

    await asyncio.gather(*(one_batch_after_another() for _ in range(policy.parallel_batches)))
    return drained


async def deliver_pending(
    unit_of_work: UnitOfWorkFactory,
    publisher: Publisher,
    policy: RelayPolicy = RelayPolicy(),
    limit: int | None = None,
) -> int:
    """Delivers what is due until nothing is left, a pass fails, or `limit` went out; returns
    how many were delivered."""
    return (await _drain(unit_of_work, publisher, policy, limit)).delivered


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
        drained = await _drain(unit_of_work, publisher, policy, limit=None)
        if drained.delivered:
            log.info("queue: delivered %d message(s)", drained.delivered)
        if drained.failure:
            wait = max(pause, drained.retry_after or 0.0)
            log.warning("queue delivery failed (%s); retrying in %.0f s", drained.failure, wait)
            await asyncio.sleep(wait)
            pause = min(pause * 2, policy.max_backoff)
            continue
        pause = policy.first_backoff
        await bell.wait_at_most(policy.poll_interval)
