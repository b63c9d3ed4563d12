"""The report journey: start, navigation (/back, /skip, /cancel), buttons and submitting."""

import asyncio
import logging

from aiogram import F, Router
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message, ReplyKeyboardRemove
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _

from handlers.keyboards import REPORT, REPORT_CHECKED, MenuAction, ReportPick, main_menu
from handlers.report_answers import build_router as build_answers_router
from handlers.report_flow import OPTIONAL_STATES, ReportForm, step_name
from handlers.report_journey import Journey, checked_identifiers, submitted_report
from handlers.report_prompts import CANCEL, CLEAR, DONE, SUBMIT, YES
from handlers.texts import hotline_text
from identifiers.model import Identifier
from reports.countries import Country
from reports.service import Reporter, ReportService
from reports.taxonomy import (
    ContactChannel,
    ContactConsent,
    ImpersonatedParty,
    IncidentPeriod,
    PaymentMethod,
    ScamType,
)

log = logging.getLogger(__name__)


async def report_command(message: Message, state: FSMContext, country: Country) -> None:
    await start_or_resume(message, state, country)


async def report_button(callback: CallbackQuery, state: FSMContext, country: Country) -> None:
    await callback.answer()
    if isinstance(callback.message, Message):
        await start_or_resume(callback.message, state, country)


async def report_checked_button(
    callback: CallbackQuery, state: FSMContext, country: Country
) -> None:
    """ "Report this" under a check's answer: a report that already holds what was checked."""
    await callback.answer()
    if isinstance(callback.message, Message):
        found = await checked_identifiers(state, callback.message)
        await start_or_resume(callback.message, state, country, found)


async def start_or_resume(
    chat: Message, state: FSMContext, country: Country, found: list[Identifier] | None = None
) -> None:
    journey = await Journey.load(state)
    if journey is not None:
        note = _("You have a report in progress. Let's continue where you left off.")
        await journey.ask(chat, country, note)
        return
    journey = await Journey.begin(state, found)
    note = _(
        "I will ask a few short questions. Use the buttons where you see them.\n"
        "🔒 We never ask for your OTP, PIN or password."
    )
    await journey.ask(chat, country, note)


async def cancel(message: Message, state: FSMContext) -> None:
    if await Journey.load(state) is None:
        await message.answer(_("There is nothing to cancel."), reply_markup=main_menu())
        return
    await state.clear()
    await message.answer(
        _("Your report was cancelled. Nothing was sent."), reply_markup=ReplyKeyboardRemove()
    )
    await message.answer(_("What would you like to do?"), reply_markup=main_menu())


async def back(message: Message, state: FSMContext, country: Country) -> None:
    journey = await Journey.load(state)
    if journey is None:
        return
    went_back = await journey.back()
    await journey.ask(message, country, None if went_back else _("This is the first question."))


async def skip(message: Message, state: FSMContext, country: Country) -> None:
    journey = await Journey.load(state)
    if journey is None:
        return
    if journey.current not in OPTIONAL_STATES:
        await journey.ask(message, country, _("This question cannot be skipped."))
        return
    _clear_skipped_answer(journey)
    if journey.current == ReportForm.contact_phone.state:
        await message.answer(
            _("All right, an officer can contact you on Telegram instead."),
            reply_markup=ReplyKeyboardRemove(),
        )
    await journey.advance(message, country)


def _clear_skipped_answer(journey: Journey) -> None:
    draft = journey.draft
    cleared = {
        ReportForm.channel.state: ("contact_channel",),
        ReportForm.impersonation.state: ("impersonated_party",),
        ReportForm.incident.state: ("incident_period", "incident_date"),
        ReportForm.amount.state: ("amount", "currency"),
        ReportForm.payment_method.state: ("payment_method",),
        ReportForm.description.state: ("description", "description_language"),
    }.get(journey.current, ())
    for field in cleared:
        setattr(draft, field, None)
    if journey.current == ReportForm.contact_phone.state:
        draft.contact_consent = ContactConsent.TELEGRAM


async def pick(
    callback: CallbackQuery,
    callback_data: ReportPick,
    state: FSMContext,
    country: Country,
    reports: ReportService,
    i18n: I18n,
) -> None:
    journey = await Journey.load(state)
    chat = callback.message
    if journey is None or not isinstance(chat, Message):
        await callback.answer()
        return
    if callback_data.draft != journey.draft.tag:
        await callback.answer(_earlier_report(), show_alert=True)
        return
    if step_name(journey.current) != callback_data.step:
        await callback.answer(_("That button belongs to an earlier question."), show_alert=True)
        return
    # Independent calls: stop the button's spinner and record the answer at the same time.
    await asyncio.gather(_stop_spinner(callback), _mark_chosen(chat, callback_data))
    step, value = journey.current, callback_data.value
    try:
        if step == ReportForm.confirm.state:
            await _confirm(chat, journey, value, country, reports, i18n, callback.from_user.id)
            return
        if step in (ReportForm.identifiers.state, ReportForm.evidence.state) and value != DONE:
            if value == CLEAR:
                journey.draft.identifiers.clear()
                await journey.save()
            await journey.ask(chat, country)
            return
        _apply_pick(journey, value)
    except ValueError:
        await journey.ask(chat, country)
        return
    if step == ReportForm.urgent.state and journey.draft.money_left_recently:
        await chat.answer(
            hotline_text(country)
            + "\n\n"
            + _("Your report will wait here for you: come back after the call to finish it.")
        )
    await journey.advance(chat, country)


