"""The endpoints every long-running process serves: /healthz and /metrics."""

import logging

from aiohttp import web
from aiohttp.abc import AbstractAccessLogger
from sqlalchemy import text

from metrics.page import add_metrics_route
from storage.database import Database
from storage.uow import UnitOfWorkFactory

log = logging.getLogger(__name__)


def add_service_routes(
    web_app: web.Application, database: Database, unit_of_work: UnitOfWorkFactory
) -> None:
    async def healthz(_request: web.Request) -> web.Response:
        try:
            async with database.engine.connect() as connection:
                await connection.execute(text("SELECT 1"))
        except Exception as error:  # any database failure means unhealthy
            log.warning("health check failed: %s", type(error).__name__)
            return web.json_response({"status": "unavailable"}, status=503)
        return web.json_response({"status": "ok"})

    web_app.router.add_get("/healthz", healthz)
    add_metrics_route(web_app, unit_of_work)


class PathOnlyAccessLogger(AbstractAccessLogger):
    """Method, path, status and time: never the query string, where a console search puts a
    phone number, nor the client's address."""

    def log(self, request: web.BaseRequest, response: web.StreamResponse, time: float) -> None:
        self.logger.info(
            "%s %s %d %.0f ms", request.method, request.path, response.status, time * 1000
        )


async def serve(web_app: web.Application, host: str, port: int) -> web.AppRunner:
    runner = web.AppRunner(web_app, access_log_class=PathOnlyAccessLogger)
    await runner.setup()
    await web.TCPSite(runner, host, port).start()
    return runner
