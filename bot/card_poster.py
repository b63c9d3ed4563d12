"""Posts each new report's card to the operators' chat, beside the updates, within a second.

A report without a posted card is claimed for a minute (so that of several bot processes one
posts it, and another takes over if that one dies), posted through the paced sender, and
marked posted. Reports the reporter answered are posted again, below the conversation.
"""

import logging
from datetime import UTC, datetime, timedelta

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError
from aiogram.utils.i18n import I18n

from bot.outbound import unsolicited
from core.app import Core
from handlers.review_cards import card_keyboard, card_text
from reports.cards import build_card
from storage.cards import PostedCard

log = logging.getLogger(__name__)

CLAIM = timedelta(seconds=60)
BATCH = 20
IDLE_SECONDS = 2.0


async def post_cards(core: Core, bot: Bot, i18n: I18n, chat_id: int) -> None:
    """Runs until cancelled."""
    while True:
        if await post_waiting_cards(core, bot, i18n, chat_id) < BATCH:
            await core.cards_bell.wait_at_most(IDLE_SECONDS)


async def post_waiting_cards(core: Core, bot: Bot, i18n: I18n, chat_id: int) -> int:
    """Posts the cards of reports waiting for one (a batch at most); how many were claimed."""
    checks = core.checks()
    async with core.unit_of_work() as uow:
        references = await uow.cards.claim_unposted(datetime.now(UTC), CLAIM, BATCH)
        await uow.commit()
    for reference in references:
        card = await build_card(core.unit_of_work, checks, reference)
        with i18n.context(), i18n.use_locale(core.settings.operator_language):
            text, markup = card_text(card), card_keyboard(card)
        try:
            with unsolicited():
                sent = await bot.send_message(chat_id, text, reply_markup=markup)
        except TelegramAPIError as error:  # tried again once the claim runs out
            log.warning("could not post a card (%s)", type(error).__name__)
            continue
        async with core.unit_of_work() as uow:
            await uow.cards.posted(
                reference, PostedCard(chat_id, sent.message_id), datetime.now(UTC)
            )
            await uow.commit()
    return len(references)
