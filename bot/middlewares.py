"""The language of every update: the user's stored choice, else Telegram's hint, else English."""

from typing import Any

from aiogram.types import TelegramObject, User
from aiogram.utils.i18n import I18n, I18nMiddleware

from languages.preferences import LanguagePreferences


class UserLanguageMiddleware(I18nMiddleware):
    def __init__(self, i18n: I18n, preferences: LanguagePreferences) -> None:
        super().__init__(i18n)
        self._preferences = preferences

    async def get_locale(self, event: TelegramObject, data: dict[str, Any]) -> str:
        user: User | None = data.get("event_from_user")
        if user is None:
            return self.i18n.default_locale
        chosen = await self._preferences.chosen(user.id)
        if chosen in self.i18n.available_locales:
            return chosen
        hinted = (user.language_code or "").split("-")[0].lower()
        if hinted in self.i18n.available_locales:
            return hinted
        return self.i18n.default_locale
