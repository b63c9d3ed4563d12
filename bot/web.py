"""HTTP endpoints: /healthz and /metrics always, the Telegram webhook when configured."""

import logging
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from aiogram import Bot
from aiogram.methods import TelegramMethod
from aiogram.webhook.aiohttp_server import SimpleRequestHandler, setup_application
from aiohttp import web

from bot.app import App
from bot.updates import read_update
from core.http import add_service_routes
from storage.uow import UnitOfWorkFactory
from storage.updates import UpdateClaim

log = logging.getLogger(__name__)

# Marks of handled updates older than this are dropped: Telegram redelivers for a day at most.
UPDATE_MEMORY = timedelta(days=2)
FORGET_EVERY = 1000


def build_web_app(app: App, bot: Bot | None = None) -> web.Application:
    """/healthz and /metrics, plus the webhook route when a bot is given for webhook mode."""
    web_app = web.Application()
    add_service_routes(web_app, app.database, app.unit_of_work)
    if bot is not None:
        settings = app.settings
        secret = settings.webhook_secret.get_secret_value() if settings.webhook_secret else None
        _ReadingRequestHandler(
            app.unit_of_work,
            timedelta(seconds=settings.webhook_claim_seconds),
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

    def __init__(
        self, unit_of_work: UnitOfWorkFactory, hold: timedelta, *args: Any, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self._unit_of_work = unit_of_work
        # Long enough to handle any update; a process that died holding one frees it after.
        self._hold = hold
        self._claimed = 0

    async def _handle_request(self, bot: Bot, request: web.Request) -> web.Response:
        try:
            raw = await request.json(loads=bot.session.json_loads)
        except ValueError:
            log.warning("skipped a webhook request whose body is not JSON")
            return web.json_response({})
        update = read_update(raw, bot)
        if update is None:
            return web.json_response({})
        claim = await self._claim(bot.id, update.update_id)
        if claim == UpdateClaim.HANDLED:
            return web.json_response({})
        if claim == UpdateClaim.BUSY:
            return web.json_response({}, status=503)
        try:
            result: TelegramMethod[Any] | None = await self.dispatcher.feed_webhook_update(
                bot, update, **self.data
            )
        except BaseException:
            await self._settle(bot.id, update.update_id, handled=False)
            raise
        await self._settle(bot.id, update.update_id, handled=True)
        return web.Response(body=self._build_response_writer(bot=bot, result=result))

    async def _claim(self, bot_id: int, update_id: int) -> UpdateClaim:
        now = datetime.now(UTC)
        async with self._unit_of_work() as uow:
            claim = await uow.updates.claim(bot_id, update_id, now, self._hold)
            self._claimed += 1
            if self._claimed % FORGET_EVERY == 0:
                await uow.updates.forget_before(now - UPDATE_MEMORY)
            await uow.commit()
        return claim

    async def _settle(self, bot_id: int, update_id: int, handled: bool) -> None:
        now = datetime.now(UTC)
        async with self._unit_of_work() as uow:
            if handled:
                await uow.updates.finish(bot_id, update_id, now)
            else:
                await uow.updates.release(bot_id, update_id, now)
            await uow.commit()


def webhook_path(webhook_url: str) -> str:
    return urlsplit(webhook_url).path or "/"
