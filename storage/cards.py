"""Each report's card in the operators' chat: claimed by one process, posted once."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from reports.taxonomy import ReportStatus
from storage.models import OperatorCard, Report


@dataclass(frozen=True)
class PostedCard:
    chat_id: int
    message_id: int


class CardRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def claim_unposted(self, now: datetime, hold: timedelta, limit: int) -> list[str]:
        """References of open reports without a posted card, claimed for `hold` (a process
        that dies while posting leaves them to the next); oldest first."""
        candidates = list(
            await self._session.scalars(
                select(Report.id)
                .outerjoin(OperatorCard, OperatorCard.report_id == Report.id)
                .where(
                    Report.status == ReportStatus.RECEIVED,
                    OperatorCard.report_id.is_(None)
                    | (OperatorCard.posted_at.is_(None) & (OperatorCard.claimed_until <= now)),
                )
                .order_by(Report.id)
                .limit(limit)
            )
        )
        claimed = []
        dialect = self._session.get_bind().dialect.name
        insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
        for report_id in candidates:
            statement = insert(OperatorCard).values(report_id=report_id, claimed_until=now + hold)
            taken = await self._session.execute(
                statement.on_conflict_do_update(
                    index_elements=["report_id"],
                    set_={"claimed_until": statement.excluded.claimed_until},
                    where=OperatorCard.posted_at.is_(None) & (OperatorCard.claimed_until <= now),
                ).returning(OperatorCard.report_id)
            )
            if taken.first() is not None:
                claimed.append(report_id)
        if not claimed:
            return []
        references = await self._session.execute(
            select(Report.reference).where(Report.id.in_(claimed)).order_by(Report.id)
        )
        return list(references.scalars())

    async def posted(self, reference: str, card: PostedCard, at: datetime) -> None:
        report_id = select(Report.id).where(Report.reference == reference).scalar_subquery()
        await self._session.execute(
            update(OperatorCard)
            .where(OperatorCard.report_id == report_id)
            .values(chat_id=card.chat_id, message_id=card.message_id, posted_at=at)
        )

    async def find(self, reference: str) -> PostedCard | None:
        row = (
            await self._session.execute(
                select(OperatorCard.chat_id, OperatorCard.message_id)
                .join(Report, Report.id == OperatorCard.report_id)
                .where(Report.reference == reference, OperatorCard.posted_at.is_not(None))
            )
        ).first()
        if row is None or row.chat_id is None or row.message_id is None:
            return None
        return PostedCard(row.chat_id, row.message_id)

    async def repost(self, report_id: int) -> None:
        """The report is open again: its card is posted anew, below the conversation."""
        await self._session.execute(delete(OperatorCard).where(OperatorCard.report_id == report_id))
