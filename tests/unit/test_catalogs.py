"""The gettext catalogs stay true to the code: nothing stale, missing or mistranslated in form."""

import re
from collections import Counter

import pytest
from babel.messages.catalog import Catalog, Message

from bot.catalogs import TEMPLATE, catalog_path, extract_template, read_catalog
from bot.i18n import LOCALES_DIR, load_i18n

PLACEHOLDER = re.compile(r"\{[a-z_]+\}")
HTML_TAG = re.compile(r"</?[a-z]+>")
LOCALES = sorted(path.parent.parent.name for path in LOCALES_DIR.glob("*/LC_MESSAGES/*.po"))
MAX_WORDS_KEPT_IN_ENGLISH = 3
STALE = "run `waspada catalogs update` and translate what it adds"


def _ids(catalog: Catalog) -> set[str]:
    return {_key(message) for message in catalog if message.id}


def _key(message: Message) -> str:
    return message.id if isinstance(message.id, str) else message.id[0]


def _forms(value: str | tuple[str, ...] | list[str] | None) -> tuple[str, ...]:
    if value is None:
        return ()
    return (value,) if isinstance(value, str) else tuple(value)


def test_the_template_matches_the_code() -> None:
    in_code, in_template = _ids(extract_template()), _ids(read_catalog(TEMPLATE))
    assert in_code - in_template == set(), f"messages missing from the template: {STALE}"
    assert in_template - in_code == set(), f"the template has messages the code lost: {STALE}"


def test_english_is_a_catalog() -> None:
    assert "en" in LOCALES


@pytest.mark.parametrize("locale", LOCALES)
def test_every_message_is_translated(locale: str) -> None:
    catalog = read_catalog(catalog_path(locale), locale)
    assert _ids(read_catalog(TEMPLATE)) - _ids(catalog) == set(), STALE
    for message in catalog:
        if not message.id:
            continue
        assert "fuzzy" not in message.flags, f"{locale}: fuzzy translation of {message.id!r}"
        assert all(_forms(message.string)), f"{locale}: no translation of {message.id!r}"


@pytest.mark.parametrize("locale", [locale for locale in LOCALES if locale != "en"])
def test_only_short_names_are_kept_in_english(locale: str) -> None:
    """Brand names and loanwords ("WhatsApp", "SMS") stay as they are; a sentence left in
    English is a message nobody translated."""
    for message in read_catalog(catalog_path(locale), locale):
        if message.id and _forms(message.string) == _forms(message.id):
            assert len(_key(message).split()) <= MAX_WORDS_KEPT_IN_ENGLISH, (
                f"{locale}: {message.id!r} is still in English"
            )


@pytest.mark.parametrize("locale", LOCALES)
def test_translations_keep_placeholders_and_markup(locale: str) -> None:
    for message in read_catalog(catalog_path(locale), locale):
        if not message.id:
            continue
        source = " ".join(_forms(message.id))
        expected_placeholders = set(PLACEHOLDER.findall(source))
        expected_tags = Counter(HTML_TAG.findall(_forms(message.id)[0]))
        for translation in _forms(message.string):
            assert set(PLACEHOLDER.findall(translation)) == expected_placeholders, (
                f"{locale}: placeholders differ in {message.id!r}"
            )
            assert Counter(HTML_TAG.findall(translation)) == expected_tags, (
                f"{locale}: HTML tags differ in {message.id!r}"
            )


def test_catalogs_load_from_the_po_files() -> None:
    i18n = load_i18n()
    assert set(i18n.available_locales) == set(LOCALES)
    with i18n.context(), i18n.use_locale("en"):
        assert i18n.gettext("Evidence: {count} item", "Evidence: {count} items", 2) == (
            "Evidence: {count} items"
        )
