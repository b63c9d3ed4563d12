"""What the bot asks at each step of the report journey, and the summary before submitting."""

import html
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal

from aiogram.types import InlineKeyboardMarkup, ReplyKeyboardMarkup
from aiogram.utils.i18n import gettext as _

from handlers.context import pgettext
from handlers.formatting import date_text, money_text
from handlers.keyboards import choices, share_phone_keyboard
from handlers.labels import (
    consent_label,
    contact_channel_label,
    identifier_label,
    impersonated_party_label,
    incident_period_label,
    payment_method_label,
    scam_type_label,
)
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
from reports.countries import Country
from reports.dates import example_date
from reports.draft import ReportDraft
from reports.taxonomy import EvidenceKind

# Long free text is shortened in the summary so that it fits one Telegram message.
_SUMMARY_TEXT_CHARS = 300
_SUMMARY_VALUE_CHARS = 80

Markup = InlineKeyboardMarkup | ReplyKeyboardMarkup | None


@dataclass(frozen=True)
class Prompt:
    text: str
    markup: Markup


def prompt_for(state: str, draft: ReportDraft, country: Country) -> Prompt:
    question, markup = _question(state, draft, country)
    return Prompt(f"{question}\n\n<i>{_navigation_hint(state)}</i>", markup)


def _navigation_hint(state: str) -> str:
    if state == ReportForm.urgent.state:
        return _("/cancel stops the report at any time.")
    if STEPS[state].optional:
        return _("/back goes back · /skip skips this question · /cancel stops")
    return _("/back goes back · /cancel stops")


def _question(state: str, draft: ReportDraft, country: Country) -> tuple[str, Markup]:
    step = STEPS[state]
    name, tag = step_name(state), draft.tag
    buttons = step.options(country) if step.options else []
    if state == ReportForm.identifiers.state:
        return _identifiers_question(name, draft)
    if state == ReportForm.evidence.state:
        return _evidence_question(name, draft)
    if state == ReportForm.contact_phone.state:
        return _("Tap the button below to share your phone number."), share_phone_keyboard()
    if state == ReportForm.amount.state and draft.amount is not None:
        # An amount mentioned earlier, offered back to keep with one tap.
        buttons = [(KEEP, "✅ " + money_text(draft.amount, draft.currency or country.currency))]
    if state == ReportForm.description.state and draft.notes:
        buttons = [(DONE, _("✅ Done"))]
    if state == ReportForm.confirm.state:
        buttons = [(SUBMIT, _("✅ Submit report")), (CANCEL, _("✖ Cancel"))]
    markup = choices(name, tag, buttons, step.per_row) if buttons else None
    return _question_text(state, draft, country), markup


def _question_text(state: str, draft: ReportDraft, country: Country) -> str:
    if state == ReportForm.urgent.state:
        return _(
            "First, an urgent question: <b>did money leave your account in the last few hours?</b>"
        )
    if state == ReportForm.scam_type.state:
        return _("What kind of scam was it?")
    if state == ReportForm.channel.state:
        return _("How did the scammer first contact you?")
    if state == ReportForm.impersonation.state:
        return _("Who did they claim to be?")
    if state == ReportForm.incident.state:
        return _("When did it happen? Choose one, or type the date, for example {example}.").format(
            example=example_date(_today())
        )
    if state == ReportForm.money_lost.state:
        return _("Did you lose any money?")
    if state == ReportForm.amount.state:
        # Translators: {example} is an amount such as "RM5,000.00".
        question = _("How much did you lose? For example: {example}").format(
            example=money_text(Decimal(5000), country.currency)
        )
        if draft.amount is not None:
            question += "\n\n" + _("Tap the amount you mentioned to keep it, or type another.")
        return question
    if state == ReportForm.amount_check.state:
        return _("{amount} is a very large amount. Is that right?").format(
            amount=money_text(draft.amount or Decimal(0), draft.currency or country.currency)
        )
    if state == ReportForm.payment_method.state:
        return _("How did you pay?")
    if state == ReportForm.description.state:
        return _description_question(draft)
    if state == ReportForm.consent.state:
        return _("May an officer from the anti-scam centre contact you about this report?")
    if state == ReportForm.hear_back.state:
        return _("Shall I tell you here what the anti-scam centre decides about your report?")
    return summary_text(draft)


