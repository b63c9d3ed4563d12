"""/start, the main menu, /help and the language choice."""

from aiogram import F, Router
from aiogram.filters import Command, CommandStart
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _

from handlers.check import check_command
from handlers.keyboards import CHECK, LANGUAGE, LanguagePick, MenuAction, main_menu
from handlers.report.journey import Journey
from handlers.texts import help_text, welcome_text
from languages.names import NATIVE_NAMES
from languages.preferences import LanguagePreferences
from reports.countries import Country


async def start(
    message: Message,
    state: FSMContext,
    country: Country,
    i18n: I18n,
    language_preferences: LanguagePreferences,
) -> None:
    if message.from_user and await language_preferences.chosen(message.from_user.id) is None:
        # The language is chosen once, first; Telegram's own setting is only a suggestion.
        await message.answer(_("Choose your language:"), reply_markup=language_keyboard(i18n))
        return
    await message.answer(welcome_text(), reply_markup=main_menu())
    journey = await Journey.load(state)
    if journey is not None:
        await message.answer(
            _("You have a report in progress. Answer the question below to go on, or /cancel.")
        )
        await journey.ask(message, country)


async def help_command(message: Message) -> None:
    await message.answer(help_text(), reply_markup=main_menu())


async def language_command(message: Message, i18n: I18n) -> None:
    await message.answer(_("Choose your language:"), reply_markup=language_keyboard(i18n))


async def language_button(callback: CallbackQuery, i18n: I18n) -> None:
    await callback.answer()
    if isinstance(callback.message, Message):
        await callback.message.answer(
            _("Choose your language:"), reply_markup=language_keyboard(i18n)
        )


async def language_pick(
    callback: CallbackQuery,
    callback_data: LanguagePick,
    state: FSMContext,
    country: Country,
    i18n: I18n,
    language_preferences: LanguagePreferences,
) -> None:
    if callback_data.code not in i18n.available_locales:
        await callback.answer(_("That language is not available."), show_alert=True)
        return
    await language_preferences.choose(callback.from_user.id, callback_data.code)
    i18n.current_locale = callback_data.code
    await callback.answer()
    if not isinstance(callback.message, Message):
        return
    chosen = _("Language set to {language}.").format(language=NATIVE_NAMES[callback_data.code])
    journey = await Journey.load(state)
    if journey is not None:
        # Mid-report, the same question again in the new language: the report goes on.
        await journey.ask(callback.message, country, chosen)
        return
    await callback.message.answer(f"{chosen}\n\n{welcome_text()}", reply_markup=main_menu())


def language_keyboard(i18n: I18n) -> InlineKeyboardMarkup:
    """Every language in its own name, two a row; a tick on the one now in use."""
    buttons = [
        InlineKeyboardButton(
            text=("✓ " if code == i18n.current_locale else "") + name,
            callback_data=LanguagePick(code=code).pack(),
        )
        for code, name in NATIVE_NAMES.items()
        if code in i18n.available_locales
    ]
    return InlineKeyboardMarkup(
        inline_keyboard=[buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    )


def build_router() -> Router:
    router = Router(name=__name__)
    # The inline mode's "how to check" button opens the chat with /start check.
    router.message.register(check_command, CommandStart(deep_link=True, magic=F.args == CHECK))
    router.message.register(start, CommandStart())
    router.message.register(help_command, Command("help"))
    router.message.register(language_command, Command("language"))
    router.callback_query.register(language_button, MenuAction.filter(F.action == LANGUAGE))
    router.callback_query.register(language_pick, LanguagePick.filter())
    return router
