"""The last line of defence: log the failure without personal data, and tell the user."""

import logging
import traceback

from aiogram import Router
from aiogram.enums import ChatType
from aiogram.types import ErrorEvent, Message
from aiogram.utils.i18n import gettext as _

log = logging.getLogger(__name__)


async def on_error(event: ErrorEvent) -> None:
    # Only the exception type and the stack: exception messages may quote what the user sent.
    stack = "".join(traceback.format_tb(event.exception.__traceback__))
    log.error(
        "update %s failed: %s\n%s", event.update.update_id, type(event.exception).__name__, stack
    )
    message = event.update.message or (
        event.update.callback_query.message if event.update.callback_query else None
    )
    # Groups only ever hear the guard's warnings, never about our failures.
    if isinstance(message, Message) and message.chat.type == ChatType.PRIVATE:
        await message.answer(
            _(
                "Sorry, something went wrong on our side. Your answers so far are kept; "
                "please try again in a moment."
            )
        )


def build_router() -> Router:
    router = Router(name=__name__)
    router.errors.register(on_error)
    return router
