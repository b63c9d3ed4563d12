"""Integration fixtures: report drafts and row counts."""

from collections.abc import Awaitable, Callable
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import func, select

from identifiers.model import IdentifierKind
from reports.draft import DraftEvidence, DraftIdentifier, ReportDraft
from reports.service import Reporter, ReportService
from reports.taxonomy import (
    ContactChannel,
    ContactConsent,
    EvidenceKind,
    ImpersonatedParty,
    IncidentPeriod,
    PaymentMethod,
    ScamType,
)
from storage.models import Base
from storage.uow import UnitOfWorkFactory

DraftFactory = Callable[..., ReportDraft]
RowCounter = Callable[[type[Base]], Awaitable[int]]


def _draft(**overrides: Any) -> ReportDraft:
    fields: dict[str, Any] = {
        "scam_type": ScamType.PHISHING,
        "money_left_recently": True,
        "contact_channel": ContactChannel.SMS,
        "impersonated_party": ImpersonatedParty.BANK,
        "identifiers": [
            DraftIdentifier(kind=IdentifierKind.PHONE, value="+60123456789"),
            DraftIdentifier(
                kind=IdentifierKind.URL, value="https://maybank2u-secure.example/login"
            ),
        ],
        "incident_period": IncidentPeriod.TODAY,
        "incident_date": date(2026, 11, 20),
        "money_lost": True,
        "amount": Decimal("1500.50"),
        "currency": "MYR",
        "payment_method": PaymentMethod.BANK_TRANSFER,
        "description": "Dapat SMS kononnya dari bank, akaun saya disekat.",
        "description_language": "ms",
        "evidence": [
            DraftEvidence(
                kind=EvidenceKind.PHOTO,
                file_id="AgACAgIAAxkBAAI",
                file_unique_id="AQADunique1",
                size=48_213,
                sha256="a" * 64,
                mime_type="image/jpeg",
            ),
            DraftEvidence(
                kind=EvidenceKind.FORWARDED_MESSAGE,
                size=57,
                sha256="b" * 64,
                text="Akaun anda disekat. Log masuk di https://maybank2u-secure.example/login",
            ),
        ],
        "contact_consent": ContactConsent.TELEGRAM,
    }
    fields.update(overrides)
    return ReportDraft(**fields)


@pytest.fixture
def make_draft() -> DraftFactory:
    """A complete phishing draft; keyword arguments replace its fields."""
    return _draft


@pytest.fixture
def reporter() -> Reporter:
    return Reporter(telegram_id=700_100_200, interface_language="ms")


@pytest.fixture
def report_service(unit_of_work: UnitOfWorkFactory) -> ReportService:
    return ReportService(unit_of_work, "MY")


@pytest.fixture
def count_rows(unit_of_work: UnitOfWorkFactory) -> RowCounter:
    """How many rows a table holds, read in a fresh transaction."""

    async def count(model: type[Base]) -> int:
        async with unit_of_work() as uow:
            return int(await uow.session.scalar(select(func.count()).select_from(model)) or 0)

    return count
