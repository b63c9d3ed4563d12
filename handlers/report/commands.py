"""Starting a report (with whatever the person already gave) and moving through it: /back,
/skip, /cancel, and the choice to go on with a report or discard it."""

from aiogram import F, Router
from aiogram.filters import Command, CommandObject, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message, ReplyKeyboardRemove
from aiogram.utils.i18n import gettext as _

from handlers.keyboards import (
    CONTINUE,
    REPORT,
    REPORT_CHECKED,
    DraftChoice,
    MenuAction,
    draft_choice_keyboard,
    main_menu,
)
from handlers.report.journey import Journey, checked_identifiers
from handlers.report.notes import take_in
from handlers.report.steps import STEPS, ReportForm
from reports.countries import Country
from reports.draft import ReportDraft
from reports.taxonomy import ContactConsent


async def report_command(
    message: Message, command: CommandObject, state: FSMContext, country: Country
) -> None:
    """/report, or /report followed by what happened: that text is kept for the report."""
    draft = ReportDraft()
    notice = take_in(draft, command.args or "", country) if command.args else None
    await start_or_resume(message, state, country, draft, notice)


async def report_button(callback: CallbackQuery, state: FSMContext, country: Country) -> None:
    await callback.answer()
    if isinstance(callback.message, Message):
        await start_or_resume(callback.message, state, country, ReportDraft())


async def report_checked_button(
    callback: CallbackQuery, state: FSMContext, country: Country
) -> None:
    """ "Report this" under a check's answer: a report that already holds what was checked."""
    await callback.answer()
    if isinstance(callback.message, Message):
        draft = ReportDraft()
        draft.add_identifiers(await checked_identifiers(state, callback.message))
        await start_or_resume(callback.message, state, country, draft)


async def start_or_resume(
    chat: Message,
    state: FSMContext,
    country: Country,
    draft: ReportDraft,
    notice: str | None = None,
) -> None:
    journey = await Journey.load(state)
    if journey is not None:
        journey.draft.absorb(draft)
        await journey.save()
        note = _("You have a report in progress. Let's continue where you left off.")
        await journey.ask(chat, country, _joined(note, notice))
        return
    journey = await Journey.begin(state, draft)
    note = _(
        "I will ask a few short questions. Use the buttons where you see them.\n"
        "🔒 We never ask for your OTP, PIN or password."
    )
    await journey.ask(chat, country, _joined(note, notice))


async def ask_continue_or_discard(chat: Message, journey: Journey) -> None:
    """Before anything would replace a report in progress: never discard it unasked."""
    await chat.answer(
        _("You have a report in progress. Continue it, or discard it?"),
        reply_markup=draft_choice_keyboard(journey.draft.tag),
    )


async def draft_choice(
    callback: CallbackQuery, callback_data: DraftChoice, state: FSMContext, country: Country
) -> None:
    journey = await Journey.load(state)
    chat = callback.message
    await callback.answer()
    if journey is None or journey.draft.tag != callback_data.draft or not isinstance(chat, Message):
        return
    if callback_data.action == CONTINUE:
        await journey.ask(chat, country)
        return
    await state.clear()
    await chat.answer(_("Your report was discarded. Nothing was sent."), reply_markup=main_menu())


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
    step = STEPS[journey.current]
    if not step.optional:
        await journey.ask(message, country, _("This question cannot be skipped."))
        return
    for field in step.skipped:
        setattr(journey.draft, field, None)
    if journey.current == ReportForm.contact_phone.state:
        journey.draft.contact_consent = ContactConsent.TELEGRAM
        await message.answer(
            _("All right, an officer can contact you on Telegram instead."),
            reply_markup=ReplyKeyboardRemove(),
        )
    await journey.advance(message, country)


def _joined(*notes: str | None) -> str:
    return "\n\n".join(note for note in notes if note)


def build_router() -> Router:
    router = Router(name=__name__)
    router.message.register(report_command, Command("report"))
    router.callback_query.register(report_button, MenuAction.filter(F.action == REPORT))
    router.callback_query.register(
        report_checked_button, MenuAction.filter(F.action == REPORT_CHECKED)
    )
    router.callback_query.register(draft_choice, DraftChoice.filter())
    router.message.register(cancel, Command("cancel"))
    router.message.register(back, Command("back"), StateFilter(ReportForm))
    router.message.register(skip, Command("skip"), StateFilter(ReportForm))
    return router
