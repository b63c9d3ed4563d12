"""Inline mode: typing "@bot 012-345 6789" in any chat offers the verdict, ready to send."""

import html
import re

from aiogram import Router
from aiogram.types import (
    InlineQuery,
    InlineQueryResultArticle,
    InlineQueryResultsButton,
    InlineQueryResultUnion,
    InputTextMessageContent,
)
from aiogram.utils.i18n import gettext as _

from checking.service import CheckService
from checking.verdicts import Finding
from handlers.check import badge, findings_text, reason_text
from handlers.keyboards import CHECK
from handlers.labels import identifier_label
from identifiers.extract import extract_identifiers
from identifiers.model import IdentifierKind

# Telegram shows a handful of results; a long paste is checked in a private chat instead.
MAX_RESULTS = 5
# Verdicts change as reports come in: let Telegram reuse an answer only briefly.
CACHE_SECONDS = 30
_TAG = re.compile(r"<[^>]+>")


async def inline_check(query: InlineQuery, checks: CheckService) -> None:
    found = extract_identifiers(query.query, checks.country)[:MAX_RESULTS]
    findings = await checks.check_identifiers(found)
    if not findings:
        await query.answer(
            [],
            cache_time=CACHE_SECONDS,
            is_personal=True,
            button=InlineQueryResultsButton(
                text=_("Type a phone number, account or link to check"), start_parameter=CHECK
            ),
        )
        return
    results: list[InlineQueryResultUnion] = [
        _result(number, finding) for number, finding in enumerate(findings)
    ]
    await query.answer(results, cache_time=CACHE_SECONDS, is_personal=True)


def _result(number: int, finding: Finding) -> InlineQueryResultArticle:
    kind = identifier_label(IdentifierKind(finding.kind), finding.provider)
    reasons = "; ".join(_plain(reason_text(reason)) for reason in finding.reasons)
    return InlineQueryResultArticle(
        id=str(number),
        title=f"{_plain(badge(finding.verdict))} · {kind}: {finding.value[:100]}",
        description=reasons or None,
        input_message_content=InputTextMessageContent(message_text=findings_text([finding])),
    )


def _plain(text: str) -> str:
    """A result's title and description show no markup."""
    return html.unescape(_TAG.sub("", text))


def build_router() -> Router:
    router = Router(name=__name__)
    router.inline_query.register(inline_check)
    return router
