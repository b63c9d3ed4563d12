"""`waspada run`: polling (default) or webhook, with the outbox relay beside the bot."""

import asyncio
import contextlib
import logging
import signal
from collections.abc import AsyncIterator

from aiogram import Bot
from aiohttp import web

from bot.app import App
from bot.polling import OrderedPolling
from bot.web import build_web_app
from delivery.relay import run_relay

log = logging.getLogger(__name__)


async def run_bot(app: App, bot: Bot, stop: asyncio.Event | None = None) -> None:
    """Runs until `stop` is set; without one, until SIGINT or SIGTERM."""
    if stop is None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for stop_signal in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(stop_signal, stop.set)
    async with _relay(app):
        if app.settings.webhook_url:
            await _run_webhook(app, bot, stop)
        else:
            await _run_polling(app, bot, stop)


async def _run_polling(app: App, bot: Bot, stop: asyncio.Event) -> None:
    runner = await _serve(build_web_app(app), app)
    try:
        await bot.delete_webhook(drop_pending_updates=False)
        allowed = app.dispatcher.resolve_used_update_types()
        await OrderedPolling(app.dispatcher, bot, allowed).run(stop)
    finally:
        await runner.cleanup()


async def _run_webhook(app: App, bot: Bot, stop: asyncio.Event) -> None:
    settings = app.settings
    runner = await _serve(build_web_app(app, bot), app)
    try:
        await bot.set_webhook(
            settings.webhook_url or "",
            secret_token=settings.webhook_secret.get_secret_value()
            if settings.webhook_secret
            else None,
            allowed_updates=app.dispatcher.resolve_used_update_types(),
        )
        log.info("webhook set; listening on %s:%d", settings.http_host, settings.http_port)
        await stop.wait()
    finally:
        await runner.cleanup()


async def _serve(web_app: web.Application, app: App) -> web.AppRunner:
    runner = web.AppRunner(web_app)
    await runner.setup()
    await web.TCPSite(runner, app.settings.http_host, app.settings.http_port).start()
    return runner


@contextlib.asynccontextmanager
async def _relay(app: App) -> AsyncIterator[None]:
    publisher = app.publisher()
    if publisher is None:
        log.info("queue: the outbox is the queue; read it with `waspada queue consume`")
        yield
        return
    task = asyncio.create_task(run_relay(app.unit_of_work, publisher), name="outbox-relay")
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
