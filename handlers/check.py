"""The check journey: /check (or the menu button, or any message with identifiers outside a
report) answers each number, account and link with a verdict and its reasons in plain words."""

import html
import io
import logging
from collections import Counter
from typing import Any

from aiogram import Bot, F, Router
from aiogram.exceptions import TelegramAPIError
from aiogram.filters import Command, CommandObject, Filter, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import get_i18n
from aiogram.utils.i18n import gettext as _

from checking.reasons import Reason, ReasonCode
from checking.service import CheckService
from checking.verdicts import Finding, Verdict, severity
from hallmarks.detect import find_hallmarks
from handlers.formatting import country_name
from handlers.hallmark_texts import hallmarks_text
from handlers.inputs import IncomingFile, entities_of, file_of, is_command, is_image, text_of
from handlers.keyboards import CHECK, MenuAction, report_checked_button
from handlers.labels import identifier_label
from handlers.report.commands import ask_continue_or_discard
from handlers.report.journey import Journey, remember_checked
from identifiers.extract import extract_from_message
from identifiers.model import Identifier, IdentifierKind
from identifiers.urls import readable_link
from reports.countries import Country
from reports.draft import MAX_EVIDENCE_BYTES
from screenshots.reader import UnreadableImage, read_image

log = logging.getLogger(__name__)
# Telegram refuses longer messages.
MESSAGE_LIMIT = 4096
# Verdicts under which the answer offers to report what was checked.
WORRYING = frozenset({Verdict.CONFIRMED_SCAM, Verdict.REPORTED, Verdict.SUSPICIOUS})


class CheckForm(StatesGroup):
    waiting_for_text = State()


async def check_command(
    message: Message, command: CommandObject, state: FSMContext, checks: CheckService
) -> None:
    """/check, or /check followed by what to check, which is checked at once."""
    if command.args and command.args != CHECK:
        found = extract_from_message(command.args, (), checks.country)
        await answer_check(message, state, checks, found, command.args)
        return
    await _ask_unless_reporting(message, state)


async def check_button(callback: CallbackQuery, state: FSMContext) -> None:
    await callback.answer()
    if isinstance(callback.message, Message):
        await _ask_unless_reporting(callback.message, state)


async def _ask_unless_reporting(chat: Message, state: FSMContext) -> None:
    """Asks what to check; a report in progress is never dropped for it unasked."""
    journey = await Journey.load(state)
    if journey is not None:
        await ask_continue_or_discard(chat, journey)
        return
    await state.set_state(CheckForm.waiting_for_text)
    await chat.answer(_ask_text())


async def check_message(
    message: Message,
    state: FSMContext,
    checks: CheckService,
    bot: Bot,
    found: list[Identifier] | None = None,
) -> None:
    # The check is answered; what else the conversation holds (files waiting for a report)
    # stays.
    await state.set_state(None)
    text = text_of(message) or ""
    picture = file_of(message)
    if picture is not None and is_image(picture):
        seen = await _text_in_picture(bot, picture)
        if seen is None:
            await message.answer(
                _(
                    "I could not read any text in that picture. Please type the number or link, "
                    "or forward the message itself."
                )
            )
            return
        text = f"{text} {seen}".strip()
        found = None
    if found is None:
        found = extract_from_message(text, entities_of(message), checks.country)
    await answer_check(message, state, checks, found, text)


async def _text_in_picture(bot: Bot, picture: IncomingFile) -> str | None:
    """The screenshot's text, read in the person's language (and English); None when there
    is none to read, or the picture cannot be read."""
    if picture.size is not None and picture.size > MAX_EVIDENCE_BYTES:
        return None
    try:
        received = io.BytesIO()
        await bot.download(picture.file_id, destination=received)
        seen = await read_image(received.getvalue(), get_i18n().current_locale)
    except (TelegramAPIError, UnreadableImage) as error:
        log.warning("could not read a picture (%s)", type(error).__name__)
        return None
    return seen or None


