"""`waspada run`: polling (default) or webhook, with the outbox relay and feed refresh beside."""

import asyncio
import contextlib
import gc
import logging
import signal
from collections.abc import AsyncIterator, Coroutine
from typing import Any

from aiogram import Bot
from aiohttp import web

from blocklists.refresh import run_feed_refresh
from bot.app import App
from bot.polling import OrderedPolling
from bot.web import build_web_app
from delivery.relay import run_relay
from languages.detection import load_models

log = logging.getLogger(__name__)


async def run_bot(app: App, bot: Bot, stop: asyncio.Event | None = None) -> None:
    """Runs until `stop` is set; without one, until SIGINT or SIGTERM."""
    if stop is None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for stop_signal in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(stop_signal, stop.set)
    load_models()
    # What is loaded by now (modules, language models, the suffix list) lives as long as the
    # process. Frozen out of the garbage collector, it is no longer walked by each full
    # collection, which otherwise stalls every reply for a fifth of a second while a feed
    # import allocates its rows (benchmarks/import_while_answering.py).
    gc.collect()
    gc.freeze()
    async with _relay(app), _feed_refresh(app):
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


def _relay(app: App) -> contextlib.AbstractAsyncContextManager[None]:
    publisher = app.publisher()
    if publisher is None:
        log.info("queue: the outbox is the queue; read it with `waspada queue consume`")
        return contextlib.nullcontext()
    return _in_background(run_relay(app.unit_of_work, publisher), name="outbox-relay")


def _feed_refresh(app: App) -> contextlib.AbstractAsyncContextManager[None]:
    settings = app.settings
    if not settings.feeds:
        return contextlib.nullcontext()
    log.info(
        "feeds: refreshing %d feed(s) now and every %d minutes",
        len(settings.feeds),
        settings.feed_refresh_minutes,
    )
    refresh = run_feed_refresh(
        app.unit_of_work,
        settings.feeds,
        default_region=settings.country,
        interval_seconds=settings.feed_refresh_minutes * 60,
    )
    return _in_background(refresh, name="feed-refresh")


@contextlib.asynccontextmanager
async def _in_background(work: Coroutine[Any, Any, None], name: str) -> AsyncIterator[None]:
    """Runs `work` as a task while the block runs; cancels it and waits for it after."""
    task = asyncio.create_task(work, name=name)
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
