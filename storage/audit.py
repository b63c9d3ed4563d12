"""The audit log: rows are added, never changed."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import AuditEntry


@dataclass(frozen=True)
class AuditRecord:
    at: datetime
    actor: int
    surface: str
    action: str
    report_id: int | None
    status_before: str | None
    status_after: str | None
    detail: str | None
    account: str | None = None


class AuditRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, record: AuditRecord) -> None:
        self._session.add(
            AuditEntry(
                at=record.at,
                actor=record.actor,
                surface=record.surface,
                action=record.action,
                report_id=record.report_id,
                status_before=record.status_before,
                status_after=record.status_after,
                detail=record.detail,
                account=record.account,
            )
        )
        await self._session.flush()

    async def of_report(
        self, report_id: int, actions: frozenset[str] | None = None
    ) -> list[AuditRecord]:
        """The report's entries (of those kinds, when given), newest first."""
        query = select(AuditEntry).where(AuditEntry.report_id == report_id)
        if actions is not None:
            query = query.where(AuditEntry.action.in_(actions))
        rows = await self._session.scalars(query.order_by(AuditEntry.id.desc()))
        return [
            AuditRecord(
                row.at,
                row.actor,
                row.surface,
                row.action,
                row.report_id,
                row.status_before,
                row.status_after,
                row.detail,
                row.account,
            )
            for row in rows
        ]