def _description_question(draft: ReportDraft) -> str:
    question = _(
        "In your own words, what happened? Any language is fine.\n"
        "Please do not write your IC or passport number, OTP, PIN or password."
    )
    if draft.notes:
        told = "\n".join(f"«{_shorten(note, _SUMMARY_TEXT_CHARS)}»" for note in draft.notes)
        question += "\n\n" + _(
            "You already told me:\n{told}\nAdd more, or tap Done to keep just that."
        ).format(told=told)
    return question


def _today() -> date:
    return datetime.now(UTC).date()


def _identifiers_question(step: str, draft: ReportDraft) -> tuple[str, InlineKeyboardMarkup]:
    question = _(
        "Send the scammer's phone numbers, bank accounts, links, emails or social media "
        "accounts. Type them, or forward their messages to me."
    )
    if draft.identifiers:
        question += "\n\n" + _("So far:") + "\n" + identifier_lines(draft)
    buttons = [(DONE, _("✅ Done"))]
    if draft.identifiers:
        buttons.append((CLEAR, _("🗑 Clear list")))
    return question, choices(step, draft.tag, buttons, per_row=2)


def _evidence_question(step: str, draft: ReportDraft) -> tuple[str, InlineKeyboardMarkup]:
    question = _(
        "Send screenshots, photos or documents, or forward the scammer's messages to me. "
        "Files can be up to 20 MB. Tap Done when you have finished."
    )
    if draft.evidence:
        question += "\n\n" + _("Received so far: {items}").format(items=evidence_text(draft))
    return question, choices(step, draft.tag, [(DONE, _("✅ Done"))])


def evidence_text(draft: ReportDraft) -> str:
    """ "2 files, 1 forwarded message": files and messages counted apart."""
    messages = sum(item.kind == EvidenceKind.FORWARDED_MESSAGE for item in draft.evidence)
    files = len(draft.evidence) - messages
    parts = []
    if files:
        parts.append(_("{count} file", "{count} files", files).format(count=files))
    if messages:
        parts.append(
            _("{count} forwarded message", "{count} forwarded messages", messages).format(
                count=messages
            )
        )
    return ", ".join(parts) or pgettext("evidence", "none")


def identifier_lines(draft: ReportDraft) -> str:
    return "\n".join(
        f"• {identifier_label(item.kind, item.provider)}: "
        f"<code>{_shorten(item.value, _SUMMARY_VALUE_CHARS)}</code>"
        for item in draft.identifiers
    )


def summary_text(draft: ReportDraft) -> str:
    not_given = _("not given")

    def label_or_not_given(value: str | None) -> str:
        return value if value else not_given

    lines = [
        _("<b>Please check your report</b>"),
        "",
        _("Scam: {value}").format(
            value=label_or_not_given(draft.scam_type and scam_type_label(draft.scam_type))
        ),
        _("First contact: {value}").format(
            value=label_or_not_given(
                draft.contact_channel and contact_channel_label(draft.contact_channel)
            )
        ),
        _("They claimed to be: {value}").format(
            value=label_or_not_given(
                draft.impersonated_party and impersonated_party_label(draft.impersonated_party)
            )
        ),
        _("When: {value}").format(value=label_or_not_given(_when(draft))),
        _("Money lost: {value}").format(value=_money(draft)),
        _("Scammer's details:"),
        identifier_lines(draft) if draft.identifiers else f"• {not_given}",
        _("What happened: {value}").format(
            value=label_or_not_given(
                (description := draft.full_description())
                and _shorten(description, _SUMMARY_TEXT_CHARS)
            )
        ),
        _("Evidence: {items}").format(items=evidence_text(draft)),
        _("Contact: {value}").format(value=consent_label(draft.contact_consent)),
        _("Told of the decision: {value}").format(
            value=pgettext("hear back", "Yes")
            if draft.notify_reporter
            else pgettext("hear back", "No")
        ),
    ]
    return "\n".join(lines)


def _when(draft: ReportDraft) -> str | None:
    if draft.incident_date:
        return date_text(draft.incident_date)
    return incident_period_label(draft.incident_period) if draft.incident_period else None


def _money(draft: ReportDraft) -> str:
    if not draft.money_lost:
        return pgettext("money lost", "No")
    amount = (
        money_text(draft.amount, draft.currency or "")
        if draft.amount is not None
        else _("amount not given")
    )
    if draft.payment_method:
        return f"{amount} ({payment_method_label(draft.payment_method)})"
    return amount


def _shorten(text: str, limit: int) -> str:
    shortened = text if len(text) <= limit else text[: limit - 1] + "…"
    return html.escape(shortened)
