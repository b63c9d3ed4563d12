"""HTTP endpoints: /healthz always, the Telegram webhook when configured."""

import logging
from typing import Any
from urllib.parse import urlsplit

from aiogram import Bot
from aiogram.methods import TelegramMethod
from aiogram.webhook.aiohttp_server import SimpleRequestHandler, setup_application
from aiohttp import web
from sqlalchemy import text

from bot.app import App
from bot.updates import read_update

log = logging.getLogger(__name__)


def build_web_app(app: App, bot: Bot | None = None) -> web.Application:
    """The health endpoint, plus the webhook route when a bot is given for webhook mode."""
    web_app = web.Application()

    async def healthz(_request: web.Request) -> web.Response:
        try:
            async with app.database.engine.connect() as connection:
                await connection.execute(text("SELECT 1"))
        except Exception as error:  # any database failure means unhealthy
            log.warning("health check failed: %s", type(error).__name__)
            return web.json_response({"status": "unavailable"}, status=503)
        return web.json_response({"status": "ok"})

    web_app.router.add_get("/healthz", healthz)
    if bot is not None:
        settings = app.settings
        secret = settings.webhook_secret.get_secret_value() if settings.webhook_secret else None
        _ReadingRequestHandler(
            app.dispatcher,
            bot,
            secret_token=secret,
            # Answer Telegram only once the update is handled: a failure makes it redeliver.
            handle_in_background=False,
        ).register(web_app, path=webhook_path(settings.webhook_url or ""))
        setup_application(web_app, app.dispatcher, bot=bot)
    return web_app


class _ReadingRequestHandler(SimpleRequestHandler):
    """Answers an update it cannot read with 200 (after logging its shape), so that Telegram
    stops resending it instead of holding back every update behind it."""

    async def _handle_request(self, bot: Bot, request: web.Request) -> web.Response:
        try:
            raw = await request.json(loads=bot.session.json_loads)
        except ValueError:
            log.warning("skipped a webhook request whose body is not JSON")
            return web.json_response({})
        update = read_update(raw, bot)
        if update is None:
            return web.json_response({})
        result: TelegramMethod[Any] | None = await self.dispatcher.feed_webhook_update(
            bot, update, **self.data
        )
        return web.Response(body=self._build_response_writer(bot=bot, result=result))


def webhook_path(webhook_url: str) -> str:
    return urlsplit(webhook_url).path or "/"
