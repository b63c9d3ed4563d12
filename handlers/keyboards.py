"""Callback data and keyboards shared by the journeys."""

from collections.abc import Iterable

from aiogram.filters.callback_data import CallbackData
from aiogram.types import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
)
from aiogram.utils.i18n import gettext as _


class MenuAction(CallbackData, prefix="menu"):
    action: str


class LanguagePick(CallbackData, prefix="lang"):
    code: str


class ReportPick(CallbackData, prefix="rp"):
    """A button of the report journey; `draft` ties it to the report it belongs to (the
    draft's tag) and `step` to the question it answers."""

    step: str
    draft: str
    value: str


class DraftChoice(CallbackData, prefix="dc"):
    """Continue or discard the report in progress; `draft` is its tag."""

    action: str
    draft: str


CONTINUE = "continue"
DISCARD = "discard"
REPORT = "report"
REPORT_CHECKED = "report_checked"
CHECK = "check"
MY_REPORTS = "myreports"
LANGUAGE = "language"


def main_menu() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [_button(_("🚨 Report a scam"), MenuAction(action=REPORT))],
            [_button(_("🔎 Check a number or link"), MenuAction(action=CHECK))],
            [
                _button(_("📄 My reports"), MenuAction(action=MY_REPORTS)),
                _button(_("🌐 Language"), MenuAction(action=LANGUAGE)),
            ],
        ]
    )


def report_offer() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[[_button(_("🚨 Report a scam"), MenuAction(action=REPORT))]]
    )


def report_checked_button() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[[_button(_("🚨 Report this scam"), MenuAction(action=REPORT_CHECKED))]]
    )


def choices(
    step: str, draft: str, options: Iterable[tuple[str, str]], per_row: int = 1
) -> InlineKeyboardMarkup:
    """Buttons for (value, label) pairs of one step of the report journey."""
    buttons = [
        _button(label, ReportPick(step=step, draft=draft, value=value)) for value, label in options
    ]
    rows = [buttons[i : i + per_row] for i in range(0, len(buttons), per_row)]
    return InlineKeyboardMarkup(inline_keyboard=rows)


def draft_choice_keyboard(tag: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [
                _button(_("▶️ Continue"), DraftChoice(action=CONTINUE, draft=tag)),
                _button(_("🗑 Discard"), DraftChoice(action=DISCARD, draft=tag)),
            ]
        ]
    )


def share_phone_keyboard() -> ReplyKeyboardMarkup:
    return ReplyKeyboardMarkup(
        keyboard=[[KeyboardButton(text=_("📞 Share my phone number"), request_contact=True)]],
        resize_keyboard=True,
        one_time_keyboard=True,
    )


def _button(text: str, data: CallbackData) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=text, callback_data=data.pack())
