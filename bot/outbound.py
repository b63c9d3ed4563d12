"""The one outbound path to Telegram: every request goes through `PacedSender`.

Telegram allows about 30 messages a second overall, one a second in a chat and 20 a minute in
a group. Replies to a person's own update are paced overall only (a person types slower than
that); what the bot sends of its own accord (operators' cards, notifications, group warnings;
marked with `unsolicited()`) also waits for its chat's turn. A 429 pauses that chat alone, for
as long as Telegram said, and the request is sent again then. A network or server failure is
retried only for requests a repeat cannot show twice (answers to buttons, edits, reads); a new
message is never sent twice on a guess.
"""

import asyncio
import contextlib
import logging
import time
from collections.abc import Iterator
from contextvars import ContextVar
from functools import cache
from typing import Any

from aiogram import Bot
from aiogram import methods as aiogram_methods
from aiogram.client.session.middlewares.base import BaseRequestMiddleware, NextRequestMiddlewareType
from aiogram.exceptions import TelegramNetworkError, TelegramRetryAfter, TelegramServerError
from aiogram.methods import GetUpdates, Response, TelegramMethod
from aiogram.methods.base import TelegramType

log = logging.getLogger(__name__)

# Methods that put a message in a chat (or change one): paced and never repeated on a guess.
_MESSAGES = frozenset(
    {
        "sendMessage", "sendPhoto", "sendDocument", "sendVideo", "sendAudio", "sendVoice",
        "sendSticker", "sendAnimation", "sendMediaGroup", "sendLocation", "sendContact",
        "copyMessage", "forwardMessage",
    }
)  # fmt: skip
_EDITS = frozenset({"editMessageText", "editMessageReplyMarkup", "editMessageCaption"})
_UNSOLICITED: ContextVar[bool] = ContextVar("unsolicited", default=False)


@contextlib.contextmanager
def unsolicited() -> Iterator[None]:
    """Marks the requests made inside as the bot's own initiative: they wait for their chat's
    turn too."""
    token = _UNSOLICITED.set(True)
    try:
        yield
    finally:
        _UNSOLICITED.reset(token)


class _Spacing:
    """Hands out moments at least `interval` apart, allowing a burst of `burst` at once."""

    def __init__(self, interval: float, burst: int) -> None:
        self._interval = interval
        self._burst = burst
        self._next = float("-inf")  # the first burst is available at once

    def reserve(self, now: float) -> float:
        """The moment the caller may send (now or later); that slot is then taken."""
        start = max(now - self._interval * (self._burst - 1), self._next)
        slot = max(start, now)
        self._next = start + self._interval
        return slot

    def pause_until(self, moment: float) -> None:
        self._next = max(self._next, moment)


class PacedSender(BaseRequestMiddleware):
    def __init__(
        self,
        per_second: float = 30.0,
        chat_interval: float = 1.0,
        group_interval: float = 3.0,
        attempts: int = 5,
        base_delay: float = 0.5,
    ) -> None:
        self._overall = _Spacing(1 / per_second, burst=int(per_second))
        self._chat_interval = chat_interval
        self._group_interval = group_interval
        self._chats: dict[Any, _Spacing] = {}
        # Chats Telegram asked to wait, and until when.
        self._paused: dict[Any, float] = {}
        self._attempts = attempts
        self._base_delay = base_delay

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        name = method.__api_method__
        if name == GetUpdates.__api_method__:  # polling has its own backoff
            return await make_request(bot, method)
        chat = getattr(method, "chat_id", None)
        repeatable = name not in _MESSAGES
        for attempt in range(1, self._attempts + 1):
            await self._wait_for_turn(name, chat)
            try:
                return await make_request(bot, method)
            except TelegramRetryAfter as error:
                self._pause(chat, float(error.retry_after))
                log.warning("%s: Telegram asked to wait %s s", name, error.retry_after)
            except (TelegramNetworkError, TelegramServerError) as error:
                if not repeatable or attempt == self._attempts:
                    raise
                delay = self._base_delay * 2 ** (attempt - 1)
                log.warning("%s: %s, retrying in %.1f s", name, type(error).__name__, delay)
                await asyncio.sleep(delay)
        return await make_request(bot, method)

    async def _wait_for_turn(self, name: str, chat: Any) -> None:
        # Each wait ends before the next slot is taken: a chat Telegram paused, or one waiting
        # for its own turn, must not hold a slot of the overall budget that others could use.
        await _sleep_until(self._paused.get(chat, 0.0))
        if name not in _MESSAGES and name not in _EDITS:
            return
        if _UNSOLICITED.get() and chat is not None:
            await _sleep_until(self._spacing_of(chat).reserve(time.monotonic()))
        await _sleep_until(self._overall.reserve(time.monotonic()))

    def _spacing_of(self, chat: Any) -> _Spacing:
        if chat not in self._chats:
            group = isinstance(chat, str) or (isinstance(chat, int) and chat < 0)
            interval = self._group_interval if group else self._chat_interval
            self._chats[chat] = _Spacing(interval, burst=1)
        return self._chats[chat]

    def _pause(self, chat: Any, seconds: float) -> None:
        until = time.monotonic() + seconds
        self._paused[chat] = max(self._paused.get(chat, 0.0), until)
        if chat is None:
            self._overall.pause_until(until)


async def _sleep_until(moment: float) -> None:
    delay = moment - time.monotonic()
    if delay > 0:
        await asyncio.sleep(delay)


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
