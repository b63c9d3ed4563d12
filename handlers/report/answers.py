"""Answers typed or sent during the report journey. A button's label typed as text counts as
the button; anything else a person says is kept for the report (handlers/report/notes.py),
never thrown away, and the question is asked again."""

from datetime import UTC, datetime
from decimal import Decimal

import phonenumbers
from aiogram import Bot, Router
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import Message, ReplyKeyboardRemove
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _

from handlers.evidence import forwarded_text_evidence, receive_file
from handlers.filters import Carries, NotForwarded
from handlers.formatting import money_text
from handlers.inputs import entities_of, file_of, is_command, is_forwarded, text_of
from handlers.report.journey import Journey
from handlers.report.notes import take_in
from handlers.report.picks import choose
from handlers.report.steps import STEPS, ReportForm, typed_choice
from identifiers.exclusions import mask_identity_cards
from identifiers.extract import extract_from_message
from languages.detection import detect_language
from reports.countries import Country
from reports.dates import FutureDateError, example_date, parse_incident_date
from reports.draft import MAX_DESCRIPTION_CHARS, MAX_EVIDENCE_ITEMS
from reports.money import parse_money
from reports.service import ReportService
from reports.taxonomy import ContactConsent


async def choice_answer(
    message: Message,
    state: FSMContext,
    country: Country,
    reports: ReportService,
    i18n: I18n,
) -> None:
    """Text at a question answered with buttons: a button's label, a date at "when", or
    something to keep for the report."""
    journey = await _journey(state)
    text = text_of(message) or ""
    if is_command(text):
        await _unknown(message, journey, country)
        return
    if journey.current == ReportForm.incident.state and await _dated(message, journey, country):
        return
    value = typed_choice(STEPS[journey.current], country, text)
    if value is not None and message.from_user is not None:
        await choose(message, journey, value, country, reports, i18n, message.from_user.id)
        return
    noted = take_in(journey.draft, text, country, entities_of(message))
    await journey.save()
    if journey.current == ReportForm.incident.state:
        asked = _("Please choose one of the buttons, or type a date such as {example}.").format(
            example=example_date(datetime.now(UTC).date())
        )
    else:
        asked = _("Please answer with one of the buttons.")
    await journey.ask(message, country, f"{noted}\n\n{asked}" if noted else asked)


async def _dated(message: Message, journey: Journey, country: Country) -> bool:
    """A typed date at "when did it happen": recorded, or corrected; False when no date."""
    today = datetime.now(UTC).date()
    locale = I18n.get_current(no_error=False).current_locale
    try:
        incident_date = parse_incident_date(text_of(message) or "", today, locale)
    except FutureDateError:
        await journey.ask(message, country, _("That date is in the future. Please check it."))
        return True
    if incident_date is None:
        return False
    journey.draft.incident_date, journey.draft.incident_period = incident_date, None
    await journey.advance(message, country)
    return True


async def identifiers_answer(
    message: Message, state: FSMContext, country: Country, bot: Bot
) -> None:
    journey = await _journey(state)
    text = text_of(message)
    if is_command(text):
        await _unknown(message, journey, country)
        return
    kept_as_evidence = await _keep_as_evidence(message, journey, bot)
    found = extract_from_message(text or "", entities_of(message), country.code)
    added = journey.draft.add_identifiers(found)
    note = None
    if found:
        note = _("Added {count} new detail.", "Added {count} new details.", added).format(
            count=added
        )
    elif kept_as_evidence:
        note = _("I have kept this as evidence for your report.")
    else:
        note = take_in(journey.draft, text or "", country) or _(
            "I could not find a phone number, bank account, link or email in that. Please "
            "type it as you see it, for example 012-345 6789 or https://example.com"
        )
    await journey.save()
    await journey.ask(message, country, note)


async def amount_answer(message: Message, state: FSMContext, country: Country) -> None:
    journey = await _journey(state)
    money = parse_money(text_of(message) or "", country.currency)
    if money is None:
        noted = take_in(journey.draft, text_of(message) or "", country)
        note = _("Please type the amount as a number, for example 5000 or {example}.").format(
            example=money_text(Decimal(5000), country.currency)
        )
        await journey.save()
        await journey.ask(message, country, f"{noted}\n\n{note}" if noted else note)
        return
    draft = journey.draft
    draft.amount, draft.currency, draft.amount_checked = money.amount, money.currency, False
    # Said back at once, so a slip shows while it is easy to fix with /back.
    noted = _("Noted: {amount}.").format(amount=money_text(money.amount, money.currency))
    await journey.advance(message, country, None if draft.amount_needs_check else noted)


