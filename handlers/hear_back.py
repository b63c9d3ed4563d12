"""The reporter hears back: the centre's decision, in their own language, and the centre's
question, which they answer with text, a photo or a file."""

import logging

from aiogram import Bot, F, Router
from aiogram.exceptions import TelegramAPIError
from aiogram.filters import StateFilter
from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _

from bot.outbound import unsolicited
from delivery.relay import OutboxBell
from handlers.evidence import receive_file
from handlers.inputs import file_of, text_of
from handlers.keyboards import main_menu
from identifiers.exclusions import mask_identity_cards
from reports.review import Decision, Outcome, ReviewError, ReviewService
from reports.taxonomy import ReportStatus

log = logging.getLogger(__name__)


class CentreQuestion(CallbackData, prefix="cq"):
    reference: str


class AnswerForm(StatesGroup):
    waiting = State()


def decision_text(outcome: Outcome, original: str | None) -> str | None:
    """What the reporter is told of a decision; None when there is nothing to tell."""
    reference = f"<b>{outcome.reference}</b>"
    if outcome.status == ReportStatus.CONFIRMED:
        return _(
            "✅ Your report {reference} was confirmed as a scam. From now on we warn everyone "
            "who checks its numbers and links. Thank you for reporting."
        ).format(reference=reference)
    if outcome.status == ReportStatus.NOT_A_SCAM:
        return _(
            "Your report {reference} was reviewed: the anti-scam centre found no scam in it. "
            "If something new happens, you can /report again."
        ).format(reference=reference)
    if outcome.status == ReportStatus.DUPLICATE:
        return _(
            "Your report {reference} is about a scam already reported ({original}): it is kept "
            "with that report. Thank you."
        ).format(reference=reference, original=original or "")
    if outcome.decision == Decision.UNDO:
        return _(
            "The decision on your report {reference} was withdrawn: it is being reviewed again."
        ).format(reference=reference)
    return None


async def tell_reporter(bot: Bot, i18n: I18n, outcome: Outcome, original: str | None) -> bool:
    """Sends the decision to the reporter who asked to hear back; False if it could not go."""
    if outcome.reporter is None or outcome.reporter_language is None:
        return False
    with i18n.use_locale(outcome.reporter_language):
        text = decision_text(outcome, original)
        if text is None:
            return False
        return await _send(bot, outcome.reporter, text, None)


async def ask_reporter(bot: Bot, i18n: I18n, outcome: Outcome, question: str) -> bool:
    """Puts the centre's question to the reporter, with a button to answer it."""
    if outcome.reporter_contact is None or outcome.reporter_language is None:
        return False
    with i18n.use_locale(outcome.reporter_language):
        text = _(
            "❓ The anti-scam centre has a question about your report {reference}:\n\n"
            "<i>{question}</i>\n\nTap the button, then send your answer: text, a photo or a file."
        ).format(reference=f"<b>{outcome.reference}</b>", question=question)
        return await _send(bot, outcome.reporter_contact, text, answer_keyboard(outcome.reference))


def answer_keyboard(reference: str) -> InlineKeyboardMarkup:
    answer = InlineKeyboardButton(
        text=_("✍️ Answer"), callback_data=CentreQuestion(reference=reference).pack()
    )
    return InlineKeyboardMarkup(inline_keyboard=[[answer]])


async def _send(bot: Bot, chat: int, text: str, markup: InlineKeyboardMarkup | None) -> bool:
    try:
        with unsolicited():
            await bot.send_message(chat, text, reply_markup=markup)
    except TelegramAPIError as error:  # blocked the bot, deleted their account…
        log.warning("could not tell a reporter (%s)", type(error).__name__)
        return False
    return True


async def start_answer(
    callback: CallbackQuery, callback_data: CentreQuestion, state: FSMContext
) -> None:
    """Keeps whatever the person was doing (a report in progress) to resume after the answer."""
    if await state.get_state() != AnswerForm.waiting.state:
        await state.update_data(
            resume_state=await state.get_state(), resume_data=await state.get_data()
        )
    await state.set_state(AnswerForm.waiting)
    await state.update_data(answering=callback_data.reference)
    await callback.answer()
    if isinstance(callback.message, Message):
        await callback.message.answer(
            _("Send your answer now: text, a photo or a file. /cancel stops.")
        )


async def take_answer(
    message: Message, state: FSMContext, review: ReviewService, bot: Bot, cards: OutboxBell
) -> None:
    data = await state.get_data()
    reference = str(data.get("answering", ""))
    text = mask_identity_cards(text_of(message) or "")
    incoming = file_of(message)
    if not text and incoming is None:
        await message.answer(_("Please send text, a photo or a file: that is what we can keep."))
        return
    evidence = []
    if incoming is not None:
        received = await receive_file(bot, message, incoming)
        if received is None:
            return
        evidence.append(received)
    try:
        await review.answer(reference, message.chat.id, text, evidence)
        cards.ring()
    except ReviewError:
        await message.answer(_("This question was already answered or closed. Thank you."))
    else:
        await message.answer(
            _("Thank you: your answer was added to report {reference}.").format(
                reference=f"<b>{reference}</b>"
            )
        )
    await _resume(state, message)


async def cancel_answer(message: Message, state: FSMContext) -> None:
    await message.answer(_("Your answer was not sent."))
    await _resume(state, message)


async def _resume(state: FSMContext, message: Message) -> None:
    data = await state.get_data()
    resume_state, resume_data = data.get("resume_state"), data.get("resume_data") or {}
    await state.set_state(resume_state)
    await state.set_data(resume_data)
    if resume_state is None:
        await message.answer(_("What would you like to do?"), reply_markup=main_menu())


def build_router() -> Router:
    router = Router(name="hear_back")
    router.callback_query.register(start_answer, CentreQuestion.filter())
    waiting = StateFilter(AnswerForm.waiting)
    router.message.register(cancel_answer, waiting, F.text == "/cancel")
    router.message.register(take_answer, waiting)
    return router
