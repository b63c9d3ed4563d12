"""The one review path: every decision on a report, from any surface (the operators' chat, the
console, a partner centre), goes through here.

A decision moves the report's status (only from an open status, in one statement, so that of
two operators deciding at once one wins), writes an audit row, lists or withdraws the
report's identifiers, and puts a `report.updated` message in the outbox: all in one
transaction.
"""

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum

from accounts.roles import DECIDING_ROLES
from checking.service import CheckService
from checking.verdicts import REVIEW_SOURCE_PREFIX, Verdict
from identifiers.model import Identifier, IdentifierKind
from reports.draft import DraftEvidence
from reports.message import UPDATE_SCHEMA_ID, UPDATED_EVENT, build_update_message
from reports.reference import parse_reference
from reports.service import evidence_rows
from reports.taxonomy import ContactConsent, ReportStatus
from storage.audit import AuditRecord
from storage.models import Report
from storage.uow import UnitOfWork, UnitOfWorkFactory


class Decision(StrEnum):
    CONFIRM = "confirm"
    NOT_A_SCAM = "not_a_scam"
    DUPLICATE = "duplicate"
    NEEDS_INFORMATION = "needs_information"
    UNDO = "undo"


class Surface(StrEnum):
    TELEGRAM = "telegram"
    CONSOLE = "console"
    SHARING = "sharing"


# What else the audit log records, beside decisions.
REFUSED = "refused"
ANSWERED = "answered"
OPERATOR_ADDED = "operator_added"
OPERATOR_REMOVED = "operator_removed"

OPEN = frozenset({ReportStatus.RECEIVED, ReportStatus.NEEDS_INFORMATION})
_STATUS_AFTER = {
    Decision.CONFIRM: ReportStatus.CONFIRMED,
    Decision.NOT_A_SCAM: ReportStatus.NOT_A_SCAM,
    Decision.DUPLICATE: ReportStatus.DUPLICATE,
    Decision.NEEDS_INFORMATION: ReportStatus.NEEDS_INFORMATION,
}
DECISIONS = frozenset(Decision)


@dataclass(frozen=True)
class Actor:
    """Who acts: a Telegram id (0 for a console account linked to none) and, in the console,
    the account's name."""

    telegram_id: int
    surface: Surface
    account: str | None = None


@dataclass(frozen=True)
class Outcome:
    reference: str
    decision: Decision
    status: ReportStatus
    previous: ReportStatus
    # Left unlisted because they are official numbers or domains.
    official: tuple[str, ...] = ()
    # Whom to tell of the decision: only a reporter who asked to hear back.
    reporter: int | None = None
    # The language, and the chat, in which the centre may reach the reporter with a question
    # (they agreed to be contacted, or to hear back).
    reporter_language: str | None = None
    reporter_contact: int | None = None


class ReviewError(Exception):
    """A decision that cannot be taken; the handlers say why, in the operator's words."""


class NotAnOperator(ReviewError):
    pass


class UnknownReport(ReviewError):
    pass


class AlreadyDecided(ReviewError):
    def __init__(self, status: ReportStatus, by: int | None) -> None:
        super().__init__(f"already {status}")
        self.status = status
        self.by = by


class NothingToUndo(ReviewError):
    pass


class Unreachable(ReviewError):
    """The reporter agreed neither to be contacted nor to hear back: no question can go."""


class BadOriginal(ReviewError):
    """A duplicate must name another existing report."""


