"""Submitting a report: the report and its queue message commit together, or not at all."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy.exc import IntegrityError

from reports.draft import DraftEvidence, ReportDraft
from reports.message import SCHEMA_ID, SUBMITTED_EVENT, build_report_message
from reports.reference import new_reference
from reports.taxonomy import ReportStatus
from storage.models import Evidence, Report, ReportIdentifier
from storage.uow import UnitOfWork, UnitOfWorkFactory

_REFERENCE_ATTEMPTS = 5


class IncompleteReportError(ValueError):
    """The draft lacks a field that every report must have."""


@dataclass(frozen=True)
class Reporter:
    telegram_id: int
    interface_language: str


@dataclass(frozen=True)
class ReportSummary:
    reference: str
    status: ReportStatus
    submitted_at: datetime
    scam_type: str


class ReportService:
    def __init__(
        self,
        unit_of_work: UnitOfWorkFactory,
        country: str,
        on_stored: Callable[[], None] | None = None,
    ) -> None:
        self._unit_of_work = unit_of_work
        self._country = country
        # Told after each new report is committed (a relay in this process sends it at once).
        self._on_stored = on_stored

    async def submit(self, draft: ReportDraft, reporter: Reporter) -> str:
        """Stores the report and its queue message in one transaction; returns the reference."""
        if draft.scam_type is None:
            raise IncompleteReportError("scam_type")
        try:
            return await self._store(draft, reporter)
        except IntegrityError:
            # A second submission of the same draft won the race; its reference is ours.
            async with self._unit_of_work() as uow:
                existing = await uow.reports.reference_for_submission(draft.submission_key)
            if existing is None:
                raise
            return existing

    async def _store(self, draft: ReportDraft, reporter: Reporter) -> str:
        async with self._unit_of_work() as uow:
            existing = await uow.reports.reference_for_submission(draft.submission_key)
            if existing is not None:
                return existing
            reference = await self._unused_reference(uow)
            report = _report_from_draft(draft, reporter, reference, self._country)
            await uow.reports.add(report)
            key = draft.submission_key
            await uow.outbox.add(key, SCHEMA_ID, build_report_message(report, key), SUBMITTED_EVENT)
            await uow.commit()
        if self._on_stored is not None:
            self._on_stored()
        return reference

    async def reports_of(self, telegram_id: int, limit: int = 10) -> list[ReportSummary]:
        async with self._unit_of_work() as uow:
            reports = await uow.reports.list_for_reporter(telegram_id, limit)
            return [_summary(report) for report in reports]

    async def report_of(self, telegram_id: int, reference: str) -> ReportSummary | None:
        """The reporter's own report with that reference; None for anyone else's."""
        async with self._unit_of_work() as uow:
            report = await uow.reports.get_by_reference(reference)
            if report is None or report.reporter_telegram_id != telegram_id:
                return None
            return _summary(report)

    async def _unused_reference(self, uow: UnitOfWork) -> str:
        # 40 random bits: a clash is rare, but the unique constraint is the real guard.
        for _ in range(_REFERENCE_ATTEMPTS):
            reference = new_reference()
            if not await uow.reports.reference_exists(reference):
                return reference
        raise RuntimeError("no unused reference number found")


def _summary(report: Report) -> ReportSummary:
    return ReportSummary(
        report.reference, ReportStatus(report.status), report.submitted_at, report.scam_type
    )


def _report_from_draft(
    draft: ReportDraft, reporter: Reporter, reference: str, country: str
) -> Report:
    money_lost = draft.money_lost
    return Report(
        reference=reference,
        submission_key=draft.submission_key,
        reporter_telegram_id=reporter.telegram_id,
        status=ReportStatus.RECEIVED,
        submitted_at=datetime.now(UTC),
        country=country,
        interface_language=reporter.interface_language,
        money_left_recently=draft.money_left_recently,
        scam_type=draft.scam_type,
        contact_channel=draft.contact_channel,
        impersonated_party=draft.impersonated_party,
        incident_period=draft.incident_period,
        incident_date=draft.incident_date,
        money_lost=money_lost,
        amount=draft.amount if money_lost else None,
        currency=draft.currency if money_lost else None,
        payment_method=draft.payment_method if money_lost else None,
        description=draft.full_description(),
        description_language=draft.description_language,
        contact_consent=draft.contact_consent,
        notify_reporter=draft.notify_reporter,
        contact_phone=draft.contact_phone,
        identifiers=[
            ReportIdentifier(kind=i.kind, value=i.value, provider=i.provider, origin=i.origin)
            for i in draft.identifiers
        ],
        # A draft's evidence item has exactly the columns of a stored one.
        evidence=evidence_rows(draft.evidence),
    )


def evidence_rows(evidence: list[DraftEvidence]) -> list[Evidence]:
    return [Evidence(**item.model_dump()) for item in evidence]
