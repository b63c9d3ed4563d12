"""Every button of every keyboard fits a phone in every language: a full-width button within
about 30 characters, a half-width one (two in a row) within about 15."""

import unicodedata
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from aiogram.types import InlineKeyboardMarkup, ReplyKeyboardMarkup

from bot.i18n import LOCALES_DIR, load_i18n
from handlers.hear_back import answer_keyboard
from handlers.keyboards import draft_choice_keyboard, main_menu, report_checked_button, report_offer
from handlers.report.prompts import prompt_for
from handlers.report.steps import STEPS
from handlers.review_cards import card_keyboard
from identifiers.model import IdentifierKind
from reports.cards import ReportCard
from reports.countries import COUNTRIES
from reports.draft import DraftIdentifier, ReportDraft
from reports.taxonomy import ReportStatus, ScamType

FULL_WIDTH = 30
HALF_WIDTH = 15
LOCALES = sorted(path.parent.parent.name for path in LOCALES_DIR.glob("*/LC_MESSAGES/*.po"))
I18N = load_i18n()


def display_width(text: str) -> int:
    """Columns the text takes: wide (CJK, emoji) characters two, combining marks none."""
    width = 0
    for character in unicodedata.normalize("NFC", text):
        if unicodedata.category(character) in ("Mn", "Me", "Cf"):
            continue
        width += 2 if unicodedata.east_asian_width(character) in ("W", "F") else 1
    return width


def _every_keyboard() -> list[InlineKeyboardMarkup | ReplyKeyboardMarkup]:
    """Each question's keyboard in every country, with every optional button showing."""
    draft = ReportDraft(
        identifiers=[DraftIdentifier(kind=IdentifierKind.PHONE, value="+60123456789")],
        amount=Decimal("99999999.99"),
        currency="MYR",
        notes=["he took my money"],
    )
    keyboards: list[InlineKeyboardMarkup | ReplyKeyboardMarkup | None] = [
        main_menu(),
        report_offer(),
        report_checked_button(),
        draft_choice_keyboard("t"),
        answer_keyboard("WSP-7K3M9Q2X"),
    ]
    for status in ReportStatus:
        card = ReportCard(
            reference="WSP-7K3M9Q2X",
            scam_type=ScamType.INVESTMENT,
            status=status,
            submitted_at=datetime.now(UTC),
            identifiers=[],
            money_lost=False,
            amount=None,
            currency=None,
            interface_language="ms",
            description_language=None,
            evidence=12,
            duplicate_of=None,
            last_decision=None,
        )
        keyboards.append(card_keyboard(card))
    for country in COUNTRIES.values():
        for state in STEPS:
            markup = prompt_for(state, draft, country).markup
            if markup is not None:
                keyboards.append(markup)
    return [keyboard for keyboard in keyboards if keyboard is not None]


def _rows(keyboard: InlineKeyboardMarkup | ReplyKeyboardMarkup) -> list[list[str]]:
    if isinstance(keyboard, InlineKeyboardMarkup):
        return [[button.text for button in row] for row in keyboard.inline_keyboard]
    return [[button.text for button in row] for row in keyboard.keyboard]


@pytest.mark.parametrize("locale", LOCALES)
def test_every_button_fits_a_phone(locale: str) -> None:
    with I18N.context(), I18N.use_locale(locale):
        rows = [row for keyboard in _every_keyboard() for row in _rows(keyboard)]
    too_wide = sorted(
        {
            f"{label!r} ({display_width(label)} > {limit})"
            for row in rows
            for label in row
            if display_width(label) > (limit := FULL_WIDTH if len(row) == 1 else HALF_WIDTH)
        }
    )
    assert not too_wide, f"{locale}: {too_wide}"
