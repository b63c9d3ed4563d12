"""Choices in the report journey, tapped as buttons or typed as their labels, and submitting."""

import asyncio
import logging
from decimal import Decimal

from aiogram import Router
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _

from handlers.formatting import money_text
from handlers.keyboards import ReportPick, main_menu
from handlers.report.journey import Journey, submitted_report
from handlers.report.steps import (
    CANCEL,
    CLEAR,
    DONE,
    KEEP,
    STEPS,
    SUBMIT,
    ReportForm,
    step_name,
)
from handlers.texts import after_loss_text, hotline_text
from reports.countries import Country
from reports.service import Reporter, ReportService

log = logging.getLogger(__name__)


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
        await callback.answer(earlier_report(), show_alert=True)
        return
    if step_name(journey.current) != callback_data.step:
        # The question asked again: the person sees where they are, and a reply lost on the
        # way (the update handled again after a crash) is made good.
        await callback.answer(_("That button belongs to an earlier question."), show_alert=True)
        await journey.ask(chat, country)
        return
    # Independent calls: stop the button's spinner and record the answer at the same time.
    await asyncio.gather(_stop_spinner(callback), _mark_chosen(chat, callback_data))
    await choose(chat, journey, callback_data.value, country, reports, i18n, callback.from_user.id)


async def choose(
    chat: Message,
    journey: Journey,
    value: str,
    country: Country,
    reports: ReportService,
    i18n: I18n,
    reporter_id: int,
) -> None:
    """Records a choice at the current step (a button's value) and moves on."""
    step, draft = journey.current, journey.draft
    if step == ReportForm.confirm.state:
        await _confirm(chat, journey, value, country, reports, i18n, reporter_id)
        return
    if step in (ReportForm.identifiers.state, ReportForm.evidence.state) and value != DONE:
        if value == CLEAR:
            draft.identifiers.clear()
            await journey.save()
        await journey.ask(chat, country)
        return
    note = None
    if step == ReportForm.amount.state and value == KEEP and draft.amount is not None:
        note = _noted_amount(journey, country)
    elif step == ReportForm.description.state and value == DONE:
        draft.description = draft.full_description()
        draft.notes.clear()
    elif step == ReportForm.amount_check.state:
        draft.amount_checked = True
    apply = STEPS[step].apply
    if apply is not None:
        try:
            apply(draft, value)
        except ValueError:
            await journey.ask(chat, country)
            return
    if step == ReportForm.urgent.state and draft.money_left_recently:
        await chat.answer(
            hotline_text(country)
            + "\n\n"
            + _("Your report will wait here for you: come back after the call to finish it.")
        )
    await journey.advance(chat, country, note)


def _noted_amount(journey: Journey, country: Country) -> str:
    draft = journey.draft
    amount = money_text(draft.amount or Decimal(0), draft.currency or country.currency)
    return _("Noted: {amount}.").format(amount=amount)


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
        await journey.ask(chat, country)
        return
    reference = await reports.submit(journey.draft, Reporter(reporter_id, i18n.current_locale))
    await journey.finish(reference)
    log.info("report submitted")
    draft = journey.draft
    await chat.answer(
        submitted_text(reference, draft.money_lost, draft.money_left_recently, country),
        reply_markup=main_menu(),
    )


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
        await callback.answer(earlier_report(), show_alert=True)
        return
    await callback.answer()
    await chat.answer(
        submitted_text(
            submitted.reference, submitted.money_lost, submitted.money_left_recently, country
        ),
        reply_markup=main_menu(),
    )


def earlier_report() -> str:
    return _("That button belongs to an earlier report.")


def submitted_text(
    reference: str, money_lost: bool, money_left_recently: bool, country: Country
) -> str:
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
    # One rule for the urgent advice: "call now" only while the money may still be stopped.
    if money_left_recently:
        text += "\n\n" + hotline_text(country)
    elif money_lost:
        text += "\n\n" + after_loss_text(country)
    return text


def build_router() -> Router:
    router = Router(name=__name__)
    router.callback_query.register(pick, ReportPick.filter(), StateFilter(ReportForm))
    router.callback_query.register(pick_after_submitting, ReportPick.filter(), StateFilter(None))
    return router
