"""The review service against a real database: decisions, undo, the audit, who may decide,
the allowlist rule, what "reported by N people" counts, and two operators at once."""

import asyncio
import json

import pytest
from sqlalchemy import select

from accounts.roles import Role
from accounts.service import AccountService
from checking.service import CheckService
from checking.verdicts import Verdict
from identifiers.model import IdentifierKind
from reports.draft import DraftIdentifier
from reports.message import UPDATED_EVENT, validate_update_message
from reports.review import (
    OPERATOR_ADDED,
    OPERATOR_REMOVED,
    REFUSED,
    Actor,
    AlreadyDecided,
    BadOriginal,
    Decision,
    NotAnOperator,
    NothingToUndo,
    ReviewService,
    Surface,
    Unreachable,
)
from reports.service import Reporter, ReportService
from reports.taxonomy import ContactConsent, ReportStatus
from storage.audit import AuditRecord
from storage.indicators import AllowlistRow
from storage.models import AuditEntry, OutboxMessage
from storage.uow import UnitOfWorkFactory
from tests.integration.conftest import ADMIN, OPERATOR, DraftFactory

STRANGER = Actor(666, Surface.TELEGRAM)
SCAM_NUMBER = "+60123456789"
SCAM_LINK = "https://maybank2u-secure.example/login"


async def _submit(
    service: ReportService, make_draft: DraftFactory, reporter: int, notify: bool = True
) -> str:
    draft = make_draft(notify_reporter=notify)
    return await service.submit(draft, Reporter(reporter, "ms"))


async def _audit(unit_of_work: UnitOfWorkFactory) -> list[AuditRecord]:
    async with unit_of_work() as uow:
        entries = await uow.session.scalars(select(AuditEntry).order_by(AuditEntry.id))
        return [
            AuditRecord(
                e.at,
                e.actor,
                e.surface,
                e.action,
                e.report_id,
                e.status_before,
                e.status_after,
                e.detail,
                e.account,
            )
            for e in entries
        ]


async def _verdict(checks: CheckService, value: str) -> Verdict:
    [finding] = await checks.check_text(value)
    return finding.verdict


async def test_confirming_lists_the_identifiers_at_once_and_tells_whom_to_notify(
    review: ReviewService,
    report_service: ReportService,
    make_draft: DraftFactory,
    checks: CheckService,
    unit_of_work: UnitOfWorkFactory,
) -> None:
    reference = await _submit(report_service, make_draft, 7)
    assert await _verdict(checks, "012-345 6789") == Verdict.NO_RECORD

    outcome = await review.decide(reference, Decision.CONFIRM, OPERATOR)

    assert (outcome.status, outcome.previous) == (ReportStatus.CONFIRMED, ReportStatus.RECEIVED)
    assert (outcome.reporter, outcome.reporter_language) == (7, "ms")
    [finding] = await checks.check_text("012-345 6789")
    assert finding.verdict == Verdict.CONFIRMED_SCAM
    assert [str(reason) for reason in finding.reasons] == [f"operator_confirmed:{reference}"]
    assert await _verdict(checks, SCAM_LINK) == Verdict.CONFIRMED_SCAM
    entries = await _audit(unit_of_work)
    async with unit_of_work() as uow:
        updates = list(
            await uow.session.scalars(
                select(OutboxMessage.payload).where(OutboxMessage.event == UPDATED_EVENT)
            )
        )
    assert [(e.action, e.actor, e.surface, e.status_before, e.status_after) for e in entries] == [
        ("confirm", OPERATOR.telegram_id, "telegram", "received", "confirmed")
    ]
    [update] = updates
    message = json.loads(update)
    validate_update_message(message)
    assert (message["reference"], message["decision"], message["status"]) == (
        reference,
        "confirm",
        "confirmed",
    )
    assert {"kind": "phone", "value": SCAM_NUMBER} in message["confirmed_identifiers"]


