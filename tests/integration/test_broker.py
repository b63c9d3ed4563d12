"""Reports into a real RabbitMQ: the right properties, the published schema, a quorum queue,
never one row published twice by two relays, and a reference consumer that deduplicates."""

import asyncio
import json
from pathlib import Path

import aio_pika
import aiormq
import pytest

from core.app import open_core
from core.settings import Settings
from delivery.amqp import AmqpPublisher, BrokerNames, declare
from delivery.relay import RelayPolicy, deliver_pending
from reports.message import SCHEMA_ID, SUBMITTED_EVENT, validate_report_message
from reports.service import Reporter, ReportService
from storage.uow import UnitOfWorkFactory
from tests.integration.conftest import DraftFactory
from tests.support.broker import drain
from tests.support.cli import run_waspada


async def _submit(service: ReportService, make_draft: DraftFactory, count: int) -> list[str]:
    """Submits `count` reports; returns their idempotency keys."""
    keys = []
    for number in range(count):
        draft = make_draft()
        await service.submit(draft, Reporter(telegram_id=5_000 + number, interface_language="ms"))
        keys.append(draft.submission_key)
    return keys


async def test_reports_arrive_persistent_with_their_key_schema_and_event(
    unit_of_work: UnitOfWorkFactory,
    make_draft: DraftFactory,
    rabbitmq_server: str,
    broker_names: BrokerNames,
) -> None:
    keys = await _submit(ReportService(unit_of_work, "MY"), make_draft, 3)
    publisher = AmqpPublisher(rabbitmq_server, broker_names)
    try:
        assert await deliver_pending(unit_of_work, publisher) == 3
    finally:
        await publisher.close()

    received = await drain(rabbitmq_server, broker_names)

    assert [message.message_id for message in received] == keys
    for message in received:
        assert message.routing_key == SUBMITTED_EVENT
        assert message.content_type == "application/json"
        assert message.delivery_mode == aio_pika.DeliveryMode.PERSISTENT
        assert message.type == SCHEMA_ID
        assert message.payload["idempotency_key"] == message.message_id
        validate_report_message(message.payload)


async def test_the_centres_queue_is_a_durable_quorum_queue(
    rabbitmq_server: str, broker_names: BrokerNames
) -> None:
    publisher = AmqpPublisher(rabbitmq_server, broker_names)
    try:
        await publisher.publish([])
    finally:
        await publisher.close()
    connection = await aio_pika.connect(rabbitmq_server)
    async with connection:
        channel = await connection.channel()
        # Declaring it again as a classic queue must clash with what exists.
        with pytest.raises(aiormq.exceptions.ChannelPreconditionFailed, match="x-queue-type"):
            await channel.declare_queue(
                broker_names.queue, durable=True, arguments={"x-queue-type": "classic"}
            )


async def test_two_relays_never_publish_one_row_twice(
    postgres_url: str,
    make_draft: DraftFactory,
    rabbitmq_server: str,
    broker_names: BrokerNames,
) -> None:
    settings = Settings(_env_file=None, database_url=postgres_url)
    async with open_core(settings) as core:
        keys = await _submit(core.reports, make_draft, 60)
        first = AmqpPublisher(rabbitmq_server, broker_names)
        second = AmqpPublisher(rabbitmq_server, broker_names)
        policy = RelayPolicy(batch_size=7)
        try:
            counts = await asyncio.wait_for(
                asyncio.gather(
                    deliver_pending(core.unit_of_work, first, policy),
                    deliver_pending(core.unit_of_work, second, policy),
                ),
                timeout=60,
            )
        finally:
            await first.close()
            await second.close()

    received = await drain(rabbitmq_server, broker_names)
    assert sum(counts) == 60
    assert all(counts), "one relay did all the work: the other waited instead of skipping"
    assert sorted(message.message_id or "" for message in received) == sorted(keys)


async def test_the_reference_consumer_prints_each_report_once_however_often_it_arrives(
    sqlite_url: str, tmp_path: Path, rabbitmq_server: str, broker_names: BrokerNames
) -> None:
    """The same idempotency key published three times (a relay that crashed before its
    acknowledgement, twice) is printed once; a second run prints nothing again."""
    await _publish(rabbitmq_server, broker_names, ["key-a", "key-b", "key-a", "key-a"])
    settings = {
        "WASPADA_QUEUE_URL": rabbitmq_server,
        "WASPADA_QUEUE_EXCHANGE": broker_names.exchange,
        "WASPADA_QUEUE_NAME": broker_names.queue,
    }
    args = ["queue", "consume", "--json", "--idle", "1"]

    first = await asyncio.to_thread(run_waspada, args, sqlite_url, tmp_path, settings=settings)

    assert first.returncode == 0, first.stderr
    printed = [json.loads(line) for line in first.stdout.splitlines() if line]
    assert [message["idempotency_key"] for message in printed] == ["key-a", "key-b"]
    assert "2 message(s) consumed" in first.stderr
    assert await drain(rabbitmq_server, broker_names, idle=0.5) == []

    await _publish(rabbitmq_server, broker_names, ["key-b"])
    again = await asyncio.to_thread(run_waspada, args, sqlite_url, tmp_path, settings=settings)
    assert again.returncode == 0, again.stderr
    assert again.stdout == ""
    assert "0 message(s) consumed" in again.stderr


async def _publish(url: str, names: BrokerNames, keys: list[str]) -> None:
    connection = await aio_pika.connect(url)
    async with connection:
        channel = await connection.channel()
        exchange, _queue = await declare(channel, names)
        for key in keys:
            await exchange.publish(
                aio_pika.Message(
                    body=json.dumps({"reference": f"WSP-{key}", "idempotency_key": key}).encode(),
                    message_id=key,
                    delivery_mode=aio_pika.DeliveryMode.PERSISTENT,
                ),
                routing_key=SUBMITTED_EVENT,
            )
