"""ReportService against a real database: report and queue message commit together, once."""

import asyncio
import json
import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any, NamedTuple

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from identifiers.model import IdentifierKind
from reports import service as service_module
from reports.draft import (
    MAX_DESCRIPTION_CHARS,
    MAX_EVIDENCE_BYTES,
    MAX_EVIDENCE_ITEMS,
    MAX_IDENTIFIERS,
    DraftEvidence,
    DraftIdentifier,
)
from reports.message import SCHEMA_ID, SUBMITTED_EVENT, validate_report_message
from reports.service import IncompleteReportError, Reporter, ReportService
from reports.taxonomy import EvidenceKind, ReportStatus, ScamType
from storage.lookup import Lookup
from storage.models import Evidence, OutboxMessage, Report, ReportIdentifier
from storage.outbox import OutboxRepository
from storage.reports import ReportRepository
from storage.uow import UnitOfWork, UnitOfWorkFactory
from tests.integration.conftest import DraftFactory, RowCounter

ALL_TABLES = (Report, ReportIdentifier, Evidence, OutboxMessage)


class InjectedFailure(Exception):
    pass


class StoredMessage(NamedTuple):
    idempotency_key: str
    schema: str
    payload: dict[str, Any]
    delivered_at: datetime | None


async def _outbox_rows(unit_of_work: UnitOfWorkFactory) -> list[StoredMessage]:
    async with unit_of_work() as uow:
        rows = await uow.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id))
        return [
            StoredMessage(
                row.idempotency_key, row.schema, json.loads(row.payload), row.delivered_at
            )
            for row in rows
        ]


async def _assert_empty(count_rows: RowCounter) -> None:
    counts = {model.__tablename__: await count_rows(model) for model in ALL_TABLES}
    assert counts == dict.fromkeys(counts, 0)


async def test_submit_stores_report_identifiers_and_evidence(
    report_service: ReportService,
    unit_of_work: UnitOfWorkFactory,
    make_draft: DraftFactory,
    reporter: Reporter,
) -> None:
    draft = make_draft()
    before = datetime.now(UTC)

    reference = await report_service.submit(draft, reporter)

    async with unit_of_work() as uow:
        report = await uow.reports.get_by_reference(reference)
        assert report is not None
        assert report.submission_key == draft.submission_key
        assert report.reporter_telegram_id == reporter.telegram_id
        assert report.interface_language == "ms"
        assert report.country == "MY"
        assert report.status == ReportStatus.RECEIVED
        assert report.scam_type == ScamType.PHISHING
        assert report.money_left_recently is True
        assert report.incident_date == draft.incident_date
        assert report.amount == Decimal("1500.50")
        assert report.currency == "MYR"
        assert report.description == draft.description
        assert report.submitted_at.tzinfo is not None
        assert before - timedelta(seconds=1) <= report.submitted_at <= datetime.now(UTC)
        assert [(i.kind, i.value) for i in report.identifiers] == [
            (i.kind, i.value) for i in draft.identifiers
        ]
        assert [(e.kind, e.file_id, e.size, e.sha256, e.text) for e in report.evidence] == [
            (e.kind, e.file_id, e.size, e.sha256, e.text) for e in draft.evidence
        ]


async def test_submit_writes_one_valid_queue_message_for_the_report(
    report_service: ReportService,
    unit_of_work: UnitOfWorkFactory,
    make_draft: DraftFactory,
    reporter: Reporter,
) -> None:
    draft = make_draft()

    reference = await report_service.submit(draft, reporter)

    rows = await _outbox_rows(unit_of_work)
    assert len(rows) == 1
    row = rows[0]
    assert row.idempotency_key == draft.submission_key
    assert row.schema == SCHEMA_ID
    assert row.delivered_at is None
    payload = row.payload
    validate_report_message(payload)
    assert payload["reference"] == reference
    assert payload["idempotency_key"] == draft.submission_key
    assert [(i["kind"], i["value"], i["country"]) for i in payload["identifiers"]] == [
        ("phone", "+60123456789", "MY"),
        ("url", "https://maybank2u-secure.example/login", None),
    ]
    assert payload["money_lost"] == {
        "amount": "1500.50",
        "currency": "MYR",
        "payment_method": "bank_transfer",
    }
    assert [item["sha256"] for item in payload["evidence"]] == ["a" * 64, "b" * 64]
    assert payload["reporter"] == {"telegram_user_id": reporter.telegram_id, "phone": None}


