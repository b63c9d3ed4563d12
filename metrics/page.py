"""GET /metrics: the process's counters, with the queue's figures read fresh from the database."""

import logging
from datetime import UTC, datetime

from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from metrics.registry import QUEUE_MESSAGES, QUEUE_OLDEST_PENDING_SECONDS, REGISTRY
from storage.outbox import QueueStatus
from storage.uow import UnitOfWorkFactory

log = logging.getLogger(__name__)


def add_metrics_route(web_app: web.Application, unit_of_work: UnitOfWorkFactory) -> None:
    async def metrics(_request: web.Request) -> web.Response:
        try:
            async with unit_of_work() as uow:
                show_queue(await uow.outbox.status())
        except Exception as error:  # the counters are still worth serving without the database
            log.warning("metrics: could not read the queue (%s)", type(error).__name__)
        return web.Response(
            body=generate_latest(REGISTRY), headers={"Content-Type": CONTENT_TYPE_LATEST}
        )

    web_app.router.add_get("/metrics", metrics)


def show_queue(status: QueueStatus) -> None:
    QUEUE_MESSAGES.labels("pending").set(status.pending)
    QUEUE_MESSAGES.labels("in_flight").set(status.in_flight)
    QUEUE_MESSAGES.labels("delivered").set(status.delivered)
    QUEUE_MESSAGES.labels("dead").set(status.dead)
    oldest = status.oldest_pending_at
    QUEUE_OLDEST_PENDING_SECONDS.set(
        (datetime.now(UTC) - oldest).total_seconds() if oldest else 0.0
    )
