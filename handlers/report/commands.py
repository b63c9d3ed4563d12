"""Starting a report (with whatever the person already gave) and moving through it: /back,
/skip, /cancel, and the choice to go on with a report or discard it."""

from aiogram import Bot, F, Router
from aiogram.filters import Command, CommandObject, Filter, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message, ReplyKeyboardRemove
from aiogram.utils.i18n import gettext as _

from handlers.evidence import receive_file
from handlers.filters import Carries
from handlers.inputs import entities_of, file_of, is_command, text_of
from handlers.keyboards import (
    CONTINUE,
    REPORT,
    REPORT_CHECKED,
    DraftChoice,
    MenuAction,
    draft_choice_keyboard,
    main_menu,
    report_offer,
)
from handlers.report.journey import Journey, checked_identifiers, keep_waiting, waiting_draft
from handlers.report.notes import take_in
from handlers.report.steps import STEPS, ReportForm
from handlers.texts import hotline_text
from reports.countries import Country
from reports.distress import says_scammed
from reports.draft import MAX_EVIDENCE_ITEMS, ReportDraft
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


async def file_outside_report(
    message: Message, state: FSMContext, bot: Bot, country: Country
) -> None:
    """A screenshot or document sent outside a report is kept for the next report."""
    incoming = file_of(message)
    if incoming is None:
        return
    waiting = await waiting_draft(state)
    if len(waiting.evidence) >= MAX_EVIDENCE_ITEMS:
        await message.answer(
            _("You have sent the most items one report can hold ({limit}).").format(
                limit=MAX_EVIDENCE_ITEMS
            )
        )
        return
    evidence = await receive_file(bot, message, incoming)
    if evidence is None:
        return
    if not waiting.has_evidence(evidence.file_unique_id, evidence.sha256):
        waiting.evidence.append(evidence)
    await keep_waiting(state, waiting)
    await message.answer(
        _("I have kept this. If it is about a scam, report it now and it will be attached."),
        reply_markup=report_offer(),
    )


async def scammed(message: Message, state: FSMContext, country: Country) -> None:
    """ "I've been scammed": the urgent advice first, then the offer to report, with what
    they wrote kept for the report."""
    waiting = await waiting_draft(state)
    take_in(waiting, text_of(message) or "", country, entities_of(message))
    await keep_waiting(state, waiting)
    await message.answer(hotline_text(country))
    await message.answer(
        _(
            "When you can, report what happened: it helps stop the scammer. What you wrote is "
            "kept for the report."
        ),
        reply_markup=report_offer(),
    )


class SaysScammed(Filter):
    async def __call__(self, message: Message) -> bool:
        text = text_of(message)
        return bool(text) and not is_command(text) and says_scammed(text or "")


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
    router.message.register(scammed, StateFilter(None), SaysScammed())
    router.message.register(file_outside_report, StateFilter(None), Carries("photo", "document"))
    router.message.register(back, Command("back"), StateFilter(ReportForm))
    router.message.register(skip, Command("skip"), StateFilter(ReportForm))
    return router