async def answer_check(
    message: Message,
    state: FSMContext,
    checks: CheckService,
    found: list[Identifier],
    text: str,
) -> None:
    """The message's signs of a scam first, then a verdict on each number, account and link."""
    findings = await checks.check_identifiers(found)
    hallmarks = find_hallmarks(text, findings)
    signs = hallmarks_text(hallmarks, text)
    if not findings and not hallmarks:
        await message.answer(
            _(
                "I could not find a phone number, bank account, link or email in that. Please "
                "send it as you received it, for example 012-345 6789 or https://example.com"
            )
        )
        return
    worrying = bool(hallmarks) or any(finding.verdict in WORRYING for finding in findings)
    room = MESSAGE_LIMIT - (_length(signs) + 2 if signs else 0)
    parts = [part for part in (signs, findings_text(findings, room) if findings else None) if part]
    answer = await message.answer(
        "\n\n".join(parts), reply_markup=report_checked_button() if worrying else None
    )
    if worrying:
        await remember_checked(state, answer, found)


class CarriesIdentifiers(Filter):
    """Passes a message, not a command, that holds identifiers or shows a scam's hallmarks
    (a pasted "your account is frozen, reply with the code"), and hands on what it found."""

    async def __call__(self, message: Message, country: Country) -> bool | dict[str, Any]:
        text = text_of(message)
        if not text or is_command(text):
            return False
        found = extract_from_message(text, entities_of(message), country.code)
        return {"found": found} if found or find_hallmarks(text) else False


def _ask_text() -> str:
    return _(
        "🔎 Send me the phone number, bank account or link, or forward the whole message you "
        "received. I will tell you what Waspada knows about each one."
    )


def findings_text(findings: list[Finding], room: int = MESSAGE_LIMIT) -> str:
    """Every finding, in the message's order, when `room` holds them all; otherwise the most
    worrying first, as many as fit, and a count of the rest."""
    parts = [_finding_text(finding) for finding in findings]
    if _fits(_joined(parts), room):
        return _joined(parts)
    order = sorted(range(len(findings)), key=lambda i: -severity(findings[i].verdict))
    shown = 0
    while _fits(_joined([parts[i] for i in order[: shown + 1]]), room):
        shown += 1
    while True:
        hidden = Counter(findings[i].verdict for i in order[shown:])
        text = _joined([*(parts[i] for i in order[:shown]), _not_shown_text(hidden)])
        if _fits(text, room) or shown == 0:
            return text
        shown -= 1


def _fits(text: str, room: int = MESSAGE_LIMIT) -> bool:
    return _length(text) <= room


def _length(text: str) -> int:
    # Telegram counts UTF-16 code units; counting the HTML tags too leaves a margin.
    return len(text.encode("utf-16-le")) // 2


def _joined(parts: list[str]) -> str:
    return "\n\n".join(parts)


def _not_shown_text(hidden: Counter[Verdict]) -> str:
    count = hidden.total()
    verdicts = ", ".join(
        f"{badge(verdict)} {number}"
        for verdict, number in sorted(hidden.items(), key=lambda item: -severity(item[0]))
    )
    # Translators: {verdicts} lists verdicts with how many have each, such as
    # "⛔ Confirmed scam 2, ❔ No record 40".
    return _(
        "{count} more not shown ({verdicts}). Send them a few at a time to see each one.",
        "{count} more not shown ({verdicts}). Send them a few at a time to see each one.",
        count,
    ).format(count=count, verdicts=verdicts)


def _finding_text(finding: Finding) -> str:
    value = f"<code>{html.escape(finding.value[:200])}</code>"
    readable = readable_link(finding.value) if finding.kind == IdentifierKind.URL else None
    if readable:
        # As the person saw it in the message, beside the form that gives the trick away.
        value += f" ({html.escape(readable[:200])})"
    kind = identifier_label(IdentifierKind(finding.kind), finding.provider)
    headline = f"{badge(finding.verdict)} · {kind}: {value}"
    lines = [headline, *(f"• {reason_text(reason)}" for reason in finding.reasons)]
    lines.append(_advice(finding.verdict))
    return "\n".join(lines)


def badge(verdict: Verdict) -> str:
    return {
        Verdict.CONFIRMED_SCAM: _("⛔ <b>Confirmed scam</b>"),
        Verdict.REPORTED: _("⚠️ <b>Reported</b>"),
        Verdict.SUSPICIOUS: _("⚠️ <b>Suspicious</b>"),
        Verdict.NO_RECORD: _("❔ <b>No record</b>"),
        Verdict.OFFICIAL: _("✅ <b>Official</b>"),
    }[verdict]


