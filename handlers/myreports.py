"""/myreports, or a reference number sent on its own: the reporter's reports and where each
one stands."""

from aiogram import F, Router
from aiogram.filters import Command, Filter, StateFilter
from aiogram.types import CallbackQuery, Message, User
from aiogram.utils.i18n import gettext as _

from handlers.formatting import date_text
from handlers.inputs import text_of
from handlers.keyboards import MY_REPORTS, MenuAction
from handlers.labels import scam_type_label, status_label
from reports.reference import parse_reference
from reports.service import ReportService, ReportSummary
from reports.taxonomy import ScamType


async def my_reports_command(message: Message, reports: ReportService) -> None:
    if message.from_user is not None:
        await message.answer(await _my_reports_text(message.from_user, reports))


async def my_reports_button(callback: CallbackQuery, reports: ReportService) -> None:
    await callback.answer()
    if isinstance(callback.message, Message):
        await callback.message.answer(await _my_reports_text(callback.from_user, reports))


async def one_report(message: Message, reference: str, reports: ReportService) -> None:
    summary = None
    if message.from_user is not None:
        summary = await reports.report_of(message.from_user.id, reference)
    if summary is None:
        await message.answer(
            _(
                "None of your reports has the number {reference}. Send /myreports to see them."
            ).format(reference=reference)
        )
        return
    await message.answer(_summary_line(summary))


class SendsReference(Filter):
    """Passes a message that is nothing but a reference number, handing it on normalised:
    written with its "WSP", or without it when the sender has a report of that number (else
    "9123 4567" is a phone number to check)."""

    async def __call__(self, message: Message, reports: ReportService) -> bool | dict[str, str]:
        text = text_of(message) or ""
        reference = parse_reference(text, prefix_required=True)
        if reference is None and message.from_user is not None:
            bare = parse_reference(text)
            owned = bare and await reports.report_of(message.from_user.id, bare)
            reference = bare if owned else None
        return {"reference": reference} if reference else False


async def _my_reports_text(user: User, reports: ReportService) -> str:
    summaries = await reports.reports_of(user.id)
    if not summaries:
        return _("You have not sent any reports yet. To report a scam, send /report.")
    lines = [_("<b>Your reports</b> (newest first):")]
    lines.extend(_summary_line(summary) for summary in summaries)
    return "\n".join(lines)


def _summary_line(summary: ReportSummary) -> str:
    scam = scam_type_label(ScamType(summary.scam_type))
    return (
        f"<code>{summary.reference}</code> · {date_text(summary.submitted_at.date())} · "
        f"{scam} · <b>{status_label(summary.status)}</b>"
    )


def build_router() -> Router:
    router = Router(name=__name__)
    router.message.register(my_reports_command, Command("myreports"))
    router.callback_query.register(my_reports_button, MenuAction.filter(F.action == MY_REPORTS))
    # Outside a report only: during one, text answers the current question.
    router.message.register(one_report, StateFilter(None), SendsReference())
    return router