class Operators:
    """Who may decide: the ids configured for the deployment (who may also add and remove
    others) and those added in the operators' chat, read from the database each time."""

    def __init__(self, unit_of_work: UnitOfWorkFactory, configured: Iterable[int]) -> None:
        self._unit_of_work = unit_of_work
        self.admins = frozenset(configured)

    async def contains(self, telegram_id: int) -> bool:
        if telegram_id in self.admins:
            return True
        async with self._unit_of_work() as uow:
            return await uow.operators.contains(telegram_id)

    async def may_decide(self, actor: Actor) -> bool:
        """In the console an enabled reviewer or admin account; elsewhere an operator."""
        if actor.account is None:
            return await self.contains(actor.telegram_id)
        async with self._unit_of_work() as uow:
            account = await uow.accounts.by_name(actor.account)
            return account is not None and not account.disabled and account.role in DECIDING_ROLES

    async def add(self, by: Actor, telegram_id: int) -> bool:
        """True when they were not an operator yet; only an admin may add."""
        return await self._change(by, telegram_id, OPERATOR_ADDED)

    async def remove(self, by: Actor, telegram_id: int) -> bool:
        return await self._change(by, telegram_id, OPERATOR_REMOVED)

    async def _change(self, by: Actor, telegram_id: int, action: str) -> bool:
        now = datetime.now(UTC)
        async with self._unit_of_work() as uow:
            allowed = by.telegram_id in self.admins
            detail = str(telegram_id) if allowed else action
            if allowed and action == OPERATOR_ADDED:
                changed = await uow.operators.add(telegram_id, by.telegram_id, now)
            elif allowed:
                changed = await uow.operators.remove(telegram_id)
            record = AuditRecord(
                now,
                by.telegram_id,
                by.surface,
                action if allowed else REFUSED,
                None,
                None,
                None,
                detail,
                by.account,
            )
            await uow.audit.add(record)
            await uow.commit()
        if not allowed:
            raise NotAnOperator(str(by.telegram_id))
        return changed