def _apply_pick(journey: Journey, value: str) -> None:
    """Records a button's answer; ValueError for a value the step does not offer."""
    draft, step = journey.draft, journey.current
    if step == ReportForm.urgent.state:
        draft.money_left_recently = value == YES
    elif step == ReportForm.scam_type.state:
        draft.scam_type = ScamType(value)
    elif step == ReportForm.channel.state:
        draft.contact_channel = ContactChannel(value)
    elif step == ReportForm.impersonation.state:
        draft.impersonated_party = ImpersonatedParty(value)
    elif step == ReportForm.incident.state:
        draft.incident_period, draft.incident_date = IncidentPeriod(value), None
    elif step == ReportForm.money_lost.state:
        draft.money_lost = value == YES
    elif step == ReportForm.payment_method.state:
        draft.payment_method = PaymentMethod(value)
    elif step == ReportForm.consent.state:
        draft.contact_consent = ContactConsent(value)
        if draft.contact_consent != ContactConsent.PHONE:
            draft.contact_phone = None
    elif step not in (ReportForm.identifiers.state, ReportForm.evidence.state):
        raise ValueError(step)


async def _stop_spinner(callback: CallbackQuery) -> None:
    # A coroutine of its own: aiogram's method objects cannot be handed to asyncio.gather.
    await callback.answer()


async def _mark_chosen(chat: Message, picked: ReportPick) -> None:
    """Replaces the buttons of the answered question with the answer, so the chat reads well."""
    rows = chat.reply_markup.inline_keyboard if chat.reply_markup else []
    packed = picked.pack()
    label = next(
        (button.text for row in rows for button in row if button.callback_data == packed), None
    )
    if label is None or chat.text is None:
        return
    await chat.edit_text(f"{chat.html_text}\n\n✓ <b>{label}</b>", reply_markup=None)


async def _confirm(
    chat: Message,
    journey: Journey,
    value: str,
    country: Country,
    reports: ReportService,
    i18n: I18n,
    reporter_id: int,
) -> None:
    if value == CANCEL:
        await journey.state.clear()
        await chat.answer(
            _("Your report was cancelled. Nothing was sent."), reply_markup=main_menu()
        )
        return
    if value != SUBMIT:
        raise ValueError(value)
    reference = await reports.submit(journey.draft, Reporter(reporter_id, i18n.current_locale))
    await journey.finish(reference)
    log.info("report submitted")
    await chat.answer(_submitted_text(reference, journey.draft.money_lost, country))


async def pick_after_submitting(
    callback: CallbackQuery, callback_data: ReportPick, state: FSMContext, country: Country
) -> None:
    """A button pressed outside a report: Submit again (a double tap, or Telegram delivering it
    again after a restart) gets the reference again; any other is from an earlier report."""
    submitted = await submitted_report(state)
    chat = callback.message
    confirm_step = step_name(ReportForm.confirm.state or "")
    if (
        submitted is None
        or submitted.draft != callback_data.draft
        or (callback_data.step, callback_data.value) != (confirm_step, SUBMIT)
        or not isinstance(chat, Message)
    ):
        await callback.answer(_earlier_report(), show_alert=True)
        return
    await callback.answer()
    await chat.answer(_submitted_text(submitted.reference, submitted.money_lost, country))


def _earlier_report() -> str:
    return _("That button belongs to an earlier report.")


def _submitted_text(reference: str, money_lost: bool, country: Country) -> str:
    # Translators: {reference} is the report number, such as WSP-7K3M-Q9TZ; keep the HTML tags.
    text = _(
        "✅ <b>Report received.</b>\n"
        "Your reference number is <code>{reference}</code>. Please keep it.\n\n"
        "<b>Next steps</b>\n"
        "1. This is not a police report by itself: make one at a police station or online, "
        "and mention this reference.\n"
        "2. Block the scammer and do not reply to them.\n"
        "3. See the status of your reports any time with /myreports, or send me the "
        "reference number."
    ).format(reference=reference)
    if money_lost:
        text += "\n\n" + hotline_text(country)
    return text


def build_router() -> Router:
    router = Router(name=__name__)
    router.message.register(report_command, Command("report"))
    router.callback_query.register(report_button, MenuAction.filter(F.action == REPORT))
    router.callback_query.register(
        report_checked_button, MenuAction.filter(F.action == REPORT_CHECKED)
    )
    router.message.register(cancel, Command("cancel"))
    router.message.register(back, Command("back"), StateFilter(ReportForm))
    router.message.register(skip, Command("skip"), StateFilter(ReportForm))
    router.callback_query.register(pick, ReportPick.filter(), StateFilter(ReportForm))
    router.callback_query.register(pick_after_submitting, ReportPick.filter(), StateFilter(None))
    router.include_router(build_answers_router())
    return router
