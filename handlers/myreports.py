"""/myreports: the reporter's own reports and where each one stands."""

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message, User
from aiogram.utils.i18n import gettext as _

from handlers.keyboards import MY_REPORTS, MenuAction
from handlers.labels import scam_type_label, status_label
from reports.service import ReportService
from reports.taxonomy import ScamType


async def my_reports_command(message: Message, reports: ReportService) -> None:
    if message.from_user is not None:
        await message.answer(await _my_reports_text(message.from_user, reports))


async def my_reports_button(callback: CallbackQuery, reports: ReportService) -> None:
    await callback.answer()
    if isinstance(callback.message, Message):
        await callback.message.answer(await _my_reports_text(callback.from_user, reports))


async def _my_reports_text(user: User, reports: ReportService) -> str:
    summaries = await reports.reports_of(user.id)
    if not summaries:
        return _("You have not sent any reports yet. To report a scam, send /report.")
    lines = [_("<b>Your reports</b> (newest first):")]
    for summary in summaries:
        scam = scam_type_label(ScamType(summary.scam_type))
        lines.append(
            f"<code>{summary.reference}</code> · {summary.submitted_at:%d/%m/%Y} · "
            f"{scam} · <b>{status_label(summary.status)}</b>"
        )
    return "\n".join(lines)


def build_router() -> Router:
    router = Router(name=__name__)
    router.message.register(my_reports_command, Command("myreports"))
    router.callback_query.register(my_reports_button, MenuAction.filter(F.action == MY_REPORTS))
    return router