class ReviewService:
    def __init__(
        self, unit_of_work: UnitOfWorkFactory, operators: Operators, checks: CheckService
    ) -> None:
        self._unit_of_work = unit_of_work
        self.operators = operators
        self._checks = checks

    async def decide(
        self, reference: str, decision: Decision, actor: Actor, detail: str | None = None
    ) -> Outcome:
        """`detail` is the original's reference for a duplicate, the question for the
        reporter when information is needed."""
        await self._require_operator(actor, reference, decision)
        if decision == Decision.UNDO:
            return await self._undo(reference, actor)
        original = parse_reference(detail or "") if decision == Decision.DUPLICATE else None
        if decision == Decision.DUPLICATE and (original is None or original == reference):
            raise BadOriginal(detail or "")
        official = await self._officials_in(reference) if decision == Decision.CONFIRM else ()
        now = datetime.now(UTC)
        async with self._unit_of_work() as uow:
            report = await _report(uow, reference)
            if original is not None and await uow.reports.get_by_reference(original) is None:
                raise BadOriginal(original)
            if decision == Decision.NEEDS_INFORMATION and not _reachable(report):
                raise Unreachable(reference)
            previous = ReportStatus(report.status)
            status = _STATUS_AFTER[decision]
            if not await uow.reports.move(report.id, OPEN, status, original):
                raise await _already_decided(uow, report)
            report.status, report.duplicate_of = status, original
            confirmed = []
            if decision == Decision.CONFIRM:
                confirmed = [
                    (item.kind, item.value)
                    for item in report.identifiers
                    if item.value not in official
                ]
                note = f"confirmed by operator {actor.telegram_id} at {now.isoformat()}"
                for kind, value in confirmed:
                    source = REVIEW_SOURCE_PREFIX + reference
                    await uow.indicators.confirm(kind, value, source, note, now)
            await self._record(uow, report, decision, previous, actor, now, detail, confirmed)
            outcome = _outcome(report, decision, previous, official)
            await uow.commit()
        return outcome

    async def answer(
        self, reference: str, reporter: int, text: str, evidence: list[DraftEvidence]
    ) -> Outcome:
        """The reporter answered the centre's question: the words are kept in the audit and
        the files with the report's evidence, and the report is open again for a decision."""
        now = datetime.now(UTC)
        async with self._unit_of_work() as uow:
            report = await _report(uow, reference)
            if report.reporter_telegram_id != reporter:
                raise UnknownReport(reference)
            report.evidence.extend(evidence_rows(evidence))
            previous = ReportStatus(report.status)
            if not await uow.reports.move(
                report.id, {ReportStatus.NEEDS_INFORMATION}, ReportStatus.RECEIVED, None
            ):
                raise AlreadyDecided(previous, None)
            report.status = ReportStatus.RECEIVED
            actor = Actor(reporter, Surface.TELEGRAM)
            await self._record(uow, report, ANSWERED, previous, actor, now, text, [])
            await uow.cards.repost(report.id)
            outcome = _outcome(report, Decision.NEEDS_INFORMATION, previous, ())
            await uow.commit()
        return outcome

    async def record_refusal(self, actor: Actor, reference: str | None, attempted: str) -> None:
        """Someone who is no operator tried to decide: nothing changes, but it is audited."""
        async with self._unit_of_work() as uow:
            report = await uow.reports.get_by_reference(reference) if reference else None
            await uow.audit.add(
                AuditRecord(
                    datetime.now(UTC),
                    actor.telegram_id,
                    actor.surface,
                    REFUSED,
                    report.id if report else None,
                    None,
                    None,
                    attempted,
                    actor.account,
                )
            )
            await uow.commit()

    async def _require_operator(self, actor: Actor, reference: str, decision: Decision) -> None:
        if not await self.operators.may_decide(actor):
            await self.record_refusal(actor, reference, decision)
            raise NotAnOperator(str(actor.telegram_id))

    async def _undo(self, reference: str, actor: Actor) -> Outcome:
        now = datetime.now(UTC)
        async with self._unit_of_work() as uow:
            report = await _report(uow, reference)
            history = await uow.audit.of_report(report.id, DECISIONS)
            if not history or history[0].action == Decision.UNDO:
                raise NothingToUndo(reference)
            last = history[0]
            previous = ReportStatus(report.status)
            restored = ReportStatus(last.status_before or ReportStatus.RECEIVED)
            if not await uow.reports.move(report.id, {last.status_after or ""}, restored, None):
                raise await _already_decided(uow, report)
            report.status, report.duplicate_of = restored, None
            if last.action == Decision.CONFIRM:
                await uow.indicators.withdraw(REVIEW_SOURCE_PREFIX + reference)
            await self._record(uow, report, Decision.UNDO, previous, actor, now, last.action, [])
            outcome = _outcome(report, Decision.UNDO, previous, ())
            await uow.commit()
        return outcome

    async def _officials_in(self, reference: str) -> tuple[str, ...]:
        """The report's identifiers that are official: never confirmed as scams."""
        async with self._unit_of_work() as uow:
            report = await _report(uow, reference)
            identifiers = [
                Identifier(IdentifierKind(item.kind), item.value) for item in report.identifiers
            ]
        findings = await self._checks.check_identifiers(identifiers)
        return tuple(f.value for f in findings if f.verdict == Verdict.OFFICIAL)

    @staticmethod
    async def _record(
        uow: UnitOfWork,
        report: Report,
        action: str,
        previous: ReportStatus,
        actor: Actor,
        now: datetime,
        detail: str | None,
        confirmed: list[tuple[str, str]],
    ) -> None:
        await uow.audit.add(
            AuditRecord(
                now,
                actor.telegram_id,
                actor.surface,
                action,
                report.id,
                previous,
                report.status,
                detail,
                actor.account,
            )
        )
        key = str(uuid.uuid4())
        question = detail if action == Decision.NEEDS_INFORMATION else None
        message = build_update_message(
            report, key, action, previous, now, actor.surface, question, confirmed
        )
        await uow.outbox.add(key, UPDATE_SCHEMA_ID, message, UPDATED_EVENT)


async def _report(uow: UnitOfWork, reference: str) -> Report:
    report = await uow.reports.get_by_reference(reference)
    if report is None:
        raise UnknownReport(reference)
    return report


async def _already_decided(uow: UnitOfWork, report: Report) -> AlreadyDecided:
    """Another decision got there first: whose, and to what."""
    await uow.session.refresh(report, ["status"])
    history = await uow.audit.of_report(report.id, DECISIONS)
    return AlreadyDecided(ReportStatus(report.status), history[0].actor if history else None)


def _reachable(report: Report) -> bool:
    return report.notify_reporter or report.contact_consent != ContactConsent.NONE


def _outcome(
    report: Report, decision: Decision, previous: ReportStatus, official: tuple[str, ...]
) -> Outcome:
    tell = report.notify_reporter
    reachable = _reachable(report)
    return Outcome(
        report.reference,
        decision,
        ReportStatus(report.status),
        previous,
        official,
        report.reporter_telegram_id if tell else None,
        report.interface_language if reachable else None,
        report.reporter_telegram_id if reachable else None,
    )