async def description_answer(message: Message, state: FSMContext, country: Country) -> None:
    journey = await _journey(state)
    text = (text_of(message) or "").strip()
    if is_command(text):
        await _unknown(message, journey, country)
        return
    if len(text) > MAX_DESCRIPTION_CHARS:
        await message.answer(
            _("That is {length} characters; please shorten it to {limit} or fewer.").format(
                length=len(text), limit=MAX_DESCRIPTION_CHARS
            )
        )
        return
    draft = journey.draft
    draft.description = mask_identity_cards(text)
    draft.description_language = detect_language(text)
    draft.add_identifiers(extract_from_message(text, entities_of(message), country.code))
    await journey.advance(message, country)


async def contact_answer(message: Message, state: FSMContext, country: Country) -> None:
    journey = await _journey(state)
    contact = message.contact
    if contact is None or message.from_user is None or contact.user_id != message.from_user.id:
        await journey.ask(
            message, country, _("Please share your own number with the button below.")
        )
        return
    try:
        number = phonenumbers.parse("+" + contact.phone_number.lstrip("+"))
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        await journey.ask(
            message, country, _("I could not read that phone number. Please try again.")
        )
        return
    journey.draft.contact_phone = phonenumbers.format_number(
        number, phonenumbers.PhoneNumberFormat.E164
    )
    journey.draft.contact_consent = ContactConsent.PHONE
    await message.answer(_("Thank you."), reply_markup=ReplyKeyboardRemove())
    await journey.advance(message, country)


async def other_answer(message: Message, state: FSMContext, country: Country, bot: Bot) -> None:
    """Evidence at any step; anything else gets told what the current question expects."""
    journey = await _journey(state)
    note = None
    if await _keep_as_evidence(message, journey, bot):
        if is_forwarded(message):
            found = extract_from_message(text_of(message) or "", entities_of(message), country.code)
            journey.draft.add_identifiers(found)
        await journey.save()
        if journey.current != ReportForm.evidence.state:
            note = _("I have kept this as evidence for your report.")
    elif is_command(text_of(message)):
        await _unknown(message, journey, country)
        return
    elif journey.current != ReportForm.evidence.state:
        note = _not_understood(journey.current)
    await journey.ask(message, country, note)


async def _keep_as_evidence(message: Message, journey: Journey, bot: Bot) -> bool:
    """Adds the message's file, or a forwarded message's text, to the draft's evidence.

    The caller saves the draft, once, with whatever else the message changed."""
    incoming = file_of(message)
    forwarded_text = text_of(message) if is_forwarded(message) else None
    if incoming is None and not forwarded_text:
        return False
    if len(journey.draft.evidence) >= MAX_EVIDENCE_ITEMS:
        await message.answer(
            _("You have sent the most items one report can hold ({limit}).").format(
                limit=MAX_EVIDENCE_ITEMS
            )
        )
        return False
    if incoming is not None:
        evidence = await receive_file(bot, message, incoming)
        if evidence is None:
            return False
    else:
        evidence = forwarded_text_evidence(mask_identity_cards(forwarded_text or ""))
    if not journey.draft.has_evidence(evidence.file_unique_id, evidence.sha256):
        journey.draft.evidence.append(evidence)
    return True


async def _unknown(message: Message, journey: Journey, country: Country) -> None:
    await journey.ask(
        message, country, _("I do not know that command. Let's continue with your report.")
    )


async def _journey(state: FSMContext) -> Journey:
    journey = await Journey.load(state)
    if journey is None:  # the filters only let report states through
        raise LookupError("no report in progress")
    return journey


def _not_understood(current: str) -> str:
    if current in (
        ReportForm.amount.state,
        ReportForm.incident.state,
        ReportForm.description.state,
    ):
        return _("Sorry, I can only read typed text for this question.")
    if current == ReportForm.contact_phone.state:
        return _("Please use the button below to share your number, or /skip.")
    return _("Please answer with one of the buttons.")


_CHOICE_STATES = [str(step.state.state) for step in STEPS.values() if step.options] + [
    ReportForm.confirm.state
]


def build_router() -> Router:
    router = Router(name=__name__)
    router.message.register(
        identifiers_answer,
        StateFilter(ReportForm.identifiers),
        Carries("text", "caption", "photo", "document"),
    )
    router.message.register(amount_answer, StateFilter(ReportForm.amount), Carries("text"))
    router.message.register(
        description_answer, StateFilter(ReportForm.description), Carries("text")
    )
    router.message.register(
        contact_answer, StateFilter(ReportForm.contact_phone), Carries("contact")
    )
    router.message.register(
        choice_answer, StateFilter(*_CHOICE_STATES), Carries("text"), NotForwarded()
    )
    router.message.register(other_answer, StateFilter(ReportForm))
    return router