async def test_draft_without_scam_type_is_refused_and_nothing_is_stored(
    report_service: ReportService,
    make_draft: DraftFactory,
    reporter: Reporter,
    count_rows: RowCounter,
) -> None:
    with pytest.raises(IncompleteReportError):
        await report_service.submit(make_draft(scam_type=None), reporter)

    await _assert_empty(count_rows)


async def test_failing_outbox_insert_leaves_no_report(
    report_service: ReportService,
    make_draft: DraftFactory,
    reporter: Reporter,
    count_rows: RowCounter,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    async def broken_add(*_args: Any, **_kwargs: Any) -> None:
        raise InjectedFailure("outbox insert failed")

    monkeypatch.setattr(OutboxRepository, "add", broken_add)

    with pytest.raises(InjectedFailure):
        await report_service.submit(make_draft(), reporter)

    await _assert_empty(count_rows)


async def test_failing_message_build_leaves_no_report(
    report_service: ReportService,
    make_draft: DraftFactory,
    reporter: Reporter,
    count_rows: RowCounter,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken_build(*_args: Any, **_kwargs: Any) -> dict[str, Any]:
        raise InjectedFailure("message does not validate")

    monkeypatch.setattr(service_module, "build_report_message", broken_build)

    with pytest.raises(InjectedFailure):
        await report_service.submit(make_draft(), reporter)

    await _assert_empty(count_rows)


async def test_outbox_key_clash_in_the_database_rolls_the_report_back(
    report_service: ReportService,
    unit_of_work: UnitOfWorkFactory,
    make_draft: DraftFactory,
    reporter: Reporter,
    count_rows: RowCounter,
) -> None:
    """The database itself refuses the message (unique key): the report goes with it."""
    draft = make_draft()
    async with unit_of_work() as uow:
        await uow.outbox.add(draft.submission_key, SCHEMA_ID, {"stray": True}, SUBMITTED_EVENT)
        await uow.commit()

    with pytest.raises(IntegrityError):
        await report_service.submit(draft, reporter)

    assert await count_rows(Report) == 0
    assert await count_rows(ReportIdentifier) == 0
    assert await count_rows(Evidence) == 0
    assert [row.payload for row in await _outbox_rows(unit_of_work)] == [{"stray": True}]


async def test_report_the_database_refuses_leaves_no_queue_message(
    report_service: ReportService,
    unit_of_work: UnitOfWorkFactory,
    make_draft: DraftFactory,
    reporter: Reporter,
    count_rows: RowCounter,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Another process took the reference between the check and the insert."""
    taken = await report_service.submit(make_draft(), reporter)
    first_message = await _outbox_rows(unit_of_work)

    async def reference_looks_free(_self: ReportRepository, _reference: str) -> bool:
        return False

    monkeypatch.setattr(ReportRepository, "reference_exists", reference_looks_free)
    monkeypatch.setattr(service_module, "new_reference", lambda: taken)

    with pytest.raises(IntegrityError):
        await report_service.submit(make_draft(), reporter)

    assert await count_rows(Report) == 1
    assert await count_rows(ReportIdentifier) == 2
    assert await count_rows(Evidence) == 2
    assert [row.idempotency_key for row in await _outbox_rows(unit_of_work)] == [
        first_message[0].idempotency_key
    ]


async def test_failure_at_commit_leaves_neither_report_nor_message(
    report_service: ReportService,
    make_draft: DraftFactory,
    reporter: Reporter,
    count_rows: RowCounter,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Both rows were flushed; without the commit neither may survive."""

    async def broken_commit(_self: UnitOfWork) -> None:
        raise InjectedFailure("connection lost at commit")

    monkeypatch.setattr(UnitOfWork, "commit", broken_commit)

    with pytest.raises(InjectedFailure):
        await report_service.submit(make_draft(), reporter)

    await _assert_empty(count_rows)


async def test_submitting_the_same_draft_twice_stores_it_once(
    report_service: ReportService,
    unit_of_work: UnitOfWorkFactory,
    make_draft: DraftFactory,
    reporter: Reporter,
    count_rows: RowCounter,
) -> None:
    draft = make_draft()

    first = await report_service.submit(draft, reporter)
    second = await report_service.submit(draft.model_copy(deep=True), reporter)

    assert second == first
    assert await count_rows(Report) == 1
    assert await count_rows(ReportIdentifier) == 2
    assert await count_rows(Evidence) == 2
    rows = await _outbox_rows(unit_of_work)
    assert [(row.idempotency_key, row.payload["reference"]) for row in rows] == [
        (draft.submission_key, first)
    ]


async def test_a_double_tap_submitting_concurrently_stores_it_once(
    report_service: ReportService,
    unit_of_work: UnitOfWorkFactory,
    make_draft: DraftFactory,
    reporter: Reporter,
    count_rows: RowCounter,
    monkeypatch: pytest.MonkeyPatch,
    database_url: str,
) -> None:
    """Two updates for the same confirmation are handled at once (webhook mode handles
    requests concurrently; at scale several bot processes share one database).

    Both pass the "already submitted?" check before either inserts; both must still get
    the one reference, and one report and one message must be stored.
    """
    if database_url.startswith("sqlite"):
        pytest.skip("SQLite runs one transaction at a time (one connection, BEGIN IMMEDIATE)")
    both_checked = asyncio.Barrier(2)
    original = ReportRepository.reference_for_submission
    calls = 0

    async def check_then_wait(self: ReportRepository, submission_key: str) -> str | None:
        nonlocal calls
        calls += 1
        found = await original(self, submission_key)
        if calls <= 2:
            await asyncio.wait_for(both_checked.wait(), timeout=10)
        return found

    monkeypatch.setattr(ReportRepository, "reference_for_submission", check_then_wait)
    draft = make_draft()

    first, second = await asyncio.wait_for(
        asyncio.gather(
            report_service.submit(draft, reporter),
            report_service.submit(draft.model_copy(deep=True), reporter),
        ),
        timeout=30,
    )

    assert first == second
    assert await count_rows(Report) == 1
    assert [row.idempotency_key for row in await _outbox_rows(unit_of_work)] == [
        draft.submission_key
    ]


async def test_different_drafts_get_different_references_and_messages(
    report_service: ReportService,
    unit_of_work: UnitOfWorkFactory,
    make_draft: DraftFactory,
    reporter: Reporter,
) -> None:
    drafts = [make_draft(submission_key=str(uuid.uuid4())) for _ in range(3)]

    references = [await report_service.submit(draft, reporter) for draft in drafts]

    assert len(set(references)) == 3
    rows = await _outbox_rows(unit_of_work)
    assert [(row.idempotency_key, row.payload["reference"]) for row in rows] == [
        (draft.submission_key, reference)
        for draft, reference in zip(drafts, references, strict=True)
    ]


async def test_a_report_of_maximum_size_is_stored_whole_and_found_again(
    report_service: ReportService,
    unit_of_work: UnitOfWorkFactory,
    lookup: Lookup,
    make_draft: DraftFactory,
    reporter: Reporter,
) -> None:
    # A phishing link hidden behind the words of a message can be longer than a message.
    long_links = [
        f"https://login.bank-{n}.example/" + "p" * 8192 + f"?session={n}"
        for n in range(MAX_IDENTIFIERS)
    ]
    evidence = [
        DraftEvidence(
            kind=EvidenceKind.DOCUMENT,
            file_id="F" * 1024 + str(n),
            file_unique_id="U" * 512 + str(n),
            size=MAX_EVIDENCE_BYTES,
            sha256=f"{n:064x}",
            mime_type="application/vnd." + "x" * 300,
        )
        for n in range(MAX_EVIDENCE_ITEMS)
    ]
    draft = make_draft(
        identifiers=[DraftIdentifier(kind=IdentifierKind.URL, value=v) for v in long_links],
        evidence=evidence,
        description="ก" * MAX_DESCRIPTION_CHARS,
    )

    reference = await report_service.submit(draft, reporter)

    async with unit_of_work() as uow:
        report = await uow.reports.get_by_reference(reference)
        assert report is not None
        assert [i.value for i in report.identifiers] == long_links
        assert [(e.file_id, e.file_unique_id, e.mime_type) for e in report.evidence] == [
            (e.file_id, e.file_unique_id, e.mime_type) for e in evidence
        ]
        assert report.description == draft.description
    [message] = await _outbox_rows(unit_of_work)
    validate_report_message(message.payload)
    async with lookup.reading() as reader:
        facts = await reader.facts(IdentifierKind.URL, long_links[-1])
    assert facts.reporters == 1
