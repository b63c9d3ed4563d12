"""`waspada run`: polling (default) or webhook, with the outbox relay and feed refresh beside."""

import asyncio
import contextlib
import gc
import logging

from aiogram import Bot

from blocklists.refresh import run_feed_refresh
from bot.app import App
from bot.card_poster import post_cards
from bot.polling import OrderedPolling
from bot.web import build_web_app
from core.background import in_background, stop_on_signals
from core.http import serve
from core.relaying import relaying
from languages.detection import load_models
from sharing.pull import run_partner_pull

log = logging.getLogger(__name__)


async def run_bot(app: App, bot: Bot, stop: asyncio.Event | None = None) -> None:
    """Runs until `stop` is set; without one, until SIGINT or SIGTERM."""
    stop = stop or stop_on_signals()
    load_models()
    # What is loaded by now (modules, language models, the suffix list) lives as long as the
    # process. Frozen out of the garbage collector, it is no longer walked by each full
    # collection, which otherwise stalls every reply for a fifth of a second while a feed
    # import allocates its rows (benchmarks/import_while_answering.py).
    gc.collect()
    gc.freeze()
    async with _relay(app), _feed_refresh(app), _cards(app, bot), _partner_pull(app):
        if app.settings.webhook_url:
            await _run_webhook(app, bot, stop)
        else:
            await _run_polling(app, bot, stop)


async def _run_polling(app: App, bot: Bot, stop: asyncio.Event) -> None:
    web_app = build_web_app(app, bot, webhook=False)
    runner = await serve(web_app, app.settings.http_host, app.settings.http_port)
    try:
        await bot.delete_webhook(drop_pending_updates=False)
        allowed = app.dispatcher.resolve_used_update_types()
        await OrderedPolling(app.dispatcher, bot, allowed).run(stop)
    finally:
        await runner.cleanup()


async def _run_webhook(app: App, bot: Bot, stop: asyncio.Event) -> None:
    settings = app.settings
    web_app = build_web_app(app, bot, webhook=True)
    runner = await serve(web_app, settings.http_host, settings.http_port)
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


def _relay(app: App) -> contextlib.AbstractAsyncContextManager[None]:
    if not app.settings.embedded_relay:
        log.info("queue: no relay in this process; `waspada relay` forwards the outbox")
        return contextlib.nullcontext()
    return relaying(app.core)


def _partner_pull(app: App) -> contextlib.AbstractAsyncContextManager[None]:
    settings = app.settings
    if not settings.partners:
        return contextlib.nullcontext()
    pulling = run_partner_pull(app.unit_of_work, settings.partners, settings.partner_pull_minutes)
    return in_background(pulling, name="partner-pull")


def _cards(app: App, bot: Bot) -> contextlib.AbstractAsyncContextManager[None]:
    chat = app.settings.operator_chat_id
    if chat is None:
        return contextlib.nullcontext()
    i18n = app.dispatcher["i18n"]
    return in_background(post_cards(app.core, bot, i18n, chat), name="operator-cards")


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
    return in_background(refresh, name="feed-refresh")
