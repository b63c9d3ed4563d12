"""Translations of words whose meaning depends on where they stand ("No" as a button and as
an answer in the summary), told apart by a gettext context."""

from aiogram.utils.i18n import I18n


def pgettext(context: str, message: str) -> str:
    i18n = I18n.get_current(no_error=False)
    translator = i18n.locales.get(i18n.current_locale)
    return translator.pgettext(context, message) if translator else message
