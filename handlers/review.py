"""The operators' chat: each report's card and its decision buttons, the questions a decision
needs (the original of a duplicate, what to ask the reporter), the evidence, and /operator."""

import html
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import Bot, F, Router
from aiogram.exceptions import TelegramAPIError
from aiogram.filters import Command, CommandObject, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, ForceReply, Message, User
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _

from bot.outbound import unsolicited
from checking.service import CheckService
from handlers.hear_back import ask_reporter, tell_reporter
from handlers.inputs import text_of
from handlers.labels import operators_only_text, refusal_text
from handlers.review_cards import EVIDENCE, ReviewPick, card_keyboard, card_text
from reports.cards import build_card, evidence_of
from reports.review import (
    Actor,
    Decision,
    NotAnOperator,
    Outcome,
    ReviewError,
    ReviewService,
    Surface,
    UnknownReport,
)
from reports.taxonomy import EvidenceKind
from storage.uow import UnitOfWorkFactory

log = logging.getLogger(__name__)


class ReviewForm(StatesGroup):
    """An operator's decision that needs a word more, typed in the operators' chat."""

    original = State()
    question = State()


async def pick(
    callback: CallbackQuery,
    callback_data: ReviewPick,
    state: FSMContext,
    review: ReviewService,
    bot: Bot,
    i18n: I18n,
    operator_language: str,
    unit_of_work: UnitOfWorkFactory,
    checks: CheckService,
) -> None:
    actor = _actor(callback.from_user)
    action, reference = callback_data.action, callback_data.reference
    with i18n.use_locale(operator_language):
        if not await review.operators.contains(actor.telegram_id):
            await review.record_refusal(actor, reference, action)
            await callback.answer(operators_only_text(), show_alert=True)
            return
        if action == EVIDENCE:
            await callback.answer()
            await _show_evidence(bot, callback, unit_of_work, reference)
            return
        if action in (Decision.DUPLICATE, Decision.NEEDS_INFORMATION):
            await callback.answer()
            await _ask_operator(callback, state, Decision(action), reference)
            return
        outcome = await _decide(callback.answer, review, reference, Decision(action), actor)
        if outcome is None:
            return
        await callback.answer(_decided_text(outcome), show_alert=bool(outcome.official))
        name = callback.from_user.full_name
        await after_decision(bot, i18n, unit_of_work, checks, outcome, name, None)


async def typed_detail(
    message: Message,
    state: FSMContext,
    review: ReviewService,
    bot: Bot,
    i18n: I18n,
    operator_language: str,
    unit_of_work: UnitOfWorkFactory,
    checks: CheckService,
) -> None:
    """The operator's reply: the original report's reference, or the question to ask."""
    data = await state.get_data()
    await state.clear()
    decision, reference = Decision(data["decision"]), str(data["reference"])
    detail = text_of(message) or ""
    with i18n.use_locale(operator_language):
        if not detail.strip():
            await message.reply(_("Nothing was decided: the reply had no text."))
            return
        outcome = await _decide(
            message.reply, review, reference, decision, _actor(message.from_user), detail
        )
        if outcome is None:
            return
        original = detail if decision == Decision.DUPLICATE else None
        name = message.from_user.full_name if message.from_user else None
        await after_decision(bot, i18n, unit_of_work, checks, outcome, name, original)
        asked = decision != Decision.NEEDS_INFORMATION or await ask_reporter(
            bot, i18n, outcome, html.escape(detail[:1000])
        )
        await message.reply(
            html.escape(_decided_text(outcome))
            if asked
            else _(
                "Telegram did not deliver the question (the reporter may have blocked the bot). "
                "Undo opens the report again."
            )
        )


async def operator_command(
    message: Message,
    command: CommandObject,
    review: ReviewService,
    i18n: I18n,
    operator_language: str,
) -> None:
    """/operator add ID, /operator remove ID (or as a reply to the person), /operator list."""
    actor = _actor(message.from_user)
    words = (command.args or "").split()
    action = words[0].lower() if words else "list"
    replied = message.reply_to_message.from_user if message.reply_to_message else None
    target = (
        int(words[1])
        if len(words) > 1 and words[1].isdigit()
        else (replied.id if replied else None)
    )
    with i18n.use_locale(operator_language):
        if action == "list":
            admins = ", ".join(str(admin) for admin in sorted(review.operators.admins))
            await message.reply(_("Admins: {admins}").format(admins=admins))
            return
        if action not in ("add", "remove") or target is None:
            await message.reply(_("Use /operator add ID, /operator remove ID or /operator list."))
            return
        try:
            if action == "add":
                changed = await review.operators.add(actor, target)
            else:
                changed = await review.operators.remove(actor, target)
        except NotAnOperator:
            await message.reply(_("Only the centre's admins can add or remove operators."))
            return
        done = _("Done.") if changed else _("Nothing to change.")
        await message.reply(done)


