"""HTTP endpoints: /healthz and /metrics always, the Telegram webhook when configured."""

import logging
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

from aiogram import Bot
from aiogram.methods import TelegramMethod
from aiogram.webhook.aiohttp_server import SimpleRequestHandler, setup_application
from aiohttp import web
from redis.asyncio import Redis

from bot.app import App
from bot.follow_up import telegram_follow_up
from bot.updates import read_update
from console.app import mount_console
from core.http import add_service_routes
from sharing.taxii import mount_taxii
from storage.update_ledger import DatabaseUpdateLedger, RedisUpdateLedger, UpdateLedger
from storage.updates import UpdateClaim

log = logging.getLogger(__name__)


def build_web_app(app: App, bot: Bot, *, webhook: bool) -> web.Application:
    """/healthz and /metrics, the webhook route in webhook mode, the TAXII server for partner
    centres at /taxii2/, and the console at /console/ when WASPADA_CONSOLE_ENABLED is set (its
    decisions then reach Telegram as the chat's do)."""
    web_app = web.Application()
    add_service_routes(web_app, app.database, app.unit_of_work)
    mount_taxii(web_app, app.core)
    if app.settings.console_enabled:
        mount_console(web_app, app.core, telegram_follow_up(app, bot))
    if webhook:
        settings = app.settings
        secret = settings.webhook_secret.get_secret_value() if settings.webhook_secret else None
        _ReadingRequestHandler(
            _update_ledger(app, web_app),
            app.dispatcher,
            bot,
            secret_token=secret,
            # Answer Telegram only once the update is handled: a failure makes it redeliver.
            handle_in_background=False,
        ).register(web_app, path=webhook_path(settings.webhook_url or ""))
        setup_application(web_app, app.dispatcher, bot=bot)
    return web_app


class _ReadingRequestHandler(SimpleRequestHandler):
    """Handles each update once across every process behind the load balancer: a repeat of a
    handled one is acknowledged, one that another process is handling now is answered 503
    (Telegram delivers it again later, and takes it over if that process died). An update it
    cannot read is answered 200 (after logging its shape), so that Telegram stops resending it
    instead of holding back every update behind it."""

    def __init__(self, ledger: UpdateLedger, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._ledger = ledger

    async def _handle_request(self, bot: Bot, request: web.Request) -> web.Response:
        try:
            raw = await request.json(loads=bot.session.json_loads)
        except ValueError:
            log.warning("skipped a webhook request whose body is not JSON")
            return web.json_response({})
        update = read_update(raw, bot)
        if update is None:
            return web.json_response({})
        claim = await self._ledger.claim(bot.id, update.update_id)
        if claim == UpdateClaim.HANDLED:
            return web.json_response({})
        if claim == UpdateClaim.BUSY:
            return web.json_response({}, status=503)
        try:
            result: TelegramMethod[Any] | None = await self.dispatcher.feed_webhook_update(
                bot, update, **self.data
            )
        except BaseException:
            await self._ledger.settle(bot.id, update.update_id, handled=False)
            raise
        await self._ledger.settle(bot.id, update.update_id, handled=True)
        return web.Response(body=self._build_response_writer(bot=bot, result=result))


def _update_ledger(app: App, web_app: web.Application) -> UpdateLedger:
    hold = timedelta(seconds=app.settings.webhook_claim_seconds)
    if app.settings.redis_url is None:
        return DatabaseUpdateLedger(app.unit_of_work, hold)
    redis = Redis.from_url(app.settings.redis_url)

    async def close(_web_app: web.Application) -> None:
        await redis.aclose()

    web_app.on_cleanup.append(close)
    return RedisUpdateLedger(redis, hold)


def webhook_path(webhook_url: str) -> str:
    return urlsplit(webhook_url).path or "/"
