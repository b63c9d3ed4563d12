"""The relay's throughput into RabbitMQ with publisher confirms, next to a bare aio-pika
publisher on the same broker, and the latency from "Submit" to the broker's confirm.

Run from the repository root, with RabbitMQ on 127.0.0.1:5672 (guest/guest) and PostgreSQL on
127.0.0.1:5432 (database `test`, trust), as this machine and CI provide them:

    .venv/bin/python benchmarks/relay_throughput.py [--backlog N] [--reports R] [--rate S]

1. Baseline: a bare aio-pika publisher with confirms publishes N persistent messages (a real
   report message, with the relay's properties) to a durable topic exchange bound to a quorum
   queue, 100 at a time awaited together: messages/s.
2. Backlog: N reports are written to a fresh PostgreSQL database's outbox while no relay runs
   (an outage), then one relay (`deliver_pending` with the project's AMQP publisher) drains
   them: messages/s, and the ratio to the baseline (target: at least 0.5). Steps 1 and 2
   take turns for --rounds rounds (the broker's speed drifts); the medians are compared.
3. Latency: with the relay running as inside `waspada run` (woken when a report is stored),
   R reports are submitted through the report service at S per second; a consumer notes when
   each message reaches the queue. p50 and p99 from the submit's return to its arrival
   (target: p99 under 1 s; arrival follows the confirm by a network hop).

A measurement: the exit code is 0 whether or not the targets are met, and non-zero only when
the run itself failed (a message missing).
"""

# ruff: noqa: E402  (the repository root must be on sys.path before the project's imports)

import argparse
import asyncio
import contextlib
import statistics
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import aio_pika
from sqlalchemy import select

from benchmarks.smoke import parse_with_smoke
from core.app import open_core
from core.settings import Settings
from delivery.amqp import AmqpPublisher, BrokerNames, declare
from delivery.relay import RelayPolicy, deliver_pending, run_relay
from reports.message import SCHEMA_ID, SUBMITTED_EVENT
from reports.service import Reporter
from storage.models import OutboxMessage
from tests.support.broker import delete, unique_names
from tests.support.drafts import complete_draft
from tests.support.postgres import fresh_database

AMQP_URL = "amqp://guest:guest@127.0.0.1:5672/"
POSTGRES_ADMIN = "postgresql://postgres@127.0.0.1:5432/test"
MIN_RATIO = 0.5
MAX_P99_SECONDS = 1.0


async def baseline(count: int, body: bytes) -> float:
    """Messages/s of a bare aio-pika publisher with confirms."""
    names = unique_names("waspada.bench")
    connection = await aio_pika.connect(AMQP_URL)
    try:
        async with connection:
            channel = await connection.channel(publisher_confirms=True)
            exchange, _queue = await declare(channel, names)
            started = time.perf_counter()
            for first in range(0, count, 100):
                await asyncio.gather(
                    *(
                        exchange.publish(
                            aio_pika.Message(
                                body,
                                content_type="application/json",
                                delivery_mode=aio_pika.DeliveryMode.PERSISTENT,
                                message_id=str(uuid.uuid4()),
                                type=SCHEMA_ID,
                            ),
                            routing_key=SUBMITTED_EVENT,
                        )
                        for number in range(first, min(first + 100, count))
                    )
                )
            return count / (time.perf_counter() - started)
    finally:
        await delete(AMQP_URL, names)


async def _queued(names: BrokerNames) -> int:
    connection = await aio_pika.connect(AMQP_URL)
    async with connection:
        channel = await connection.channel()
        queue = await channel.declare_queue(names.queue, passive=True)
        return int(queue.declaration_result.message_count or 0)


async def backlog(count: int) -> tuple[float, bytes]:
    """Messages/s of one relay draining `count` stored reports; and one message's body."""
    names = unique_names("waspada.bench")
    async with fresh_database(POSTGRES_ADMIN) as url:
        settings = Settings(_env_file=None, database_url=url)
        async with open_core(settings) as core:
            for number in range(count):
                draft = complete_draft()
                await core.reports.submit(draft, Reporter(number + 1, "ms"))
            async with core.unit_of_work() as uow:
                body = str(await uow.session.scalar(select(OutboxMessage.payload).limit(1)))
            publisher = AmqpPublisher(AMQP_URL, names)
            try:
                await publisher.publish([])  # connect and declare before the clock starts
                started = time.perf_counter()
                delivered = await deliver_pending(core.unit_of_work, publisher)
                elapsed = time.perf_counter() - started
            finally:
                await publisher.close()
    try:
        if delivered != count or await _queued(names) != count:
            raise SystemExit(f"the relay delivered {delivered} of {count}")
    finally:
        await delete(AMQP_URL, names)
    return delivered / elapsed, body.encode()


