"""Answers typed or sent during the report journey, and a helpful reply to anything else."""

from datetime import UTC, datetime

import phonenumbers
from aiogram import Bot, Router
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import Message, ReplyKeyboardRemove
from aiogram.utils.i18n import gettext as _

from handlers.evidence import EvidenceTooLargeError, fetch_file_evidence, forwarded_text_evidence
from handlers.filters import Carries
from handlers.inputs import entities_of, file_of, is_command, is_forwarded, text_of
from handlers.report_flow import ReportForm
from handlers.report_journey import Journey
from identifiers.extract import extract_from_message
from languages.detection import detect_language
from reports.countries import Country
from reports.dates import FutureDateError, parse_incident_date
from reports.draft import MAX_DESCRIPTION_CHARS, MAX_EVIDENCE_ITEMS
from reports.money import parse_money
from reports.taxonomy import ContactConsent


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
    await journey.save()
    note = None
    if found:
        note = _("Added {count} new detail.", "Added {count} new details.", added).format(
            count=added
        )
    elif not kept_as_evidence:
        note = _(
            "I could not find a phone number, bank account, link or email in that. Please "
            "type it as you see it, for example 012-345 6789 or https://example.com"
        )
    await journey.ask(message, country, note)


async def incident_answer(message: Message, state: FSMContext, country: Country) -> None:
    journey = await _journey(state)
    today = datetime.now(UTC).date()
    try:
        incident_date = parse_incident_date(text_of(message) or "", today)
    except FutureDateError:
        await journey.ask(message, country, _("That date is in the future. Please check it."))
        return
    if incident_date is None:
        note = _("Please choose one of the buttons, or type a date such as {example}.").format(
            example=today.strftime("%d/%m/%Y")
        )
        await journey.ask(message, country, note)
        return
    journey.draft.incident_date, journey.draft.incident_period = incident_date, None
    await journey.advance(message, country)


async def amount_answer(message: Message, state: FSMContext, country: Country) -> None:
    journey = await _journey(state)
    money = parse_money(text_of(message) or "", country.currency)
    if money is None:
        note = _("Please type the amount as a number, for example 5000 or {example}.").format(
            example=f"{country.currency} 5,000"
        )
        await journey.ask(message, country, note)
        return
    journey.draft.amount, journey.draft.currency = money.amount, money.currency
    await journey.advance(message, country)


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
    journey.draft.description = text
    journey.draft.description_language = detect_language(text)
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
        count = len(journey.draft.evidence)
        if journey.current == ReportForm.evidence.state:
            note = _(
                "Received. {count} item so far.", "Received. {count} items so far.", count
            ).format(count=count)
        else:
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
        try:
            evidence = await fetch_file_evidence(bot, incoming)
        except EvidenceTooLargeError:
            await message.answer(
                _(
                    "This file is larger than 20 MB, which is the most I can receive. Please "
                    "send a screenshot or a smaller file instead."
                )
            )
            return False
    else:
        evidence = forwarded_text_evidence(forwarded_text or "")
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


def build_router() -> Router:
    router = Router(name=__name__)
    router.message.register(
        identifiers_answer,
        StateFilter(ReportForm.identifiers),
        Carries("text", "caption", "photo", "document"),
    )
    router.message.register(incident_answer, StateFilter(ReportForm.incident), Carries("text"))
    router.message.register(amount_answer, StateFilter(ReportForm.amount), Carries("text"))
    router.message.register(
        description_answer, StateFilter(ReportForm.description), Carries("text")
    )
    router.message.register(
        contact_answer, StateFilter(ReportForm.contact_phone), Carries("contact")
    )
    router.message.register(other_answer, StateFilter(ReportForm))
    return router
