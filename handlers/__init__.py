"""aiogram routers, one module per user journey, with the keyboards and texts they share."""

from aiogram import F, Router
from aiogram.enums import ChatType

from handlers import check, errors, fallback, group_guard, inline, myreports, report, start


def build_router() -> Router:
    """A fresh router tree for each dispatcher.

    The journeys speak only in private chats, where the catch-all fallback comes last; in
    groups the bot does nothing but guard, and inline queries come from any chat.
    """
    private = Router(name="private")
    private_chat = F.chat.type == ChatType.PRIVATE
    private.message.filter(private_chat)
    private.edited_message.filter(private_chat)
    private.include_routers(
        start.build_router(),
        myreports.build_router(),
        check.build_router(),
        report.build_router(),
        check.build_answers_router(),
        fallback.build_router(),
    )
    root = Router(name="waspada")
    root.include_routers(
        errors.build_router(), group_guard.build_router(), inline.build_router(), private
    )
    return root