async def test_an_official_identifier_is_never_confirmed_and_the_operator_is_told(
    review: ReviewService,
    report_service: ReportService,
    make_draft: DraftFactory,
    checks: CheckService,
    unit_of_work: UnitOfWorkFactory,
) -> None:
    async with unit_of_work() as uow:
        await uow.allowlist.upsert_many(
            [AllowlistRow(IdentifierKind.PHONE, "+60378442828", "Maybank fraud line")]
        )
        await uow.commit()
    draft = make_draft(
        identifiers=[
            DraftIdentifier(kind=IdentifierKind.PHONE, value="+60378442828"),
            DraftIdentifier(kind=IdentifierKind.PHONE, value=SCAM_NUMBER),
        ]
    )
    reference = await report_service.submit(draft, Reporter(8, "en"))

    outcome = await review.decide(reference, Decision.CONFIRM, OPERATOR)

    assert outcome.official == ("+60378442828",)
    assert await _verdict(checks, "03-7844 2828") == Verdict.OFFICIAL
    assert await _verdict(checks, "012-345 6789") == Verdict.CONFIRMED_SCAM


async def test_undo_restores_the_status_and_withdraws_the_listing(
    review: ReviewService,
    report_service: ReportService,
    make_draft: DraftFactory,
    checks: CheckService,
) -> None:
    reference = await _submit(report_service, make_draft, 9)
    await review.decide(reference, Decision.CONFIRM, OPERATOR)

    outcome = await review.decide(reference, Decision.UNDO, ADMIN)

    assert (outcome.status, outcome.previous) == (ReportStatus.RECEIVED, ReportStatus.CONFIRMED)
    assert await _verdict(checks, "012-345 6789") == Verdict.NO_RECORD
    with pytest.raises(NothingToUndo):
        await review.decide(reference, Decision.UNDO, ADMIN)
    # Open again: a new decision may be taken.
    assert (await review.decide(reference, Decision.NOT_A_SCAM, OPERATOR)).status == (
        ReportStatus.NOT_A_SCAM
    )


async def test_a_report_found_not_to_be_a_scam_no_longer_counts_as_a_reporter(
    review: ReviewService,
    report_service: ReportService,
    make_draft: DraftFactory,
    checks: CheckService,
) -> None:
    first = await _submit(report_service, make_draft, 21)
    await _submit(report_service, make_draft, 22)
    assert await _verdict(checks, "012-345 6789") == Verdict.REPORTED

    await review.decide(first, Decision.NOT_A_SCAM, OPERATOR)

    assert await _verdict(checks, "012-345 6789") == Verdict.NO_RECORD


async def test_someone_who_is_no_operator_changes_nothing_and_is_audited(
    review: ReviewService,
    report_service: ReportService,
    make_draft: DraftFactory,
    unit_of_work: UnitOfWorkFactory,
) -> None:
    reference = await _submit(report_service, make_draft, 31)

    with pytest.raises(NotAnOperator):
        await review.decide(reference, Decision.CONFIRM, STRANGER)

    async with unit_of_work() as uow:
        report = await uow.reports.get_by_reference(reference)
        assert report is not None
        assert report.status == ReportStatus.RECEIVED
        report_id = report.id
    entries = await _audit(unit_of_work)
    assert [(e.action, e.actor, e.detail, e.report_id) for e in entries] == [
        (REFUSED, STRANGER.telegram_id, "confirm", report_id)
    ]


async def test_of_two_operators_deciding_at_once_one_wins(
    review: ReviewService, report_service: ReportService, make_draft: DraftFactory
) -> None:
    reference = await _submit(report_service, make_draft, 41)

    outcomes = await asyncio.gather(
        review.decide(reference, Decision.CONFIRM, OPERATOR),
        review.decide(reference, Decision.NOT_A_SCAM, ADMIN),
        return_exceptions=True,
    )

    decided = [outcome for outcome in outcomes if not isinstance(outcome, BaseException)]
    refused = [outcome for outcome in outcomes if isinstance(outcome, AlreadyDecided)]
    assert len(decided) == 1
    assert len(refused) == 1
    assert refused[0].status == decided[0].status
    assert refused[0].by in (OPERATOR.telegram_id, ADMIN.telegram_id)


async def test_a_duplicate_names_an_existing_other_report(
    review: ReviewService, report_service: ReportService, make_draft: DraftFactory
) -> None:
    original = await _submit(report_service, make_draft, 51)
    repeat = await _submit(report_service, make_draft, 52)

    for wrong in ("WSP-0000-0000", repeat, "not a reference"):
        with pytest.raises(BadOriginal):
            await review.decide(repeat, Decision.DUPLICATE, OPERATOR, wrong)
    outcome = await review.decide(repeat, Decision.DUPLICATE, OPERATOR, original.lower())

    assert outcome.status == ReportStatus.DUPLICATE


