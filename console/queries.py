"""What the console reads: the review queue with its filters and search, and the dashboard's
figures. Searches normalise what people type exactly as the bot does."""

import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import ColumnElement, Select, func, or_, select
from sqlalchemy.orm import selectinload

from identifiers.extract import extract_from_message
from reports.reference import parse_reference
from reports.review import DECISIONS
from reports.taxonomy import ReportStatus
from storage.models import AuditEntry, Report, ReportIdentifier
from storage.uow import UnitOfWorkFactory

PAGE_SIZE = 25
OPEN_STATUSES = (ReportStatus.RECEIVED, ReportStatus.NEEDS_INFORMATION)


@dataclass(frozen=True)
class QueueFilter:
    """Empty fields filter nothing; no status means the open ones (received or waiting)."""

    status: str = ""
    scam_type: str = ""
    language: str = ""
    country: str = ""
    since: date | None = None
    until: date | None = None
    min_amount: Decimal | None = None
    max_amount: Decimal | None = None
    search: str = ""
    page: int = 1


@dataclass(frozen=True)
class QueueRow:
    reference: str
    submitted_at: datetime
    status: str
    scam_type: str
    language: str
    country: str
    amount: Decimal | None
    currency: str | None
    identifiers: list[str]


@dataclass(frozen=True)
class QueuePage:
    rows: list[QueueRow]
    total: int
    page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // PAGE_SIZE))


def search_values(text: str, country: str) -> list[str]:
    """The identifiers a search names, normalised as the bot normalises a report's."""
    found = [item.value for item in extract_from_message(text, [], country)]
    return found or [text.strip()]


def _filtered(query: Select[Report], wanted: QueueFilter, country: str) -> Select[Report]:
    if wanted.status == "all":
        pass
    elif wanted.status:
        query = query.where(Report.status == wanted.status)
    else:
        query = query.where(Report.status.in_(list(OPEN_STATUSES)))
    for column, value in (
        (Report.scam_type, wanted.scam_type),
        (Report.country, wanted.country.upper()),
        (Report.interface_language, wanted.language),
    ):
        if value:
            query = query.where(column == value)
    if wanted.since:
        query = query.where(Report.submitted_at >= _start_of(wanted.since))
    if wanted.until:
        query = query.where(Report.submitted_at < _start_of(wanted.until + timedelta(days=1)))
    if wanted.min_amount is not None:
        query = query.where(Report.amount >= wanted.min_amount)
    if wanted.max_amount is not None:
        query = query.where(Report.amount <= wanted.max_amount)
    if wanted.search.strip():
        reference = parse_reference(wanted.search)
        naming = select(ReportIdentifier.report_id).where(
            ReportIdentifier.value.in_(search_values(wanted.search, country))
        )
        conditions: list[ColumnElement[bool]] = [Report.id.in_(naming)]
        if reference:
            conditions.append(Report.reference == reference)
        query = query.where(or_(*conditions))
    return query


async def review_queue(
    unit_of_work: UnitOfWorkFactory, wanted: QueueFilter, country: str
) -> QueuePage:
    """Oldest first: the report waiting longest is at the top."""
    page = max(1, wanted.page)
    async with unit_of_work() as uow:
        base = _filtered(select(Report), wanted, country)
        total = await uow.session.scalar(select(func.count()).select_from(base.subquery()))
        # The page's identifiers in one more query, not one per report.
        reports = await uow.session.scalars(
            base.order_by(Report.submitted_at, Report.id)
            .offset((page - 1) * PAGE_SIZE)
            .limit(PAGE_SIZE)
            .options(selectinload(Report.identifiers))
        )
        rows = [
            QueueRow(
                report.reference,
                report.submitted_at,
                report.status,
                report.scam_type,
                report.interface_language,
                report.country,
                report.amount,
                report.currency,
                [item.value for item in sorted(report.identifiers, key=lambda item: item.id)],
            )
            for report in reports
        ]
    return QueuePage(rows, int(total or 0), page)


async def matching_reports(
    unit_of_work: UnitOfWorkFactory, wanted: QueueFilter, country: str
) -> list[Report]:
    """Every report the filter selects (for an export), oldest first, with its identifiers."""
    async with unit_of_work() as uow:
        reports = await uow.session.scalars(
            _filtered(select(Report), wanted, country)
            .order_by(Report.submitted_at, Report.id)
            .options(selectinload(Report.identifiers), selectinload(Report.evidence))
        )
        found = list(reports)
        uow.session.expunge_all()
        return found


@dataclass
class Dashboard:
    days: list[date]
    # scam type -> reports on each of `days`
    per_day: dict[str, list[int]]
    weeks: list[date]
    # currency -> money lost in each of `weeks`
    lost_per_week: dict[str, list[Decimal]]
    top_identifiers: list[tuple[str, str, int]]
    median_hours_to_decision: float | None
    by_status: dict[str, int] = field(default_factory=dict)


async def dashboard(unit_of_work: UnitOfWorkFactory, today: date, days: int = 30) -> Dashboard:
    start = today - timedelta(days=days - 1)
    day_list = [start + timedelta(days=n) for n in range(days)]
    first_week = start - timedelta(days=start.weekday())
    week_list = [first_week + timedelta(weeks=n) for n in range((today - first_week).days // 7 + 1)]
    async with unit_of_work() as uow:
        reports = list(
            await uow.session.execute(
                select(
                    Report.id,
                    Report.submitted_at,
                    Report.scam_type,
                    Report.amount,
                    Report.currency,
                    Report.money_lost,
                    Report.status,
                ).where(Report.submitted_at >= _start_of(first_week))
            )
        )
        top = list(
            await uow.session.execute(
                select(
                    ReportIdentifier.kind,
                    ReportIdentifier.value,
                    func.count(func.distinct(ReportIdentifier.report_id)),
                )
                .join(Report, Report.id == ReportIdentifier.report_id)
                .where(Report.status != ReportStatus.NOT_A_SCAM)
                .group_by(ReportIdentifier.kind, ReportIdentifier.value)
                .order_by(func.count(func.distinct(ReportIdentifier.report_id)).desc())
                .limit(10)
            )
        )
        decided = list(
            await uow.session.execute(
                select(Report.submitted_at, func.min(AuditEntry.at))
                .join(AuditEntry, AuditEntry.report_id == Report.id)
                .where(AuditEntry.action.in_(list(DECISIONS)))
                .group_by(Report.id, Report.submitted_at)
            )
        )
        by_status = dict(
            list(
                await uow.session.execute(
                    select(Report.status, func.count()).group_by(Report.status)
                )
            )
        )
    per_day: dict[str, list[int]] = defaultdict(lambda: [0] * days)
    lost: dict[str, list[Decimal]] = defaultdict(lambda: [Decimal(0)] * len(week_list))
    for _, submitted, scam_type, amount, currency, money_lost, _status in reports:
        day = submitted.astimezone(UTC).date()
        if day >= start:
            per_day[scam_type][(day - start).days] += 1
        if money_lost and amount is not None and currency:
            lost[currency][(day - first_week).days // 7] += amount
    waits = [(first - submitted).total_seconds() / 3600 for submitted, first in decided]
    return Dashboard(
        day_list,
        dict(per_day),
        week_list,
        dict(lost),
        [(kind, value, count) for kind, value, count in top],
        statistics.median(waits) if waits else None,
        {str(k): int(v) for k, v in by_status.items()},
    )


def _start_of(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC)
