"""Filters written as coroutines: aiogram runs plain callables (magic filters, bare states)
in a worker thread, which costs a thread round trip for every handler it tries."""

from aiogram.filters import Filter
from aiogram.types import Message


class Carries(Filter):
    """Passes a message that carries any of the named parts (text, caption, photo, ...)."""

    def __init__(self, *parts: str) -> None:
        self._parts = parts

    async def __call__(self, message: Message) -> bool:
        return any(getattr(message, part, None) for part in self._parts)


class NotForwarded(Filter):
    """Passes what the person wrote themselves: a forwarded message is evidence instead."""

    async def __call__(self, message: Message) -> bool:
        return message.forward_origin is None
