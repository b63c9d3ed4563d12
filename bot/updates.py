"""Updates as Telegram sends them, read one at a time.

Telegram adds update types and fields that this aiogram may not know, and a batch from
getUpdates is parsed as a whole: one update aiogram cannot read would fail every request for
the batch, and one it cannot route would stop the poller. So each update is read alone; one
that cannot be read or routed is logged by its shape (field names and problem kinds, never
values, which hold what people wrote), skipped and confirmed like any other.
"""

import logging
from typing import Any

from aiogram import Bot
from aiogram.methods import TelegramMethod
from aiogram.types import Update
from aiogram.types.update import UpdateTypeLookupError
from pydantic import ValidationError

log = logging.getLogger(__name__)


class GetRawUpdates(TelegramMethod[list[dict[str, Any]]]):
    """getUpdates whose answer is left as plain JSON objects, to be read one by one."""

    __returning__ = list[dict[str, Any]]
    __api_method__ = "getUpdates"

    offset: int | None = None
    limit: int | None = None
    timeout: int | None = None
    allowed_updates: list[str] | None = None


def update_id_of(raw: Any) -> int | None:
    update_id = raw.get("update_id") if isinstance(raw, dict) else None
    return update_id if isinstance(update_id, int) and not isinstance(update_id, bool) else None


def read_update(raw: Any, bot: Bot) -> Update | None:
    """The update, or None (logged by its shape) when it cannot be read or routed."""
    fields = sorted(str(key) for key in raw) if isinstance(raw, dict) else [type(raw).__name__]
    try:
        update = Update.model_validate(raw, context={"bot": bot})
    except ValidationError as error:
        problems = sorted(
            {
                ".".join(str(part) for part in problem["loc"]) + ": " + problem["type"]
                for problem in error.errors(include_url=False, include_context=False)
            }
        )
        log.warning(
            "skipped update %s that could not be read: fields %s; problems %s",
            update_id_of(raw),
            fields,
            problems,
        )
        return None
    if not _has_known_type(update):
        log.warning("skipped update %s of an unknown type: fields %s", update.update_id, fields)
        return None
    return update


def _has_known_type(update: Update) -> bool:
    try:
        return bool(update.event_type)
    except UpdateTypeLookupError:
        return False
