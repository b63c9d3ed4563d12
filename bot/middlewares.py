"""The language of every update: the user's stored choice, else the language of what they
wrote, else Telegram's hint, else English."""

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram.enums import ChatType
from aiogram.types import Message, TelegramObject, User
from aiogram.utils.i18n import I18n, I18nMiddleware
from aiogram.utils.i18n import gettext as _

from handlers.inputs import is_command, text_of
from handlers.start import language_keyboard
from languages.detection import detect_language
from languages.names import NATIVE_NAMES, interface_language
from languages.preferences import LanguagePreferences
from reports.reference import parse_reference

_GUESSED = "language_guessed"

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]


class UserLanguageMiddleware(I18nMiddleware):
    def __init__(self, i18n: I18n, preferences: LanguagePreferences) -> None:
        super().__init__(i18n)
        self._preferences = preferences

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        async def handle_then_offer(event: TelegramObject, data: dict[str, Any]) -> Any:
            result = await handler(event, data)
            if data.get(_GUESSED) and isinstance(event, Message):
                await self._offer_switch(event)
            return result

        return await super().__call__(handle_then_offer, event, data)

    async def get_locale(self, event: TelegramObject, data: dict[str, Any]) -> str:
        user: User | None = data.get("event_from_user")
        if user is None:
            return self.i18n.default_locale
        chosen = await self._preferences.chosen(user.id)
        if chosen in self.i18n.available_locales:
            return chosen
        written = _written_language(event)
        if written in self.i18n.available_locales:
            data[_GUESSED] = True
            return written
        hinted = interface_language(user.language_code)
        if hinted in self.i18n.available_locales:
            return hinted
        return self.i18n.default_locale

    async def _offer_switch(self, message: Message) -> None:
        """Says which language was guessed from the message, with one tap to another: once
        for each person."""
        if not await self._preferences.first_offer(message.chat.id):
            return
        await message.answer(
            _(
                "🌐 I am answering in {language}, the language you wrote in. "
                "Tap another language to switch."
            ).format(language=NATIVE_NAMES[self.i18n.current_locale]),
            reply_markup=language_keyboard(self.i18n),
        )


def _written_language(event: TelegramObject) -> str | None:
    """The language of a private message's own words; commands, buttons and report
    references have none."""
    if not isinstance(event, Message) or event.chat.type != ChatType.PRIVATE:
        return None
    text = text_of(event)
    if not text or is_command(text) or parse_reference(text):
        return None
    return detect_language(text)