async def test_needing_information_then_the_answer_opens_the_report_again(
    review: ReviewService, report_service: ReportService, make_draft: DraftFactory
) -> None:
    reference = await _submit(report_service, make_draft, 61)

    asked = await review.decide(
        reference, Decision.NEEDS_INFORMATION, OPERATOR, "Which bank did you pay into?"
    )
    assert asked.status == ReportStatus.NEEDS_INFORMATION
    answered = await review.answer(reference, 61, "Maybank, account 5140 1234 5678", [])

    assert (answered.status, answered.previous) == (
        ReportStatus.RECEIVED,
        ReportStatus.NEEDS_INFORMATION,
    )
    assert (await review.decide(reference, Decision.CONFIRM, OPERATOR)).status == (
        ReportStatus.CONFIRMED
    )


async def test_no_question_goes_to_a_reporter_who_agreed_to_no_contact(
    review: ReviewService,
    report_service: ReportService,
    make_draft: DraftFactory,
    unit_of_work: UnitOfWorkFactory,
) -> None:
    draft = make_draft(notify_reporter=False, contact_consent=ContactConsent.NONE)
    reference = await report_service.submit(draft, Reporter(81, "ms"))

    with pytest.raises(Unreachable):
        await review.decide(reference, Decision.NEEDS_INFORMATION, OPERATOR, "Which bank?")

    async with unit_of_work() as uow:
        report = await uow.reports.get_by_reference(reference)
        assert report is not None
        assert report.status == ReportStatus.RECEIVED
    actions = [entry.action for entry in await _audit(unit_of_work)]
    assert Decision.NEEDS_INFORMATION not in actions


async def test_a_reporter_who_did_not_ask_to_hear_back_is_not_told(
    review: ReviewService, report_service: ReportService, make_draft: DraftFactory
) -> None:
    reference = await _submit(report_service, make_draft, 71, notify=False)

    outcome = await review.decide(reference, Decision.CONFIRM, OPERATOR)

    # Not told of the decision, though still reachable with a question: they agreed to contact.
    assert outcome.reporter is None
    assert (outcome.reporter_contact, outcome.reporter_language) == (71, "ms")


async def test_operators_are_the_configured_ones_and_those_an_admin_adds(
    review: ReviewService, unit_of_work: UnitOfWorkFactory
) -> None:
    operators = review.operators
    assert await operators.contains(ADMIN.telegram_id)
    assert await operators.contains(OPERATOR.telegram_id)
    assert not await operators.contains(STRANGER.telegram_id)

    with pytest.raises(NotAnOperator):
        await operators.add(OPERATOR, STRANGER.telegram_id)
    assert await operators.add(ADMIN, STRANGER.telegram_id) is True
    assert await operators.contains(STRANGER.telegram_id)
    assert await operators.remove(ADMIN, STRANGER.telegram_id) is True
    assert not await operators.contains(STRANGER.telegram_id)

    entries = await _audit(unit_of_work)
    assert [(e.action, e.actor, e.detail) for e in entries] == [
        (REFUSED, OPERATOR.telegram_id, OPERATOR_ADDED),
        (OPERATOR_ADDED, ADMIN.telegram_id, str(STRANGER.telegram_id)),
        (OPERATOR_REMOVED, ADMIN.telegram_id, str(STRANGER.telegram_id)),
    ]


async def test_in_the_console_the_account_decides_and_is_named_in_the_audit(
    review: ReviewService,
    report_service: ReportService,
    make_draft: DraftFactory,
    unit_of_work: UnitOfWorkFactory,
) -> None:
    accounts = AccountService(unit_of_work)
    await accounts.create("vera", "a viewer's long password", Role.VIEWER)
    await accounts.create("rizal", "a reviewer's long password", Role.REVIEWER, telegram_id=7005)
    reference = await _submit(report_service, make_draft, 91)

    with pytest.raises(NotAnOperator):
        await review.decide(reference, Decision.CONFIRM, Actor(0, Surface.CONSOLE, "vera"))
    outcome = await review.decide(
        reference, Decision.CONFIRM, Actor(7005, Surface.CONSOLE, "rizal")
    )

    assert outcome.status == ReportStatus.CONFIRMED
    entries = [(e.action, e.surface, e.account, e.actor) for e in await _audit(unit_of_work)]
    assert (REFUSED, Surface.CONSOLE, "vera", 0) in entries
    assert (Decision.CONFIRM, Surface.CONSOLE, "rizal", 7005) in entries
