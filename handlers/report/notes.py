"""What a person says outside the question it answers is kept, not thrown away: the scammer's
identifiers, an amount with its currency, and the words themselves, which join the
description (shown back at that question, and sent with the report)."""

from collections.abc import Iterable

from aiogram.utils.i18n import gettext as _

from identifiers.exclusions import mask_identity_cards
from identifiers.extract import MessageEntity, extract_from_message
from reports.countries import Country
from reports.draft import ReportDraft
from reports.money import CURRENCY_AMOUNT, parse_money

# A few words are a story worth keeping; one is a stray answer.
_MIN_NOTE_WORDS = 2


def take_in(
    draft: ReportDraft, text: str, country: Country, entities: Iterable[MessageEntity] = ()
) -> str | None:
    """Keeps what the text holds; says so, or None when it held nothing to keep."""
    text = mask_identity_cards(text.strip())
    added = draft.add_identifiers(extract_from_message(text, entities, country.code))
    amount = CURRENCY_AMOUNT.search(text)
    money = parse_money(amount.group(), country.currency) if amount else None
    if money is not None and draft.amount is None:
        draft.amount, draft.currency = money.amount, money.currency
    kept = len(text.split()) >= _MIN_NOTE_WORDS
    if kept:
        draft.add_note(text)
    if not (added or money or kept):
        return None
    return _("I have kept that for your report; you can check it before sending.")
