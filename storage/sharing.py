"""What this centre shares with partner centres, and the partners allowed to read it."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import String, func, literal, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.indicators import CONFIRMED
from storage.models import Indicator, PartnerKey, Report, ReportIdentifier, SharedIndicator

# Sources that are this centre's own confirmations (a report's review, the console).
REVIEW_PREFIX, CONSOLE_SOURCE = "review:", "console"


@dataclass(frozen=True)
class Confirmed:
    kind: str
    value: str
    first_seen: datetime
    last_seen: datetime
    scam_type: str | None
    provider: str | None


@dataclass(frozen=True)
class SharedVersion:
    """The latest version of a shared indicator, as read (no longer tied to a session)."""

    stix_id: str
    kind: str
    value: str
    scam_type: str | None
    provider: str | None
    first_seen: datetime
    last_seen: datetime
    created_at: datetime
    modified_at: datetime
    revoked: bool


class SharingRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def confirmed_here(self) -> list[Confirmed]:
        """Every identifier the centre's own operators confirmed; a partner's or a feed's
        listing is not this centre's to share again."""
        rows = await self._session.execute(
            select(
                Indicator.kind,
                Indicator.value,
                func.min(Indicator.first_seen),
                func.max(Indicator.last_seen),
                func.max(Report.scam_type),
                func.max(ReportIdentifier.provider),
            )
            .outerjoin(
                Report, Indicator.source == literal(REVIEW_PREFIX, String) + Report.reference
            )
            .outerjoin(
                ReportIdentifier,
                (ReportIdentifier.report_id == Report.id)
                & (ReportIdentifier.kind == Indicator.kind)
                & (ReportIdentifier.value == Indicator.value),
            )
            .where(
                Indicator.status == CONFIRMED,
                or_(Indicator.source.startswith(REVIEW_PREFIX), Indicator.source == CONSOLE_SOURCE),
            )
            .group_by(Indicator.kind, Indicator.value)
        )
        return [Confirmed(*row) for row in rows]

    async def shared(self) -> list[SharedIndicator]:
        return list(await self._session.scalars(select(SharedIndicator)))

    def add(self, row: SharedIndicator) -> None:
        self._session.add(row)

    async def versions_after(
        self, after: datetime | None, limit: int, since: datetime | None = None
    ) -> list[SharedVersion]:
        """The latest version of each, in the order they were added; `after` for a partner's
        next page, `since` for an export."""
        query = select(SharedIndicator)
        if after is not None:
            query = query.where(SharedIndicator.modified_at > after)
        if since is not None:
            query = query.where(SharedIndicator.modified_at >= since)
        rows = await self._session.scalars(
            query.order_by(SharedIndicator.modified_at, SharedIndicator.stix_id).limit(limit)
        )
        return [
            SharedVersion(
                r.stix_id,
                r.kind,
                r.value,
                r.scam_type,
                r.provider,
                r.first_seen,
                r.last_seen,
                r.created_at,
                r.modified_at,
                r.revoked,
            )
            for r in rows
        ]

    async def partner_by_key(self, key_hash: str) -> PartnerKey | None:
        return await self._session.scalar(
            select(PartnerKey).where(
                PartnerKey.key_hash == key_hash, PartnerKey.disabled.is_(False)
            )
        )

    async def partner(self, name: str) -> PartnerKey | None:
        return await self._session.get(PartnerKey, name)

    def add_partner(self, partner: PartnerKey) -> None:
        self._session.add(partner)

    async def partners(self) -> list[PartnerKey]:
        return list(await self._session.scalars(select(PartnerKey).order_by(PartnerKey.name)))