def _advice(verdict: Verdict) -> str:
    return {
        Verdict.CONFIRMED_SCAM: _("Do not pay, reply or click. If you were contacted, /report it."),
        Verdict.REPORTED: _(
            "Other people reported this. Do not pay or share codes; "
            "if it contacted you, /report it."
        ),
        Verdict.SUSPICIOUS: _("Be careful: do not log in or pay through this link."),
        Verdict.NO_RECORD: _("We know nothing about this yet. That is not proof that it is safe."),
        Verdict.OFFICIAL: _(
            "This is on the official list. Scammers can still fake a caller ID or copy a page, "
            "so never share an OTP, PIN or password."
        ),
    }[verdict]


def reason_text(reason: Reason) -> str:
    detail = html.escape(reason.detail)
    match reason.code:
        case ReasonCode.ALLOWLISTED:
            return _("On the official list of banks and agencies.")
        case ReasonCode.OPERATOR_CONFIRMED:
            return _("Confirmed as a scam by the anti-scam centre.")
        case ReasonCode.LISTED_BY:
            return _("Listed as malicious by {source}.").format(source=detail)
        case ReasonCode.PARTNER_CONFIRMED:
            return _("Confirmed as a scam by {centre}, a partner anti-scam centre.").format(
                centre=detail
            )
        case ReasonCode.PARTNER_REPORTED:
            return _("Reported as a scam by {centre}, a partner anti-scam centre.").format(
                centre=detail
            )
        case ReasonCode.REPORTED_BY:
            return _("Reported by {count} different people.").format(count=detail)
        case ReasonCode.IP_LITERAL:
            return _("The link uses a bare IP address instead of a name.")
        case ReasonCode.SHORTENER:
            return _("A link shortener hides where this link really goes.")
        case ReasonCode.PUNYCODE:
            return _("The address uses look-alike letters from other alphabets.")
        case ReasonCode.MIXED_SCRIPTS:
            return _("The address mixes letters from different alphabets to imitate a name.")
        case ReasonCode.EXPANDS_TO:
            return _("This short link leads to {url}").format(url=f"<code>{detail[:200]}</code>")
        case ReasonCode.LOOKALIKE:
            return _("Looks like the official {domain}, but is not it.").format(domain=detail)
        case ReasonCode.BRAND_IN_PATH:
            return _(
                'The address uses the name of {domain} beside words such as "login", but the '
                "page is not on {domain}."
            ).format(domain=detail)
        case ReasonCode.GOVERNMENT_NAME_OUTSIDE:
            return _(
                'The address borrows "{suffix}", which only the government can use, but it is '
                "not a government site."
            ).format(suffix=detail)
        case ReasonCode.USER_CONTENT_ON:
            return _(
                "This page is on {platform}, where anyone can publish: it is not from "
                "{platform} itself."
            ).format(platform=detail)
        case ReasonCode.NUMBER_RANGE_UNVERIFIED:
            return _(
                "This would be a number in {country}, but we cannot confirm that such numbers "
                "are in use there."
            ).format(country=country_name(reason.detail))
        case ReasonCode.NUMBER_COUNTRY_FROM_LANGUAGE:
            return _(
                "Written without a country code: read as a number in {country}, the country of "
                "the message's language."
            ).format(country=country_name(reason.detail))
        case ReasonCode.NUMBER_COUNTRY_GUESSED:
            return _(
                "Written without a country code and not a local number: it would be a number "
                "in {country}. This is a guess."
            ).format(country=country_name(reason.detail))


def build_router() -> Router:
    """/check and the menu's Check: before the report journey, which would take any message
    sent during a report as an answer."""
    router = Router(name=__name__)
    router.message.register(check_command, Command("check"))
    router.callback_query.register(check_button, MenuAction.filter(F.action == CHECK))
    return router


def build_answers_router() -> Router:
    router = Router(name=f"{__name__}.answers")
    router.message.register(check_message, StateFilter(CheckForm.waiting_for_text))
    # Outside any journey, a message that carries identifiers is a request to check them.
    router.message.register(check_message, StateFilter(None), CarriesIdentifiers())
    return router