async def latency(reports: int, per_second: float) -> list[float]:
    """Seconds from each submit's return to its message's arrival in the queue."""
    names = unique_names("waspada.bench")
    submitted: dict[str, float] = {}
    arrived: dict[str, float] = {}
    async with fresh_database(POSTGRES_ADMIN) as url:
        settings = Settings(_env_file=None, database_url=url)
        async with open_core(settings) as core:
            consumer = await aio_pika.connect(AMQP_URL)
            async with consumer:
                channel = await consumer.channel()
                _exchange, queue = await declare(channel, names)

                everything_arrived = asyncio.Event()

                async def note(message: aio_pika.abc.AbstractIncomingMessage) -> None:
                    arrived[message.message_id or ""] = time.perf_counter()
                    await message.ack()
                    if len(arrived) == reports:
                        everything_arrived.set()

                await queue.consume(note)
                publisher = AmqpPublisher(AMQP_URL, names)
                await publisher.publish([])
                relay = asyncio.create_task(
                    run_relay(core.unit_of_work, publisher, RelayPolicy(), core.outbox_bell)
                )
                try:
                    for number in range(reports):
                        draft = complete_draft()
                        await core.reports.submit(draft, Reporter(number + 1, "ms"))
                        submitted[draft.submission_key] = time.perf_counter()
                        await asyncio.sleep(1 / per_second)
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(everything_arrived.wait(), timeout=30)
                finally:
                    relay.cancel()
                    with contextlib.suppress(asyncio.CancelledError):
                        await relay
                    await publisher.close()
    await delete(AMQP_URL, names)
    missing = set(submitted) - set(arrived)
    if missing:
        raise SystemExit(f"{len(missing)} report(s) never reached the queue")
    return sorted(arrived[key] - submitted[key] for key in submitted)


def percentile(values: list[float], percent: float) -> float:
    return values[min(len(values) - 1, int(len(values) * percent / 100))]


async def main(arguments: argparse.Namespace) -> None:
    relay_rates, bare_rates = [], []
    for _round in range(arguments.rounds):
        relay_rate, body = await backlog(arguments.backlog)
        relay_rates.append(relay_rate)
        bare_rates.append(await baseline(arguments.backlog, body))
    relay_rate, bare_rate = statistics.median(relay_rates), statistics.median(bare_rates)
    delays = await latency(arguments.reports, arguments.rate)
    ratio = relay_rate / bare_rate
    p50, p99 = percentile(delays, 50), percentile(delays, 99)
    print(f"schema {SCHEMA_ID}, message of {len(body)} bytes, quorum queue, publisher confirms")
    print(f"medians of {arguments.rounds} rounds, relay and baseline taking turns")
    print(f"{'bare aio-pika publisher (baseline)':44} {bare_rate:9.0f} msg/s")
    print(f"{f'relay draining a {arguments.backlog}-message backlog':44} {relay_rate:9.0f} msg/s")
    print(f"ratio {ratio:.2f} (target >= {MIN_RATIO}): {'met' if ratio >= MIN_RATIO else 'MISSED'}")
    print(
        f"submit to queue, {arguments.reports} reports at {arguments.rate:.0f}/s: "
        f"p50 {p50 * 1000:.0f} ms, p99 {p99 * 1000:.0f} ms "
        f"(target < {MAX_P99_SECONDS * 1000:.0f} ms): "
        f"{'met' if p99 < MAX_P99_SECONDS else 'MISSED'}"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backlog", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--reports", type=int, default=200)
    parser.add_argument("--rate", type=float, default=20.0)
    asyncio.run(main(parse_with_smoke(parser, backlog=20, rounds=1, reports=5, rate=50.0)))
