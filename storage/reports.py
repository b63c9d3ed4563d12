from collections.abc import Collection

from sqlalchemy import ColumnElement, exists, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from reports.taxonomy import ReportStatus
from storage.models import Report, ReportIdentifier


class ReportRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, report: Report) -> None:
        self._session.add(report)
        await self._session.flush()

    async def reference_exists(self, reference: str) -> bool:
        return bool(
            await self._session.scalar(select(exists().where(Report.reference == reference)))
        )

    async def reference_for_submission(self, submission_key: str) -> str | None:
        return await self._session.scalar(
            select(Report.reference).where(Report.submission_key == submission_key)
        )

    async def get_by_reference(self, reference: str) -> Report | None:
        return await self._session.scalar(
            select(Report)
            .where(Report.reference == reference)
            .options(selectinload(Report.identifiers), selectinload(Report.evidence))
        )

    async def list_for_reporter(self, telegram_id: int, limit: int) -> list[Report]:
        rows = await self._session.scalars(
            select(Report)
            .where(Report.reporter_telegram_id == telegram_id)
            .order_by(Report.submitted_at.desc(), Report.id.desc())
            .limit(limit)
        )
        return list(rows)

    async def move(
        self, report_id: int, expected: Collection[str], status: str, duplicate_of: str | None
    ) -> bool:
        """Sets the status only if it is still one of `expected` (one statement: of two
        operators deciding at once, one wins); True when it moved."""
        moved = await self._session.execute(
            update(Report)
            .where(Report.id == report_id, Report.status.in_(list(expected)))
            .values(status=status, duplicate_of=duplicate_of)
            .returning(Report.id)
        )
        return moved.first() is not None

    async def others_sharing(self, report_id: int, kind: str, value: str) -> int:
        """Other reports (not found to be no scam) that name this identifier too."""
        count = await self._session.scalar(
            select(func.count(func.distinct(ReportIdentifier.report_id)))
            .join(Report, Report.id == ReportIdentifier.report_id)
            .where(*_others_naming(report_id, kind, value))
        )
        return int(count or 0)

    async def references_sharing(
        self, report_id: int, kind: str, value: str, limit: int = 20
    ) -> list[str]:
        """The references of those other reports, newest first."""
        rows = await self._session.scalars(
            select(Report.reference)
            .join(ReportIdentifier, Report.id == ReportIdentifier.report_id)
            .where(*_others_naming(report_id, kind, value))
            .distinct()
            .order_by(Report.reference)
            .limit(limit)
        )
        return list(rows)


def _others_naming(report_id: int, kind: str, value: str) -> tuple[ColumnElement[bool], ...]:
    return (
        ReportIdentifier.kind == kind,
        ReportIdentifier.value == value,
        ReportIdentifier.report_id != report_id,
        Report.status != ReportStatus.NOT_A_SCAM,
    )
