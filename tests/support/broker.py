"""Reading the centre's queue directly with aio-pika, as a consumer of the broker would."""

import asyncio
import json
import uuid
from dataclasses import dataclass
from typing import Any

import aio_pika

from delivery.amqp import BrokerNames


@dataclass(frozen=True)
class Received:
    message_id: str | None
    routing_key: str | None
    content_type: str | None
    delivery_mode: int | None
    type: str | None
    headers: dict[str, Any]
    payload: dict[str, Any]


async def drain(
    url: str, names: BrokerNames, idle: float = 1.0, limit: int = 100_000
) -> list[Received]:
    """Every message in the queue now (acknowledged), once nothing came for `idle` seconds."""
    received: list[Received] = []
    connection = await aio_pika.connect(url)
    async with connection:
        channel = await connection.channel()
        queue = await channel.get_queue(names.queue, ensure=True)
        async with queue.iterator() as messages:
            while len(received) < limit:
                try:
                    message = await asyncio.wait_for(anext(messages), timeout=idle)
                except TimeoutError:
                    break
                received.append(
                    Received(
                        message.message_id,
                        message.routing_key,
                        message.content_type,
                        int(message.delivery_mode) if message.delivery_mode else None,
                        message.type,
                        dict(message.headers or {}),
                        json.loads(message.body),
                    )
                )
                await message.ack()
    return received


def unique_names(prefix: str) -> BrokerNames:
    suffix = uuid.uuid4().hex[:10]
    return BrokerNames(f"{prefix}.{suffix}", f"{prefix}.{suffix}")


async def delete(url: str, names: BrokerNames) -> None:
    connection = await aio_pika.connect(url)
    async with connection:
        channel = await connection.channel()
        await channel.queue_delete(names.queue)
        await channel.exchange_delete(names.exchange)
