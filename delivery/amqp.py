"""RabbitMQ through aio-pika: a durable topic exchange, a quorum queue, publisher confirms.

A message counts as delivered only once the broker confirmed it, which for a quorum queue
means a majority of its replicas wrote it. The connection is made when first needed and again
after it was lost (a broker restart), so a relay started before the broker still delivers.
"""

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import aio_pika
from aio_pika.abc import (
    AbstractChannel,
    AbstractConnection,
    AbstractExchange,
    AbstractIncomingMessage,
    AbstractQueue,
)
from aiormq.exceptions import ChannelClosed, ChannelInvalidStateError

from delivery.publishers import CONTENT_TYPE, Delivery, message_body
from storage.outbox import PendingMessage

log = logging.getLogger(__name__)

CONFIRM_TIMEOUT_SECONDS = 30.0
# Every event about a report reaches the centre's queue: report.submitted, report.updated…
QUEUE_BINDING = "report.*"
# The broker is down, restarting or unreachable: no message was judged. (A nack or an
# unroutable message is the message's own failure.)
_BROKER_AWAY = (ConnectionError, OSError, TimeoutError, ChannelInvalidStateError, ChannelClosed)


@dataclass(frozen=True)
class BrokerNames:
    exchange: str
    queue: str


class AmqpPublisher:
    def __init__(self, url: str, names: BrokerNames) -> None:
        self._url = url
        self._names = names
        self._connection: AbstractConnection | None = None
        self._exchange: AbstractExchange | None = None
        # The relay publishes several batches at once: one of them connects, the others wait
        # for that connection instead of opening (and closing) their own under it.
        self._connecting = asyncio.Lock()

    async def open(self) -> None:
        """Nothing to do before the first batch: connecting then lets a relay start while the
        broker is still down."""

    async def close(self) -> None:
        await self._disconnect()

    async def publish(self, messages: list[PendingMessage]) -> Delivery:
        try:
            exchange = await self._ready_exchange()
        except _BROKER_AWAY as error:
            await self._disconnect()
            return Delivery(failure=type(error).__name__, sink_unavailable=True)
        outcomes = await asyncio.gather(
            *(self._publish_one(exchange, message) for message in messages),
            return_exceptions=True,
        )
        delivery = Delivery()
        for message, outcome in zip(messages, outcomes, strict=True):
            if isinstance(outcome, BaseException):
                delivery.failure = type(outcome).__name__
                delivery.sink_unavailable |= isinstance(outcome, _BROKER_AWAY)
            else:
                delivery.delivered.add(message.id)
        if delivery.failure:
            # Whatever went wrong, the next batch starts on a fresh connection.
            await self._disconnect()
        return delivery

    async def _publish_one(self, exchange: AbstractExchange, message: PendingMessage) -> None:
        await exchange.publish(
            aio_pika.Message(
                body=message_body(message),
                content_type=CONTENT_TYPE,
                delivery_mode=aio_pika.DeliveryMode.PERSISTENT,
                message_id=message.idempotency_key,
                # The schema and its version ("waspada.report.v2"), for routing by consumers.
                type=message.schema,
            ),
            routing_key=message.event,
            mandatory=True,
            timeout=CONFIRM_TIMEOUT_SECONDS,
        )

    async def _ready_exchange(self) -> AbstractExchange:
        async with self._connecting:
            exchange = self._exchange
            if exchange is None or self._connection is None or self._connection.is_closed:
                await self._disconnect()
                connection = await aio_pika.connect(self._url)
                try:
                    channel = await connection.channel(
                        publisher_confirms=True, on_return_raises=True
                    )
                    exchange, _queue = await declare(channel, self._names)
                except BaseException:
                    with contextlib.suppress(*_BROKER_AWAY):
                        await connection.close()
                    raise
                self._connection, self._exchange = connection, exchange
                log.info("queue: connected to the broker")
            return exchange

    async def _disconnect(self) -> None:
        connection, self._connection, self._exchange = self._connection, None, None
        if connection is not None and not connection.is_closed:
            with contextlib.suppress(*_BROKER_AWAY):
                await connection.close()


async def declare(
    channel: AbstractChannel, names: BrokerNames
) -> tuple[AbstractExchange, AbstractQueue]:
    """The exchange and the centre's queue, declared by both sides so either may start first."""
    exchange = await channel.declare_exchange(
        names.exchange, aio_pika.ExchangeType.TOPIC, durable=True
    )
    queue = await channel.declare_queue(
        names.queue, durable=True, arguments={"x-queue-type": "quorum"}
    )
    await queue.bind(exchange, routing_key=QUEUE_BINDING)
    return exchange, queue


Handler = Callable[[AbstractIncomingMessage], Awaitable[None]]


async def consume(
    url: str, names: BrokerNames, handle: Handler, limit: int | None, idle: float | None
) -> int:
    """Hands each message to `handle` and acknowledges it after `handle` returned (a crash in
    between redelivers it). Returns how many were handled, once `limit` were or nothing came
    for `idle` seconds; without either it runs until cancelled."""
    connection = await aio_pika.connect(url)
    handled = 0
    async with connection:
        channel = await connection.channel()
        await channel.set_qos(prefetch_count=100)
        _exchange, queue = await declare(channel, names)
        async with queue.iterator() as messages:
            while limit is None or handled < limit:
                try:
                    incoming = await asyncio.wait_for(anext(messages), timeout=idle)
                except TimeoutError:
                    break
                await handle(incoming)
                await incoming.ack()
                handled += 1
    return handled
