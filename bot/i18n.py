"""The bot's gettext: aiogram's I18n over the catalogs in `languages/catalogs.py`."""

import gettext
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from aiogram.utils.i18n import I18n

from languages.catalogs import DEFAULT_LOCALE, DOMAIN, LOCALES_DIR, load_translations

__all__ = ["DEFAULT_LOCALE", "DOMAIN", "LOCALES_DIR", "load_i18n"]


class PoCatalogI18n(I18n):
    @contextmanager
    def context(self) -> Iterator[I18n]:
        # aiogram's gettext looks the instance up on I18n itself, not on subclasses.
        token = I18n.set_current(self)
        try:
            yield self
        finally:
            I18n.reset_current(token)

    def find_locales(self) -> dict[str, gettext.GNUTranslations]:
        return load_translations(Path(self.path), self.domain)


def load_i18n(path: Path = LOCALES_DIR) -> I18n:
    return PoCatalogI18n(path=path, default_locale=DEFAULT_LOCALE, domain=DOMAIN)