async def _decide(
    reply: Callable[[str], Awaitable[Any]],
    review: ReviewService,
    reference: str,
    decision: Decision,
    actor: Actor,
    detail: str | None = None,
) -> Outcome | None:
    """The decision's outcome; None (after saying why to the operator) when it was refused."""
    try:
        return await review.decide(reference, decision, actor, detail)
    except ReviewError as error:
        await reply(refusal_text(error))
    return None


async def after_decision(
    bot: Bot,
    i18n: I18n,
    unit_of_work: UnitOfWorkFactory,
    checks: CheckService,
    outcome: Outcome,
    decided_by: str | None,
    original: str | None,
) -> None:
    """The card shows the outcome and who decided; the reporter hears back."""
    async with unit_of_work() as uow:
        posted = await uow.cards.find(outcome.reference)
    if posted is not None:
        card = await build_card(unit_of_work, checks, outcome.reference)
        try:
            with unsolicited():
                await bot.edit_message_text(
                    card_text(card, decided_by),
                    chat_id=posted.chat_id,
                    message_id=posted.message_id,
                    reply_markup=card_keyboard(card),
                )
        except TelegramAPIError as error:
            log.warning("could not update a card (%s)", type(error).__name__)
    await tell_reporter(bot, i18n, outcome, original)


async def _ask_operator(
    callback: CallbackQuery, state: FSMContext, decision: Decision, reference: str
) -> None:
    await state.set_state(
        ReviewForm.original if decision == Decision.DUPLICATE else ReviewForm.question
    )
    await state.update_data(decision=decision, reference=reference)
    prompt = (
        _("Reply with the reference of the report that {reference} repeats.")
        if decision == Decision.DUPLICATE
        else _("Reply with your question for the reporter of {reference}.")
    ).format(reference=reference)
    if isinstance(callback.message, Message):
        await callback.message.reply(prompt, reply_markup=ForceReply(selective=True))


async def _show_evidence(
    bot: Bot, callback: CallbackQuery, unit_of_work: UnitOfWorkFactory, reference: str
) -> None:
    if not isinstance(callback.message, Message):
        return
    chat = callback.message.chat.id
    try:
        items = await evidence_of(unit_of_work, reference)
    except UnknownReport:
        return
    with unsolicited():
        for item in items:
            caption = reference
            if item.kind == EvidenceKind.PHOTO and item.file_id:
                await bot.send_photo(chat, item.file_id, caption=caption)
            elif item.file_id:
                await bot.send_document(chat, item.file_id, caption=caption)
            elif item.text:
                await bot.send_message(
                    chat, f"<b>{reference}</b>\n<i>{html.escape(item.text[:3500])}</i>"
                )


def _decided_text(outcome: Outcome) -> str:
    text = {
        Decision.CONFIRM: _("Confirmed as a scam."),
        Decision.NOT_A_SCAM: _("Marked as not a scam."),
        Decision.DUPLICATE: _("Marked as a duplicate."),
        Decision.NEEDS_INFORMATION: _("The reporter is asked."),
        Decision.UNDO: _("Undone: the report is open again."),
    }[outcome.decision]
    if outcome.official:
        # Shown in full: an official number is never listed, whatever the report says.
        text += " " + _("Not marked as scams, because they are official: {values}.").format(
            values=", ".join(outcome.official)
        )
    return text


def _actor(user: User | None) -> Actor:
    return Actor(user.id if user else 0, Surface.TELEGRAM)


def build_router(operator_chat_id: int) -> Router:
    router = Router(name="review")
    in_chat = F.chat.id == operator_chat_id
    router.message.filter(in_chat)
    router.callback_query.filter(F.message.chat.id == operator_chat_id)
    router.callback_query.register(pick, ReviewPick.filter())
    router.message.register(operator_command, Command("operator"))
    router.message.register(typed_detail, StateFilter(ReviewForm.original, ReviewForm.question))
    return router
