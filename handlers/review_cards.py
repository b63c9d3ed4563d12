"""A report's card in the operators' chat: its text and its decision buttons."""

import html
from datetime import UTC, datetime

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from aiogram.utils.i18n import gettext as _

from handlers.check import badge
from handlers.formatting import money_text
from handlers.labels import identifier_label, scam_type_label, status_label
from languages.names import NATIVE_NAMES
from reports.cards import ReportCard
from reports.review import Decision
from reports.taxonomy import ReportStatus, ScamType

EVIDENCE = "evidence"


class ReviewPick(CallbackData, prefix="rv"):
    """An operator's button on a card: a decision (or the evidence) for one report."""

    action: str
    reference: str


def card_text(card: ReportCard, decided_by: str | None = None) -> str:
    age = _age(card.submitted_at)
    status = status_label(card.status, to_reporter=False)
    lines = [
        f"📋 <b>{card.reference}</b> · {scam_type_label(ScamType(card.scam_type))} · {age}",
        _("Status: {status}").format(status=f"<b>{status}</b>"),
    ]
    for item in card.identifiers:
        others = (
            _("{count} other report", "{count} other reports", item.others).format(
                count=item.others
            )
            if item.others
            else _("no other report")
        )
        kind = identifier_label(item.kind, item.provider)
        value = f"<code>{html.escape(item.value[:120])}</code>"
        lines.append(f"• {kind}: {value}\n   {badge(item.verdict)} · {others}")
    if not card.identifiers:
        lines.append(_("• No number, account or link given."))
    lost = (
        _("💸 Lost: {amount}").format(amount=money_text(card.amount, card.currency or ""))
        if card.money_lost and card.amount is not None
        else _("💸 Lost: no money")
        if not card.money_lost
        else _("💸 Lost: amount not given")
    )
    language = NATIVE_NAMES.get(card.description_language or card.interface_language, "?")
    evidence = _("📎 {count} file", "📎 {count} files", card.evidence).format(count=card.evidence)
    lines.append(f"{lost} · 🌐 {language} · {evidence}")
    if card.duplicate_of:
        lines.append(_("Same scam as {reference}.").format(reference=card.duplicate_of))
    if card.status != ReportStatus.RECEIVED and decided_by:
        lines.append(_("Decided by {name}.").format(name=html.escape(decided_by)))
    return "\n".join(lines)


def card_keyboard(card: ReportCard) -> InlineKeyboardMarkup:
    reference = card.reference
    evidence = [
        _button(_("📎 Evidence ({count})").format(count=card.evidence), EVIDENCE, reference)
    ]
    undo = [_button(_("↩️ Undo"), Decision.UNDO, reference)]
    if card.status in (ReportStatus.RECEIVED, ReportStatus.NEEDS_INFORMATION):
        rows = [
            [
                _button(_("✅ Scam"), Decision.CONFIRM, reference),
                _button(_("🚫 Not a scam"), Decision.NOT_A_SCAM, reference),
            ],
            [
                _button(_("🔁 Duplicate…"), Decision.DUPLICATE, reference),
                _button(_("❓ Ask…"), Decision.NEEDS_INFORMATION, reference),
            ],
        ]
        if card.status == ReportStatus.NEEDS_INFORMATION:  # the question may be withdrawn
            rows.append(undo)
    else:
        rows = [undo]
    if card.evidence:
        rows.append(evidence)
    return InlineKeyboardMarkup(inline_keyboard=rows)


def _button(text: str, action: str, reference: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(
        text=text, callback_data=ReviewPick(action=action, reference=reference).pack()
    )


def _age(moment: datetime) -> str:
    minutes = max(0, int((datetime.now(UTC) - moment).total_seconds() // 60))
    if minutes < 60:
        return _("{count} min ago", "{count} min ago", minutes).format(count=minutes)
    hours = minutes // 60
    if hours < 48:
        return _("{count} hour ago", "{count} hours ago", hours).format(count=hours)
    days = hours // 24
    return _("{count} day ago", "{count} days ago", days).format(count=days)
