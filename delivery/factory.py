"""The one place that turns WASPADA_QUEUE_URL into a publisher and a relay policy."""

import contextlib
from collections.abc import AsyncIterator
from datetime import timedelta

from core.settings import QueueSettings, file_path
from delivery.publishers import JsonLinesFilePublisher, Publisher
from delivery.relay import RelayPolicy


def build_publisher(settings: QueueSettings) -> Publisher | None:
    """The sink the relay feeds; None when the outbox itself is the queue."""
    url = settings.queue_url
    if url is None:
        return None
    match settings.queue_kind:
        case "amqp":
            # Imported here: commands that never publish need not load the broker client.
            from delivery.amqp import AmqpPublisher, BrokerNames

            return AmqpPublisher(url, BrokerNames(settings.queue_exchange, settings.queue_name))
        case "http":
            from delivery.intake import HttpIntakePublisher

            return HttpIntakePublisher(url, settings.intake_secret())
    return JsonLinesFilePublisher(file_path(url))


def relay_policy(settings: QueueSettings) -> RelayPolicy:
    return RelayPolicy(
        lease=timedelta(seconds=settings.queue_lease_seconds),
        max_attempts=settings.queue_max_attempts,
    )


@contextlib.asynccontextmanager
async def opened(publisher: Publisher) -> AsyncIterator[Publisher]:
    await publisher.open()
    try:
        yield publisher
    finally:
        await publisher.close()
