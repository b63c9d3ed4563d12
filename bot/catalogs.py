"""Keeping the gettext catalogs true to the code: `waspada catalogs update`.

English is the source language: its catalog carries every message translated to itself, so
that "every message has a translation" holds for it like for any other language.
"""

import copy
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from bot.i18n import DEFAULT_LOCALE, DOMAIN, LOCALES_DIR

PROJECT_ROOT = LOCALES_DIR.parent
SOURCE_PACKAGES = (
    "bot",
    "handlers",
    "reports",
    "identifiers",
    "languages",
    "delivery",
    "storage",
    "console",
)
# `_("text")` and the plural form `_("one", "many", n)`; babel counts the trailing comma of a
# call spread over several lines as one more argument.
KEYWORDS: dict[str, Any] = {
    "_": {1: (1,), 2: (1,), 3: (1, 2), 4: (1, 2)},
    # pgettext("context", "text"): the same words in another sense (handlers/context.py).
    "pgettext": ((1, "c"), 2),
    # aiogram's own names, so that no translatable text escapes the catalog however it is called.
    "gettext": (1,),
    "ngettext": (1, 2),
}
TEMPLATE = LOCALES_DIR / f"{DOMAIN}.pot"


def extract_template() -> Catalog:
    template = Catalog(project="Waspada", domain=DOMAIN)
    for package in SOURCE_PACKAGES:
        for filename, lineno, message, comments, context in extract_from_dir(
            PROJECT_ROOT / package,
            # The console's pages call _() in Jinja2 templates, read by Jinja2's own extractor.
            method_map=[("**.py", "python"), ("**/templates/**.html", "jinja2.ext:babel_extract")],
            keywords=KEYWORDS,
            comment_tags=("Translators:",),
            strip_comment_tags=True,
        ):
            template.add(
                message,
                locations=[(f"{package}/{filename}", lineno)],
                auto_comments=comments,
                context=context,
            )
    return template


def catalog_path(locale: str) -> Path:
    return LOCALES_DIR / locale / "LC_MESSAGES" / f"{DOMAIN}.po"


def read_catalog(path: Path, locale: str | None = None) -> Catalog:
    with path.open("rb") as po_file:
        return read_po(po_file, locale=locale, domain=DOMAIN)


def update_catalogs() -> list[Path]:
    """Rewrites the template and merges it into every language's catalog; returns the files."""
    template = extract_template()
    _write(TEMPLATE, template, omit_header=True)
    written = [TEMPLATE]
    for po_path in sorted(LOCALES_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
        locale = po_path.parent.parent.name
        catalog = read_catalog(po_path, locale)
        created = catalog.creation_date
        # A copy each: update() adds the template's own message objects to the catalog, and
        # English below writes into them.
        catalog.update(copy.deepcopy(template), no_fuzzy_matching=True)
        catalog.creation_date = created  # only translators' edits should change a catalog
        catalog.project, catalog.version = "Waspada", "1"
        catalog.copyright_holder = "Waspada contributors"
        catalog.fuzzy = False
        if locale == DEFAULT_LOCALE:
            for message in catalog:
                if message.id:
                    message.string = message.id
                    message.flags.discard("fuzzy")
        _write(po_path, catalog)
        written.append(po_path)
    return written


def _write(path: Path, catalog: Catalog, omit_header: bool = False) -> None:
    with path.open("wb") as po_file:
        write_po(
            po_file,
            catalog,
            width=0,
            sort_by_file=True,
            ignore_obsolete=True,
            omit_header=omit_header,
        )
