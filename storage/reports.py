from sqlalchemy import exists, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from storage.models import Report


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
