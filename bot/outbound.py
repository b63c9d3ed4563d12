"""The one outbound path to Telegram owns retries: `retry_after` is always honoured."""

import asyncio
import logging
from functools import cache
from typing import Any

from aiogram import Bot
from aiogram import methods as aiogram_methods
from aiogram.client.session.middlewares.base import BaseRequestMiddleware, NextRequestMiddlewareType
from aiogram.exceptions import TelegramNetworkError, TelegramRetryAfter, TelegramServerError
from aiogram.methods import GetUpdates, Response, TelegramMethod
from aiogram.methods.base import TelegramType

log = logging.getLogger(__name__)


class RetryAfterMiddleware(BaseRequestMiddleware):
    """Waits as long as Telegram asks on 429, and retries passing network or server faults."""

    def __init__(self, attempts: int = 5, base_delay: float = 0.5) -> None:
        self._attempts = attempts
        self._base_delay = base_delay

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        if method.__api_method__ == GetUpdates.__api_method__:  # polling has its own backoff
            return await make_request(bot, method)
        for attempt in range(1, self._attempts + 1):
            try:
                return await make_request(bot, method)
            except TelegramRetryAfter as error:
                delay: float = error.retry_after
                reason: Any = "rate limited"
            except (TelegramNetworkError, TelegramServerError) as error:
                if attempt == self._attempts:
                    raise
                delay, reason = self._base_delay * 2 ** (attempt - 1), type(error).__name__
            log.warning("%s: %s, retrying in %.1f s", method.__api_method__, reason, delay)
            await asyncio.sleep(delay)
        return await make_request(bot, method)


@cache
def pin_response_models() -> tuple[type, ...]:
    """Builds aiogram's `Response[T]` model for every Bot API method once, and keeps it.

    aiogram asks pydantic for `Response[method.__returning__]` on every call; pydantic keeps
    those generic classes only weakly, so without a strong reference each call rebuilds one
    (a third of the bot's CPU time under load).
    """
    return tuple(
        Response[method.__returning__]  # type: ignore[name-defined]
        for method in vars(aiogram_methods).values()
        if isinstance(method, type)
        and issubclass(method, TelegramMethod)
        and method is not TelegramMethod
        and hasattr(method, "__returning__")
    )
