"""aiogram routers, one module per user journey, with the keyboards and texts they share."""

from aiogram import F, Router
from aiogram.enums import ChatType

from handlers import (
    check,
    errors,
    fallback,
    group_guard,
    hear_back,
    inline,
    myreports,
    report,
    review,
    start,
)


def build_router(operator_chat_id: int | None = None) -> Router:
    """A fresh router tree for each dispatcher.

    The journeys speak only in private chats, where the catch-all fallback comes last. The
    operators' chat gets the review; other groups only the guard; inline queries come from
    any chat.
    """
    private = Router(name="private")
    private_chat = F.chat.type == ChatType.PRIVATE
    private.message.filter(private_chat)
    private.edited_message.filter(private_chat)
    private.include_routers(
        hear_back.build_router(),
        start.build_router(),
        myreports.build_router(),
        check.build_router(),
        report.build_router(),
        check.build_answers_router(),
        fallback.build_router(),
    )
    root = Router(name="waspada")
    root.include_router(errors.build_router())
    if operator_chat_id is not None:
        root.include_router(review.build_router(operator_chat_id))
    root.include_routers(group_guard.build_router(), inline.build_router(), private)
    return root
