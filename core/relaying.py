"""The relay beside a process's other work: inside `waspada run`, or as `waspada relay`."""

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

from aiohttp import web

from core.app import Core
from core.background import in_background
from core.http import add_service_routes, serve
from delivery.factory import opened
from delivery.relay import run_relay

log = logging.getLogger(__name__)


@contextlib.asynccontextmanager
async def relaying(core: Core) -> AsyncIterator[None]:
    """Forwards the outbox to the configured sink while the block runs."""
    publisher = core.publisher()
    if publisher is None:
        log.info("queue: the outbox is the queue; read it with `waspada queue consume`")
        yield
        return
    async with opened(publisher):
        relay = run_relay(core.unit_of_work, publisher, core.relay_policy(), core.outbox_bell)
        async with in_background(relay, name="outbox-relay"):
            yield


async def run_relay_process(core: Core, stop: asyncio.Event) -> None:
    """`waspada relay`: the relay alone, with /healthz and /metrics, until `stop` is set."""
    web_app = web.Application()
    add_service_routes(web_app, core.database, core.unit_of_work)
    runner = await serve(web_app, core.settings.http_host, core.settings.http_port)
    try:
        async with relaying(core):
            await stop.wait()
    finally:
        await runner.cleanup()
