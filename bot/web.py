"""HTTP endpoints: /healthz always, the Telegram webhook when configured."""

import logging
from urllib.parse import urlsplit

from aiogram import Bot
from aiogram.webhook.aiohttp_server import SimpleRequestHandler, setup_application
from aiohttp import web
from sqlalchemy import text

from bot.app import App

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
        SimpleRequestHandler(
            app.dispatcher,
            bot,
            secret_token=secret,
            # Answer Telegram only once the update is handled: a failure makes it redeliver.
            handle_in_background=False,
        ).register(web_app, path=webhook_path(settings.webhook_url or ""))
        setup_application(web_app, app.dispatcher, bot=bot)
    return web_app


def webhook_path(webhook_url: str) -> str:
    return urlsplit(webhook_url).path or "/"
