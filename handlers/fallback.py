"""Replies to whatever no journey handled: nobody is left without an answer."""

from aiogram import Router
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import gettext as _

from handlers.inputs import is_command, text_of
from handlers.keyboards import main_menu
from handlers.texts import help_text


async def edited(message: Message) -> None:
    await message.reply(
        _("I only read new messages, not edits. Please send your correction as a new message.")
    )


async def stale_button(callback: CallbackQuery) -> None:
    await callback.answer(_("This button is no longer active."), show_alert=True)


async def anything_else(message: Message) -> None:
    if is_command(text_of(message)):
        await message.answer(_("I do not know that command.") + "\n\n" + help_text())
        return
    await message.answer(_("What would you like to do?"), reply_markup=main_menu())


def build_router() -> Router:
    router = Router(name=__name__)
    router.edited_message.register(edited)
    router.callback_query.register(stale_button)
    router.message.register(anything_else)
    return router
