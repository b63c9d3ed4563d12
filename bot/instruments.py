"""Counts and times every update handled and every Bot API request made (metrics.registry)."""

import time
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware, Bot
from aiogram.client.session.middlewares.base import BaseRequestMiddleware, NextRequestMiddlewareType
from aiogram.methods import GetUpdates, Response, TelegramMethod
from aiogram.methods.base import TelegramType
from aiogram.types import TelegramObject, Update

from metrics.registry import REPLIES, REPLY_SECONDS, UPDATE_SECONDS, UPDATES


class UpdateMetricsMiddleware(BaseMiddleware):
    """An outer middleware on the dispatcher's updates: one count and one timing each."""

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        kind = event.event_type if isinstance(event, Update) else type(event).__name__
        started = time.perf_counter()
        try:
            return await handler(event, data)
        finally:
            UPDATES.labels(kind).inc()
            UPDATE_SECONDS.labels(kind).observe(time.perf_counter() - started)


class RequestMetricsMiddleware(BaseRequestMiddleware):
    """Every request but getUpdates (a long poll, timed by its own wait, not by the bot)."""

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        name = method.__api_method__
        if name == GetUpdates.__api_method__:
            return await make_request(bot, method)
        started = time.perf_counter()
        outcome = "ok"
        try:
            return await make_request(bot, method)
        except Exception as error:
            outcome = type(error).__name__
            raise
        finally:
            REPLIES.labels(name, outcome).inc()
            REPLY_SECONDS.labels(name).observe(time.perf_counter() - started)
