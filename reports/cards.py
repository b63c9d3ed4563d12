"""What an operator sees of a report on its card: enough to decide without opening it."""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from checking.service import CheckService
from checking.verdicts import Verdict
from identifiers.model import Identifier, IdentifierKind
from reports.review import DECISIONS, UnknownReport
from reports.taxonomy import EvidenceKind, ReportStatus
from storage.uow import UnitOfWorkFactory


@dataclass(frozen=True)
class CardIdentifier:
    kind: IdentifierKind
    value: str
    provider: str | None
    verdict: Verdict
    # Other reports (not found to be no scam) naming it too.
    others: int


@dataclass(frozen=True)
class LastDecision:
    action: str
    actor: int
    at: datetime
    detail: str | None


@dataclass(frozen=True)
class ReportCard:
    reference: str
    status: ReportStatus
    submitted_at: datetime
    scam_type: str
    identifiers: list[CardIdentifier]
    money_lost: bool
    amount: Decimal | None
    currency: str | None
    interface_language: str
    description_language: str | None
    evidence: int
    duplicate_of: str | None
    last_decision: LastDecision | None


@dataclass(frozen=True)
class EvidenceItem:
    kind: EvidenceKind
    file_id: str | None
    text: str | None


async def build_card(
    unit_of_work: UnitOfWorkFactory, checks: CheckService, reference: str
) -> ReportCard:
    async with unit_of_work() as uow:
        report = await uow.reports.get_by_reference(reference)
        if report is None:
            raise UnknownReport(reference)
        identifiers = [
            Identifier(IdentifierKind(item.kind), item.value, provider=item.provider)
            for item in report.identifiers
        ]
        others = [
            await uow.reports.others_sharing(report.id, item.kind, item.value)
            for item in identifiers
        ]
        history = await uow.audit.of_report(report.id, DECISIONS)
        card = ReportCard(
            report.reference,
            ReportStatus(report.status),
            report.submitted_at,
            report.scam_type,
            [],
            report.money_lost,
            report.amount,
            report.currency,
            report.interface_language,
            report.description_language,
            len(report.evidence),
            report.duplicate_of,
            LastDecision(history[0].action, history[0].actor, history[0].at, history[0].detail)
            if history
            else None,
        )
    findings = await checks.check_identifiers(identifiers)
    card.identifiers.extend(
        CardIdentifier(item.kind, item.value, item.provider, finding.verdict, count)
        for item, finding, count in zip(identifiers, findings, others, strict=True)
    )
    return card


async def evidence_of(unit_of_work: UnitOfWorkFactory, reference: str) -> list[EvidenceItem]:
    async with unit_of_work() as uow:
        report = await uow.reports.get_by_reference(reference)
        if report is None:
            raise UnknownReport(reference)
        return [
            EvidenceItem(EvidenceKind(item.kind), item.file_id, item.text)
            for item in report.evidence
        ]
