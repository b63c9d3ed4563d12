"""What follows a decision taken in the console, in Telegram: the card in the operators' chat
shows it, the reporter hears it, and a question reaches them, as after a decision in the chat."""

import html

from aiogram import Bot

from bot.app import App
from console.decisions import FollowUp
from handlers.hear_back import ask_reporter
from handlers.review import after_decision
from reports.review import Decision, Outcome


def telegram_follow_up(app: App, bot: Bot) -> FollowUp:
    async def follow_up(outcome: Outcome, decided_by: str, detail: str | None) -> None:
        i18n = app.dispatcher["i18n"]
        with i18n.context(), i18n.use_locale(app.settings.operator_language):
            original = detail if outcome.decision == Decision.DUPLICATE else None
            await after_decision(
                bot, i18n, app.unit_of_work, app.core.checks(), outcome, decided_by, original
            )
            if outcome.decision == Decision.NEEDS_INFORMATION and detail:
                await ask_reporter(bot, i18n, outcome, html.escape(detail[:1000]))

    return follow_up
